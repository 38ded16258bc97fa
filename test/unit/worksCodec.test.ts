import * as assert from 'assert';
import { batchRanges, decodeBatch, decodeWorks, decodeWorkSteps, encodeBatch, packWorks, SharedStrings } from '../../src/bibliography/worksCodec';
import { Paper } from '../../src/core/model';
import { fingerprintSteps } from '../../src/core/search/searchIndex';
import { runToCompletion } from '../../src/core/search/steps';
import { workHash } from '../../src/core/search/workHashes';

const work = (key: string, extra: Partial<Paper> = {}): Paper => ({ key, title: `Title of ${key}`, themes: [], origin: { kind: 'user', file: '/refs.bib', line: 1, entryType: 'article' }, ...extra });

describe('packed works', () => {
  it('give back equal works, with property order, wide and odd strings, numbers and undefined kept', () => {
    const odd = JSON.parse('{"__proto__": "a field of that name", "constructor": "x"}') as Record<string, string>;
    const works = [
      work('ascii2020', { authors: [{ family: 'Smith', given: 'Jo' }], year: 2020, abstract: { text: 'A'.repeat(5000), kind: 'abstract' } }),
      work('wide', { title: 'Łódź — “quoted” 東京 😀', authors: [{ literal: 'Ñandú Müller' }], extraFields: odd }),
      work('surrogate', { title: 'lone \ud800 high, lone \udc00 low', note: '' }),
      work('numbers', { year: -44, volume: undefined, sources: { a: '1.5' } }),
    ];
    const odder = { float: 1.5, negativeZero: -0, big: 2 ** 40, nan: NaN, truth: true, lie: false, nothing: null, list: [[], [1, [2]]] };
    const [decoded, values] = [decodeWorks(packWorks(works, 3)), decodeBatch(encodeBatch([odder]))[0]];
    assert.deepStrictEqual(decoded, works);
    assert.deepStrictEqual(decoded.map((paper) => Object.keys(paper)), works.map((paper) => Object.keys(paper)));
    assert.ok(Object.hasOwn(decoded[3], 'volume'), 'an own property holding undefined stays one');
    assert.strictEqual(Object.getPrototypeOf(decoded[1].extraFields), Object.prototype, '__proto__ is an own field, not the prototype');
    assert.strictEqual(decoded[1].extraFields!.__proto__, 'a field of that name');
    assert.deepStrictEqual(values, odder);
    assert.ok(Object.is((values as typeof odder).negativeZero, -0));
    const shared = packWorks(works, 3, undefined, true);
    assert.ok(shared.bytes.buffer instanceof SharedArrayBuffer, 'packed in shared memory when asked');
    assert.deepStrictEqual(decodeWorks(shared), works);
  });

  it('give back objects of every shape as they were: names in any order, none, many, odd ones; lists of every short length', () => {
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`field${i}`, i % 2 ? `v${i}` : i]));
    const odd = JSON.parse('{"2": "index first", "constructor": 1, "toString": "s", "get": [], "a\u2028b": "", "\ud800": "lone", "": "empty name"}') as object;
    const values = [
      { a: 1, b: 'x' }, { b: 'x', a: 1 }, { a: 1 }, {}, many, odd, { nested: { a: { b: { c: [{}] } } } },
      ...Array.from({ length: 10 }, (_, length) => Array.from({ length }, (_, i) => (i % 3 === 0 ? `s${i}` : i % 3 === 1 ? { i } : [i]))),
      ['', 'x'.repeat(12), 'y'.repeat(13), 'z'.repeat(64), 'w'.repeat(65), '\u00ff\u0100', '\ud83d\ude00', '\udc00\ud800', undefined, null],
    ];
    const decoded = decodeBatch(encodeBatch([...values, ...values]));
    assert.deepStrictEqual(decoded, [...values, ...values]);
    const keysOf = (value: unknown): unknown => Array.isArray(value) ? value.map(keysOf)
      : typeof value === 'object' && value !== null ? Object.entries(value).map(([key, item]) => [key, keysOf(item)]) : value;
    assert.deepStrictEqual(keysOf(decoded), keysOf([...values, ...values]), 'same names in the same order, at every level');
    for (const object of decoded.filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value))) {
      assert.strictEqual(Object.getPrototypeOf(object), Object.prototype);
    }
  });

  it('give back works of the shapes made as literals (a work as the reader makes it, people, origin, abstract) as they were', () => {
    const origin = { kind: 'user' as const, file: '/refs.bib', line: 7, entryType: 'article' };
    const read = (key: string, rest: Partial<Paper>): Paper => ({ key, type: 'article', title: `Title of ${key}`, themes: ['t1'], origin, ...rest });
    const odd = JSON.parse('{"key": "k", "type": "misc", "title": "", "themes": [], "origin": {}, "__proto__": "own"}') as Paper;
    const works = [
      read('full', { authors: [{ family: 'Smith', given: 'Jo' }, { family: 'Lee' }, { literal: 'NHS England' }], year: 2020, abstract: { text: 'Text', kind: 'abstract' } }),
      read('bare', {}),
      read('people', { editors: [{ given: 'Given first', family: 'Then family' }, { family: 'F', given: 'G', suffix: 'Jr.' }] }),
      { ...read('reordered', {}), origin: { file: '/other.bib', kind: 'user', entryType: 'book', line: 1 } as Paper['origin'] },
      odd,
    ];
    const decoded = decodeWorks(packWorks(works, 2));
    assert.deepStrictEqual(decoded, works);
    const keysOf = (value: unknown): unknown => Array.isArray(value) ? value.map(keysOf)
      : typeof value === 'object' && value !== null ? Object.entries(value).map(([key, item]) => [key, keysOf(item)]) : value;
    assert.deepStrictEqual(keysOf(decoded), keysOf(works), 'same names in the same order, at every level');
    assert.strictEqual(Object.getPrototypeOf(decoded[4]), Object.prototype, '__proto__ after the first five is an own field');
    assert.strictEqual((decoded[4] as unknown as Record<string, unknown>).__proto__, 'own');
  });

  it('keep a field named __proto__ as an own property, never the prototype', () => {
    const odd = JSON.parse('{"__proto__": "p", "x": 1}') as Record<string, unknown>;
    const works = [1, 2, 3].map((i) => work(`k${i}`, { extraFields: odd as Record<string, string> }));
    const decoded = decodeWorks(packWorks(works, 2));
    assert.deepStrictEqual(decoded, works);
    for (const paper of decoded) {
      assert.strictEqual(Object.getPrototypeOf(paper.extraFields), Object.prototype);
      assert.deepStrictEqual(Object.getOwnPropertyDescriptor(paper.extraFields, '__proto__')?.value, 'p');
    }
  });

  it('share a repeated string across the batches and pieces of a load, and refuse batches out of order or of another load', () => {
    const works = Array.from({ length: 30 }, (_, i) => work(`k${i}`, {
      venue: i % 3 ? 'Health Care Management Review' : `Journal ${i}`, authors: [{ family: 'Müller', given: i % 2 ? 'Ann' : 'Łucja' }],
      abstract: { text: `Long and repeated ${'x'.repeat(80)}`, kind: 'abstract' },
    }));
    const strings = new SharedStrings();
    const pieces = [packWorks(works.slice(0, 10), 4, strings), packWorks(works.slice(10), 4, strings)];
    const decoded = decodeWorks(...pieces);
    assert.deepStrictEqual(decoded, works);
    // Which string object a field holds cannot be seen from JavaScript; the bytes show what was written once.
    const size = (list: { bytes: Uint8Array }[]) => list.reduce((total, piece) => total + piece.bytes.length, 0);
    const batchByBatch = size(Array.from({ length: 8 }, (_, k) => packWorks(works.slice(4 * k, 4 * k + 4), 4)));
    const venueAndNames = Buffer.byteLength('Health Care Management ReviewMüllerAnnŁucja/refs.bib');
    assert.ok(size(pieces) <= batchByBatch - 5 * venueAndNames, `${size(pieces)} bytes shared, ${batchByBatch} batch by batch`);
    // Past the strings it keeps track of, a batch starts sharing afresh: still the same works.
    const small = new SharedStrings(5);
    assert.deepStrictEqual(decodeWorks(packWorks(works.slice(0, 10), 2, small), packWorks(works.slice(10), 3, small)), works);
    // The second piece alone, the pieces swapped, or the second piece of another load: refused, not decoded wrongly.
    assert.throws(() => decodeWorks(pieces[1]), RangeError);
    assert.throws(() => decodeWorks(pieces[1], pieces[0]), RangeError);
    const other = new SharedStrings();
    packWorks([work('a'), work('b')], 4, other);
    assert.throws(() => decodeWorks(pieces[0], packWorks(works.slice(10), 4, other)), RangeError);
    // A batch that shares from zero stands alone, whatever came before it.
    assert.deepStrictEqual(decodeWorks(pieces[0], packWorks(works.slice(10), 4)), works);
  });

  it('carry each work hash, which the fingerprint then uses rather than reading the works again, and which equals a fresh one', () => {
    const works = Array.from({ length: 40 }, (_, i) => work(`k${i}`, { year: 2000 + i, authors: [{ family: `Family${i}` }], abstract: { text: `Abstract ${i} `.repeat(20), kind: 'abstract' } }));
    const { papers, hashes } = runToCompletion(decodeWorkSteps(packWorks(works, 16)));
    assert.deepStrictEqual(hashes, works.map(workHash));
    const fresh = runToCompletion(fingerprintSteps(structuredClone(works)));
    assert.strictEqual(runToCompletion(fingerprintSteps(papers, Float64Array.from(hashes))), fresh);
    // Proof that the hashes passed are what it read: other hashes give another fingerprint.
    assert.notStrictEqual(runToCompletion(fingerprintSteps(papers, Float64Array.from(hashes, (hash) => hash + 1))), fresh);
    // Hashes of another length are not the works' and are not read.
    assert.strictEqual(runToCompletion(fingerprintSteps(papers, Float64Array.from(hashes).slice(1))), fresh);
    assert.notStrictEqual(runToCompletion(fingerprintSteps(decodeWorks(packWorks(works.slice(1), 16)))), fresh);
  });

  it('decode a few works per step, so a slice of decoding can stop close to its time', () => {
    const steps = decodeWorkSteps(packWorks(Array.from({ length: 1000 }, (_, i) => work(`k${i}`)), 1000));
    let yields = 0;
    while (!steps.next().done) yields++;
    assert.ok(yields >= 10, `${yields} steps for 1000 works in one batch`);
  });

  it('split into batches that each start on a 4-byte boundary', () => {
    const packed = packWorks(Array.from({ length: 7 }, (_, i) => work(`k${i}é`.repeat(i + 1))), 2);
    const ranges = batchRanges(packed);
    assert.strictEqual(ranges.length, 4);
    for (const [start] of ranges) assert.strictEqual(start % 4, 0);
    assert.deepStrictEqual(decodeWorks(packed).map((paper) => paper.key), Array.from({ length: 7 }, (_, i) => `k${i}é`.repeat(i + 1)));
  });

  it('refuse truncated, altered or foreign bytes, and items that are not works', () => {
    const bytes = encodeBatch([work('a'), work('b')]);
    const flipped = (at: number) => {
      const copy = bytes.slice();
      copy[at] ^= 0xff;
      return copy;
    };
    const previousFormat = bytes.slice();
    new DataView(previousFormat.buffer).setUint32(0, 0x4e574b31, true);
    for (const broken of [bytes.subarray(0, bytes.length - 1), new Uint8Array(10), flipped(0), flipped(8), previousFormat]) {
      assert.throws(() => decodeBatch(broken), RangeError);
    }
    // A shape naming a property twice (no object has one), or an object of a shape the batch does not list.
    const twoNames = encodeBatch([{ a: 1, b: 2 }]);
    const at = Buffer.from(twoNames).indexOf('"b"');
    twoNames[at + 1] = 'a'.charCodeAt(0);
    assert.throws(() => decodeBatch(twoNames), RangeError);
    const ints = encodeBatch([{ a: 1 }]);
    const shapeAt = Buffer.from(ints).indexOf(Buffer.from(new Int32Array([3, 0]).buffer));
    new DataView(ints.buffer).setInt32(shapeAt + 4, 1, true);
    assert.throws(() => decodeBatch(ints), RangeError);
    assert.throws(() => decodeWorks(packWorks([{ key: 'no title', themes: [], origin: { kind: 'corpus' } } as unknown as Paper])), RangeError);
  });
});
