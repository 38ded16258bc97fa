import * as assert from 'assert';
import fc from 'fast-check';
import { closestKeys, KeyMatcher, KeySource, LibraryKeyMatcher, maxEditsFor, subsequenceRuns } from '../../src/core/closestKeys';

/** The textbook optimal string alignment distance, unbounded: the reference the fast version must agree with. */
function osa(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

const CORPUS_KEYS = [
  'CoproductiveHealthLeadership',
  'shapiroLeadershipNHS2011',
  'nicolBarriersDoctorsSuccessfully2016',
  'nicolsonLeadershipBetterPatient2011',
  'PublicHealthLeadership',
  'colemanLeadershipHealthCommissioning2015',
  'edmonstoneWhitherElephantContinuing2014',
  'martinCriticalAccountRise2012',
  'westDevelopingCollectiveLeadership2014',
];

describe('closestKeys', () => {
  it('finds exactly the keys a brute-force search finds within the edit bound, nearest first', () => {
    const letter = fc.constantFrom('a', 'b', 'c', 'A');
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ unit: letter, minLength: 1, maxLength: 7 }), { maxLength: 40 }), fc.string({ unit: letter, minLength: 1, maxLength: 7 }), fc.integer({ min: 1, max: 6 }), (keys, query, limit) => {
        const bound = maxEditsFor(query.length);
        const expected = keys
          .filter((key) => key !== query)
          .map((key) => osa(key.toLowerCase(), query.toLowerCase()))
          .filter((distance) => distance <= bound)
          .sort((a, b) => a - b)
          .slice(0, limit);
        const typos = closestKeys(query, keys, limit).filter((match) => match.distance !== undefined);
        assert.deepStrictEqual(typos.map((match) => match.distance), expected);
        for (const match of typos) assert.strictEqual(osa(match.key.toLowerCase(), query.toLowerCase()), match.distance);
      }),
      { numRuns: 2000 },
    );
  });

  it('counts a swap of adjacent letters as one edit', () => {
    assert.deepStrictEqual(closestKeys('leaderhsip', ['leadership']), [{ key: 'leadership', distance: 1 }]);
  });

  it('suggests the key one typo away', () => {
    assert.deepStrictEqual(closestKeys('shapiroLeadershipNHS2012', CORPUS_KEYS, 3)[0], { key: 'shapiroLeadershipNHS2011', distance: 1 });
    assert.strictEqual(closestKeys('westDevelopingColletiveLeadership2014', CORPUS_KEYS)[0].key, 'westDevelopingCollectiveLeadership2014');
    assert.strictEqual(closestKeys('martinCriticalAccoutnRise2012', CORPUS_KEYS)[0].key, 'martinCriticalAccountRise2012');
  });

  it('treats a difference of case alone as the nearest miss', () => {
    assert.deepStrictEqual(closestKeys('ShapiroLeadershipNHS2011', CORPUS_KEYS)[0], { key: 'shapiroLeadershipNHS2011', distance: 0 });
  });

  it('finds the full key from a shortened author-year key', () => {
    assert.deepStrictEqual(closestKeys('shapiro2011', CORPUS_KEYS), [{ key: 'shapiroLeadershipNHS2011' }]);
    assert.strictEqual(closestKeys('nicol2016', CORPUS_KEYS)[0].key, 'nicolBarriersDoctorsSuccessfully2016');
  });

  it('ranks typo matches before abbreviations, and nearer typos first', () => {
    const keys = ['smith2020', 'smith2021', 'smithOrganisationalCulture2020', 'smyth2020'];
    assert.deepStrictEqual(closestKeys('smith2020x', keys, 4).map((m) => m.key), ['smith2020', 'smith2021', 'smyth2020']);
    assert.deepStrictEqual(closestKeys('smith202', keys, 4).map((m) => m.key), ['smith2020', 'smith2021', 'smyth2020', 'smithOrganisationalCulture2020']);
  });

  it('offers nothing for a key unlike any other', () => {
    assert.deepStrictEqual(closestKeys('zzqx', CORPUS_KEYS), []);
    assert.deepStrictEqual(closestKeys('', CORPUS_KEYS), []);
  });

  it('never offers more than the limit, nor the query itself', () => {
    const keys = ['ab1', 'ab2', 'ab3', 'ab4', 'ab5'];
    const matches = closestKeys('ab1', keys, 3);
    assert.strictEqual(matches.length, 3);
    assert.ok(!matches.some((m) => m.key === 'ab1'));
  });

  it('breaks ties the same way whatever the order of the keys', () => {
    const keys = ['kay2020', 'key2021', 'key2019', 'kex2020', 'keys2020'];
    const reversed = [...keys].reverse();
    assert.deepStrictEqual(closestKeys('key2020', keys, 3), closestKeys('key2020', reversed, 3));
  });

  it('allows fewer edits for short keys than for long ones', () => {
    assert.ok(maxEditsFor(3) < maxEditsFor(6));
    assert.ok(maxEditsFor(6) < maxEditsFor(20));
    assert.deepStrictEqual(closestKeys('abc', ['xyz', 'abd']).map((m) => m.key), ['abd']);
  });

  it('counts the runs of a subsequence, and rejects what is not one', () => {
    assert.strictEqual(subsequenceRuns('shapiro2011', 'shapiroleadershipnhs2011'), 2);
    assert.strictEqual(subsequenceRuns('abc', 'abc'), 1);
    assert.strictEqual(subsequenceRuns('abd', 'abc'), Infinity);
  });

  it('finds a typo and a case change among 100,000 generated keys', function () {
    this.timeout(60000);
    const words = ['leadership', 'nhs', 'health', 'care', 'clinical', 'collective', 'policy', 'reform', 'nursing', 'quality', 'safety', 'culture', 'change', 'management', 'trust', 'board'];
    // mulberry32: a seeded generator, so the library is the same on every run.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const names = Array.from({ length: 3000 }, () => Array.from({ length: 4 + random(6) }, () => 'abcdefghijklmnopqrstuvwxyz'[random(26)]).join(''));
    const keys: string[] = [];
    for (let i = 0; i < 100000; i++) {
      const title = Array.from({ length: 1 + random(3) }, () => words[random(words.length)]).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
      keys.push(`${names[random(names.length)]}${title}${1990 + random(35)}`);
    }
    const matcher = KeyMatcher.of(keys);
    const queries = [keys[500].slice(0, -1) + 'q', keys[77777].toUpperCase(), 'shapiro2011', 'zzzzzzzzzzzzzzzzzzzz', 'westCollectiveLeadershp2014'];
    // Speed is measured by the benchmark (npm run bench), never asserted here.
    for (const query of queries) assert.ok(Array.isArray(matcher.closest(query)));
    assert.strictEqual(matcher.closest(queries[0])[0].key, keys[500]);
    assert.strictEqual(matcher.closest(queries[1])[0].key, keys[77777]);
  });
});

