import * as assert from 'assert';
import { PackedWorkList } from '../../src/bibliography/packedWorkList';
import { decodeWorks, PackedWorks, packWorks, SharedStrings } from '../../src/bibliography/worksCodec';
import { Paper } from '../../src/core/model';
import { runToCompletion } from '../../src/core/search/steps';
import { workHash } from '../../src/core/search/workHashes';

const origin = { kind: 'user' as const, file: '/refs.bib', line: 7, entryType: 'article' };
const work = (key: string, extra: Partial<Paper> = {}): Paper => ({ key, type: 'article', title: `Title of ${key}`, themes: ['t1'], origin, ...extra });

function listOf(...pieces: PackedWorks[]): PackedWorkList {
  const list = new PackedWorkList();
  for (const piece of pieces) runToCompletion(list.addSteps(piece));
  return list;
}

function everyWork(list: PackedWorkList): Paper[] {
  return Array.from({ length: list.length }, (_, i) => list.at(i));
}

const keysOf = (value: unknown): unknown => Array.isArray(value) ? value.map(keysOf)
  : typeof value === 'object' && value !== null ? Object.entries(value).map(([key, item]) => [key, keysOf(item)]) : value;

describe('packed work list', () => {
  const odd = JSON.parse('{"__proto__": "a field of that name", "constructor": "x"}') as Record<string, string>;
  const works: Paper[] = [
    work('ascii2020', { authors: [{ family: 'Smith', given: 'Jo' }, { literal: 'NHS England' }], year: 2020, abstract: { text: 'A'.repeat(5000), kind: 'abstract' } }),
    work('wide', { title: 'Łódź — “quoted” 東京 😀', themes: ['t2', 't1'], authors: [{ literal: 'Ñandú Müller' }], extraFields: odd }),
    work('surrogate', { title: 'lone \ud800 high, lone \udc00 low', note: '', themes: [] }),
    work('numbers', { year: -44, volume: undefined, sources: { a: '1.5' }, editors: [{ family: 'F', given: 'G', suffix: 'Jr.' }] }),
    { key: 'unordered', title: 'Made in another order', themes: ['t1'], origin: { file: '/other.bib', kind: 'user', entryType: 'book', line: 1 } as Paper['origin'], year: 1.5 },
    { key: 'corpusLike', title: 'From elsewhere', themes: ['t2'], origin: { kind: 'corpus' } },
  ];

  it('makes each work equal to what decoding gives, property order included, and the same object each time', () => {
    const list = listOf(packWorks(works, 4));
    const made = everyWork(list);
    assert.deepStrictEqual(made, decodeWorks(packWorks(works, 4)));
    assert.deepStrictEqual(made, works);
    assert.deepStrictEqual(keysOf(made), keysOf(works), 'same names in the same order, at every level');
    assert.strictEqual(Object.getPrototypeOf(made[1].extraFields), Object.prototype, '__proto__ is an own field, not the prototype');
    assert.ok(Object.hasOwn(made[3], 'volume'), 'an own property holding undefined stays one');
    made.forEach((paper, i) => assert.strictEqual(list.at(i), paper));
    assert.throws(() => list.at(works.length), RangeError);
    assert.throws(() => list.at(-1), RangeError);
  });

  it('knows every key, theme list, origin and hash without making a work', () => {
    const list = listOf(packWorks(works, 4));
    assert.strictEqual(list.length, works.length);
    assert.deepStrictEqual(Array.from({ length: list.length }, (_, i) => list.keyAt(i)), works.map((paper) => paper.key));
    assert.deepStrictEqual(Array.from({ length: list.length }, (_, i) => [...list.themesAt(i)]), works.map((paper) => paper.themes));
    assert.deepStrictEqual(Array.from({ length: list.length }, (_, i) => list.isUserWork(i)), works.map((paper) => paper.origin.kind === 'user'));
    assert.deepStrictEqual([...list.workHashes()], works.map(workHash));
    assert.strictEqual(list.themesAt(0), list.themesAt(3), 'works of the same themes share one list');
    assert.ok(Object.isFrozen(list.themesAt(0)));
    assert.strictEqual(list.madeCount, 0, 'no work made to read those');
    assert.notStrictEqual(list.at(0).themes, list.themesAt(0), 'a made work has a list of its own');
    list.at(0);
    assert.strictEqual(list.madeCount, 1, 'a work is made once');
  });

  it('reads shared strings across the batches and pieces of a load, in whatever order the works are asked for', () => {
    const many = Array.from({ length: 30 }, (_, i) => work(`k${i}`, {
      venue: i % 3 ? 'Health Care Management Review' : `Journal ${i}`, authors: [{ family: i % 4 ? 'Müller' : 'Łukasiewicz', given: i % 2 ? 'Ann' : 'Łucja' }],
      themes: i % 2 ? ['t1', 't2'] : ['t3'],
    }));
    const strings = new SharedStrings();
    const pieces = [packWorks(many.slice(0, 10), 4, strings), packWorks(many.slice(10), 4, strings)];
    const backwards = listOf(...pieces);
    for (let i = many.length - 1; i >= 0; i--) assert.deepStrictEqual(backwards.at(i), many[i]);
    // Past the strings it keeps track of, a batch starts sharing afresh.
    const small = new SharedStrings(5);
    assert.deepStrictEqual(everyWork(listOf(packWorks(many.slice(0, 10), 2, small), packWorks(many.slice(10), 3, small))), many);
    // The second piece alone, the pieces swapped, or the second piece of another load: refused, not read wrongly.
    assert.throws(() => listOf(pieces[1]), RangeError);
    assert.throws(() => listOf(pieces[1], pieces[0]), RangeError);
    const other = new SharedStrings();
    packWorks([work('a'), work('b')], 4, other);
    assert.throws(() => listOf(pieces[0], packWorks(many.slice(10), 4, other)), RangeError);
    assert.deepStrictEqual(everyWork(listOf(pieces[0], packWorks(many.slice(10), 4))), many);
  });

  it('walks a few works per step', () => {
    const steps = new PackedWorkList().addSteps(packWorks(Array.from({ length: 1000 }, (_, i) => work(`k${i}`)), 1000));
    let yields = 0;
    while (!steps.next().done) yields++;
    assert.ok(yields >= 10, `${yields} steps for 1000 works in one batch`);
  });

  it('refuses what is not a list of works, and never accepts bytes it would then fail to make a work from', () => {
    assert.throws(() => listOf(packWorks([{ key: 'no title', themes: [], origin: { kind: 'user' } } as unknown as Paper])), RangeError);
    assert.throws(() => listOf(packWorks([{ key: 'x', title: 't', themes: [1], origin: origin } as unknown as Paper])), RangeError);
    assert.throws(() => listOf(packWorks([{ key: 'x', title: 't', themes: [], origin: null } as unknown as Paper])), RangeError);
    const packed = packWorks(works.slice(1), 2);
    // Every single byte altered: the list either refuses the bytes, or makes what decoding them makes.
    let refused = 0;
    for (let at = 0; at < packed.bytes.length; at++) {
      const bytes = packed.bytes.slice();
      bytes[at] ^= 0x5a;
      let list: PackedWorkList;
      try {
        list = listOf({ bytes, batches: packed.batches });
      } catch (error) {
        assert.ok(error instanceof RangeError, `byte ${at}: ${String(error)}`);
        refused++;
        continue;
      }
      assert.deepStrictEqual(everyWork(list), decodeWorks({ bytes, batches: packed.batches }), `byte ${at}`);
    }
    assert.ok(refused > packed.bytes.length / 3, `${refused} of ${packed.bytes.length} alterations refused`);
  });
});
