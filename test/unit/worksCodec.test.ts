import * as assert from 'assert';
import { batchRanges, decodeBatch, decodeWorks, decodeWorkSteps, encodeBatch, packWorks } from '../../src/bibliography/worksCodec';
import { Paper } from '../../src/core/model';
import { fingerprintSteps } from '../../src/core/search/searchIndex';
import { runToCompletion } from '../../src/core/search/steps';
import { rememberWorkHashes, workHash } from '../../src/core/search/workHashes';

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
  });

  it('carry each work hash, which the fingerprint then uses rather than reading the works again, and which equals a fresh one', () => {
    const works = Array.from({ length: 40 }, (_, i) => work(`k${i}`, { year: 2000 + i, authors: [{ family: `Family${i}` }], abstract: { text: `Abstract ${i} `.repeat(20), kind: 'abstract' } }));
    const { papers, hashes } = runToCompletion(decodeWorkSteps(packWorks(works, 16)));
    assert.deepStrictEqual(hashes, works.map(workHash));
    const fresh = runToCompletion(fingerprintSteps(structuredClone(works)));
    rememberWorkHashes(papers, Float64Array.from(hashes));
    assert.strictEqual(runToCompletion(fingerprintSteps(papers)), fresh);
    // Proof that the remembered hashes are what it read: other hashes give another fingerprint.
    rememberWorkHashes(papers, Float64Array.from(hashes, (hash) => hash + 1));
    assert.notStrictEqual(runToCompletion(fingerprintSteps(papers)), fresh);
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
    for (const broken of [bytes.subarray(0, bytes.length - 1), new Uint8Array(10), flipped(0), flipped(8)]) {
      assert.throws(() => decodeBatch(broken), RangeError);
    }
    assert.throws(() => decodeWorks(packWorks([{ key: 'no title', themes: [], origin: { kind: 'corpus' } } as unknown as Paper])), RangeError);
  });
});