describe('closest keys of a changing library', () => {
  const keysOf = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ key: `${prefix}${String(i).padStart(5, '0')}` }));

  /** A library whose works can be replaced, telling its listeners as Library does. */
  function changingLibrary(works: { key: string }[]): KeySource<{ key: string }> & { replace(next: { key: string }[]): void } {
    const listeners = new Set<() => void>();
    return {
      works: () => ({ length: works.length, keyAt: (index) => works[index].key }),
      lookup: (key) => works.find((work) => work.key === key),
      onDidChange: (listener) => (listeners.add(listener), { dispose: () => listeners.delete(listener) }),
      replace(next) {
        works = next;
        for (const listener of listeners) listener();
      },
    };
  }

  it('builds the index in many small steps, to the same index as at once', () => {
    const keys = keysOf('smithLeadership', 20_000).map((work) => work.key);
    const steps = KeyMatcher.build(keys);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    assert.ok(yields > 20, `${yields} yields`);
    for (const query of ['smithLeadersip00042', 'SMITHLEADERSHIP12345', 'smith123']) {
      assert.deepStrictEqual(next.value.closest(query), KeyMatcher.of(keys).closest(query), query);
    }
  });

  it('answers from the keys as they stand when the library changes while its index is built', async () => {
    const library = changingLibrary(keysOf('westCollective', 30_000));
    const matcher = new LibraryKeyMatcher(library);
    const asked = matcher.closest('shapiroLeadrship00007');
    library.replace(keysOf('shapiroLeadership', 100));
    const answer = (await asked).map((work) => work.key);
    assert.strictEqual(answer[0], 'shapiroLeadership00007');
    assert.ok(answer.every((key) => key.startsWith('shapiroLeadership')), answer.join());
    // Remembered, and forgotten on the next change.
    assert.deepStrictEqual((await matcher.closest('shapiroLeadrship00007')).map((work) => work.key), answer);
    library.replace(keysOf('nicolsonBetter', 100));
    assert.deepStrictEqual(await matcher.closest('shapiroLeadrship00007'), []);
    matcher.dispose();
  });
});
