import * as assert from 'assert';
import fc from 'fast-check';
import { Paper, Person, Theme } from '../../src/core/model';
import { PaperSearch } from '../../src/core/search/paperSearch';
import { decodeSnapshot, encodeSnapshot } from '../../src/core/search/snapshotCodec';
import { parseQuery } from '../../src/core/search/parseQuery';
import { fingerprintSteps, SearchIndex } from '../../src/core/search/searchIndex';
import { ArrayWords, decodeWordsSteps } from '../../src/core/search/wordList';
import { CancelledError, runToCompletion } from '../../src/core/search/steps';
import { workHash } from '../../src/core/search/workHashes';
import { CountingWorkList } from './support/countingWorkList';

const THEMES: Theme[] = [
  { id: 'culture', label: 'Culture and compassion', description: '', keywords: [] },
  { id: 'workforce', label: 'Workforce wellbeing', description: '', keywords: [] },
];

function person(name: string): Person {
  const [given, ...family] = name.split(' ');
  return family.length ? { given, family: family.join(' ') } : { literal: name };
}

function work(key: string, title: string, extra: Partial<Omit<Paper, 'authors'>> & { authors?: string[] } = {}): Paper {
  const { authors, ...rest } = extra;
  return { key, title, themes: [], origin: { kind: 'corpus' }, ...(authors ? { authors: authors.map(person) } : {}), ...rest };
}

function keys(papers: Paper[]): string[] {
  return papers.map((paper) => paper.key);
}

const LIBRARY: Paper[] = [
  work('west2014', 'Developing collective leadership for health care', { authors: ['Michael West', 'Regina Eckert'], year: 2014, venue: 'The King\'s Fund', themes: ['culture'] }),
  work('muller2018', 'Nurse staffing and patient safety in acute wards', { authors: ['Anna Müller', 'John Smith'], year: 2018, venue: 'BMJ Quality & Safety' }),
  work('muller2019', 'Compassionate care in general practice', { authors: ['Anna Müller'], year: 2019, venue: 'British Journal of General Practice' }),
  work('gomez2020', 'Boards and governance in NHS trusts', { authors: ['José Gómez'], year: 2020 }),
  work('plain2019', 'Workforce retention in community nursing', { authors: ['Tom Muller'], year: 2019 }),
  work('qi2017', 'Quality improvement culture in hospitals', { authors: ['Mary Dixon-Woods'], year: 2017 }),
  work('qi2012', 'Improvement programmes: a review of quality in surgery and culture change', { authors: ['Peter Pronovost'], year: 2012 }),
  work('burn2021', 'Staff experience in emergency departments', {
    authors: ['Laura Hall'], year: 2021,
    abstract: { kind: 'abstract', text: 'We surveyed 2,000 nurses about burnout, moral injury and intention to leave the NHS.' },
  }),
  work('smith2019leadership', 'Middle managers and change', { authors: ['John Smith'], year: 2019 }),
  work('Smith:2019:ab', 'Boards in crisis', { authors: ['Jane Smith'], year: 2019 }),
  work('consortium2016', 'A national survey of hospital doctors', {
    authors: [...Array.from({ length: 37 }, (_, i) => `Author${String.fromCharCode(97 + (i % 26))}${i} Person${i}`), 'Chidi Okonkwo', 'Zed Last'],
    year: 2016,
  }),
];

describe('PaperSearch', () => {
  const search = new PaperSearch(LIBRARY, THEMES);

  it('tolerates a typo: "leaderhsip" finds the leadership work first', () => {
    assert.strictEqual(search.search('leaderhsip')[0]?.key, 'west2014');
  });

  it('tolerates a typo while the word is still being typed', () => {
    assert.strictEqual(search.search('leaderh')[0]?.key, 'west2014');
  });

  it('ignores diacritics in the query: "muller" finds Müller', () => {
    const found = keys(search.search('muller'));
    assert.ok(found.includes('muller2018') && found.includes('muller2019'), found.join());
  });

  it('ignores diacritics in the library: "Gomez" and "Gómez" find José Gómez alike', () => {
    assert.strictEqual(search.search('Gomez')[0]?.key, 'gomez2020');
    assert.strictEqual(search.search('gómez')[0]?.key, 'gomez2020');
  });

  it('ignores diacritics in the query the other way: "Müller" finds a Muller written without them', () => {
    assert.ok(keys(search.search('Müller')).includes('plain2019'));
  });

  it('matches a year exactly: "Müller 2019" gives the 2019 works, never the 2018 one', () => {
    const found = keys(search.search('Müller 2019'));
    assert.ok(['muller2019', 'plain2019'].includes(found[0]), found.join());
    assert.ok(!found.includes('muller2018'), found.join());
    assert.strictEqual(search.search('Müller 2018')[0]?.key, 'muller2018');
  });

  it('finds nothing for an author with a year in which they published nothing, though others did', () => {
    assert.deepStrictEqual(keys(search.search('Müller 2014')), [], 'west2014 is of 2014, but not by Müller');
  });

  it('filters by a year alone', () => {
    assert.deepStrictEqual(new Set(keys(search.search('2019'))), new Set(['muller2019', 'plain2019', 'smith2019leadership', 'Smith:2019:ab']));
  });

  it('makes every word of a multi-word query count', () => {
    // qi2012 has all three words scattered through a long title; qi2017 has them as a phrase in a short one.
    const found = keys(search.search('quality improvement culture'));
    assert.deepStrictEqual(found.slice(0, 2), ['qi2017', 'qi2012']);
    assert.ok(!found.includes('west2014'), 'a work with only one of the words is left out when others have all');
  });

  it('finds a work by its exact key, first', () => {
    assert.strictEqual(search.search('smith2019leadership')[0]?.key, 'smith2019leadership');
    assert.strictEqual(search.search('Smith:2019:ab')[0]?.key, 'Smith:2019:ab');
  });

  it('finds a work from a mistyped Better BibTeX key, read as the words it is made of', () => {
    const corpusLike = new PaperSearch([
      work('martinCriticalAccountRise2012', 'A critical account of the rise and spread of leadership', { authors: ['Graham Martin'], year: 2012 }),
      work('martinOther2012', 'Another paper', { authors: ['Graham Martin'], year: 2012 }),
    ], THEMES);
    assert.deepStrictEqual(keys(corpusLike.search('martinCriticalAcountRise2012')), ['martinCriticalAccountRise2012']);
    assert.deepStrictEqual(keys(corpusLike.search('qqqqqqqq')), []);
  });

  it('finds works by the start of a key', () => {
    const found = keys(search.search('smith2019'));
    assert.deepStrictEqual(new Set(found.slice(0, 2)), new Set(['smith2019leadership', 'Smith:2019:ab']));
  });

  it('finds an author late in a long author list', () => {
    assert.strictEqual(search.search('okonkwo')[0]?.key, 'consortium2016');
    assert.strictEqual(search.search('Zed Last')[0]?.key, 'consortium2016');
  });

  it('finds a word that only the abstract has', () => {
    assert.strictEqual(search.search('burnout')[0]?.key, 'burn2021');
  });

  it('searches theme labels and venues', () => {
    assert.strictEqual(search.search('compassion ')[0]?.key, 'west2014', 'theme "Culture and compassion"');
    assert.strictEqual(search.search('King\'s Fund')[0]?.key, 'west2014');
  });

  it('lets a word being typed match the start of longer words', () => {
    assert.strictEqual(search.search('compassionat')[0]?.key, 'muller2019');
    assert.ok(keys(search.search('compassion')).includes('muller2019'));
  });

  it('ignores finished stop words but lets one being typed start a word', () => {
    assert.strictEqual(search.search('boards in the NHS')[0]?.key, 'gomez2020');
    assert.ok(keys(search.search('the')).length > 0);
  });

  it('ranks a whole-word match above a longer word that merely starts with it', () => {
    const library = [
      work('a', 'Leaders and followers', { authors: ['Ann Monransky'] }),
      work('b', 'Leaders and followers', { authors: ['Ann Monran'] }),
    ];
    assert.deepStrictEqual(keys(new PaperSearch(library, []).search('monran')), ['b', 'a']);
  });

  it('gives works newest first, then by first author and title, for an empty query', () => {
    const found = keys(search.search('   ', 4));
    assert.deepStrictEqual(found, ['burn2021', 'gomez2020', 'muller2019', 'plain2019']);
    assert.deepStrictEqual(keys(search.search('')), keys(search.search('')), 'the same order every time');
  });

  it('returns at most `limit` works', () => {
    assert.strictEqual(search.search('', 3).length, 3);
    assert.ok(search.search('a', 2).length <= 2);
  });

  it('keeps exact matches when the candidate limit cuts typo matches', () => {
    const exact = ['e1', 'e2', 'e3'].map((key) => work(key, `Salutogenesis in ${key}`));
    const near = Array.from({ length: 40 }, (_, i) => work(`n${i}`, 'Salutogenisis and the salutogenesys of care'));
    const small = new PaperSearch([...near, ...exact], [], { candidateLimit: 5 });
    assert.deepStrictEqual(new Set(keys(small.search('salutogenesis', 3))), new Set(['e1', 'e2', 'e3']));
  });

  it('never drops a work that has the query word, however small the candidate limit', () => {
    const syllable = fc.constantFrom('ba', 'be', 'ka', 'ko', 'ri', 'ru', 'ma');
    const word = fc.array(syllable, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(''));
    const entry = fc.record({ title: fc.array(word, { minLength: 1, maxLength: 6 }), author: word, abstract: fc.array(word, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 30 }), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 8 }), (entries, pick, wordPick, cap) => {
        const papers = entries.map((e, i) => work(`k${i}`, e.title.join(' '), {
          authors: [`Ann ${e.author}`],
          ...(e.abstract.length ? { abstract: { kind: 'abstract' as const, text: e.abstract.join(' ') } } : {}),
        }));
        const target = entries[pick % entries.length];
        const words = [...target.title, target.author, ...target.abstract];
        const query = words[wordPick % words.length];
        const found = keys(new PaperSearch(papers, [], { candidateLimit: cap }).search(`${query} `, papers.length));
        return found.includes(`k${pick % entries.length}`);
      }),
      { numRuns: 200 },
    );
  });

  it('answers a one- or two-letter query from the lists made at build time exactly as a full search would', () => {
    const syllable = fc.constantFrom('ba', 'be', 'ka', 'Ko', 'ri', 'ru', 'ma', 'sé', '19', '20');
    const word = fc.array(syllable, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(''));
    const entry = fc.record({ title: fc.array(word, { minLength: 1, maxLength: 5 }), author: word, year: fc.integer({ min: 2000, max: 2003 }) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 60 }), fc.constantFrom('b', 'ba', 'k', 'ko', 'r', 's', 'se', '2', '20', 'x'), (entries, prefix) => {
        const papers = entries.map((e, i) => work(`k${i}`, e.title.join(' '), { authors: [`Ann ${e.author}`], year: e.year }));
        const search = new PaperSearch(papers, [], { candidateLimit: 20 });
        // Asking for more than a list holds takes the full path.
        assert.deepStrictEqual(keys(search.search(prefix, 10)), keys(search.search(prefix, 300)).slice(0, 10));
      }),
      { numRuns: 150 },
    );
  });

  it('finds the works with every word whichever word is rarest, and the works with most words when none has all', () => {
    const library = [
      work('a', 'Safety culture in surgery', { year: 2001 }),
      work('b', 'Safety of surgical checklists', { year: 2002 }),
      work('c', 'Culture change in mental health', { year: 2001 }),
    ];
    const search = new PaperSearch(library, []);
    assert.deepStrictEqual(keys(search.search('safety culture ')), ['a']);
    assert.deepStrictEqual(keys(search.search('culture safety ')), ['a']);
    assert.deepStrictEqual(new Set(keys(search.search('safety checklists culture '))), new Set(['a', 'b']), 'two words each');
    assert.deepStrictEqual(new Set(keys(search.search('culture checklists 2001 '))), new Set(['a', 'c']), 'the year still filters');
  });

  it('builds in slices that give the event loop back, with the same results as a build at once', async () => {
    const library = Array.from({ length: 3000 }, (_, i) => work(`w${i}`, `Work ${i} on leadership and ${['culture', 'safety', 'retention'][i % 3]}`, { year: 1990 + (i % 30) }));
    let yields = 0;
    const built = await PaperSearch.build(library, THEMES, {
      sliceMs: 0.5,
      yieldToHost: () => {
        yields++;
        return new Promise((resolve) => setImmediate(resolve));
      },
    });
    assert.ok(yields > 1, `yielded ${yields} times`);
    const atOnce = new PaperSearch(library, THEMES);
    for (const query of ['leadership safety 2001', 'retntion', 'work 12', '']) {
      assert.deepStrictEqual(keys(built.search(query)), keys(atOnce.search(query)), query);
    }
  });

  it('stops building when cancelled', async () => {
    const library = Array.from({ length: 2000 }, (_, i) => work(`w${i}`, `Work ${i}`));
    const token = { isCancellationRequested: false };
    const building = PaperSearch.build(library, [], { sliceMs: 0.1, token, yieldToHost: async () => { token.isCancellationRequested = true; } });
    await assert.rejects(building, CancelledError);
  });

  it('restores from a snapshot, through bytes, with the same results', () => {
    const bytes = encodeSnapshot(search.toSnapshot());
    const snapshot = decodeSnapshot(bytes);
    assert.ok(snapshot);
    const restored = PaperSearch.fromSnapshot(LIBRARY, THEMES, snapshot);
    assert.ok(restored);
    for (const query of ['leaderhsip', 'Müller 2019', 'smith2019', 'smith2019leadership', 'SMITH:2019:AB', 'quality improvement culture', '', 'okonkwo', 'b', 'co']) {
      assert.deepStrictEqual(keys(restored.search(query)), keys(search.search(query)), query);
    }
  });

  it('keeps the table of works by key in the snapshot: a restored index finds each work by its key, in any case', () => {
    const snapshot = decodeSnapshot(encodeSnapshot(search.toSnapshot()));
    assert.ok(snapshot);
    const index = runToCompletion(SearchIndex.fromSnapshot(snapshot, LIBRARY));
    assert.ok(index);
    const latest = new Map(LIBRARY.map((paper, at) => [paper.key.toLowerCase(), at]));
    for (const paper of LIBRARY) {
      assert.strictEqual(index.candidates(parseQuery(paper.key.toUpperCase()), 10).exactKey, latest.get(paper.key.toLowerCase()), paper.key);
    }
    assert.strictEqual(index.candidates(parseQuery('nosuchkey2019'), 10).exactKey, -1);
  });

  it('restores words with letters of two and three UTF-8 bytes, with the same results', () => {
    const syllables = ['ka', 'lé', 'mo', 'ñu', 'ri', 'tő', 'sa', 'wé', 'ᾰx', 'po'];
    const name = (i: number) => Array.from({ length: 4 }, (_, k) => syllables[Math.floor(i / 10 ** k) % 10]).join('') + 'x'.repeat(i % 7);
    const library = Array.from({ length: 3000 }, (_, i) => work(`k${i}`, `${name(i)} ${name(i + 3000)} ${name(i + 6000)}`, { year: 2000 + (i % 20) }));
    const built = new PaperSearch(library, []);
    const snapshot = decodeSnapshot(encodeSnapshot(built.toSnapshot()));
    assert.ok(snapshot);
    const restored = PaperSearch.fromSnapshot(library, [], snapshot);
    assert.ok(restored);
    for (const i of [0, 1234, 2999, 4567, 8999]) {
      for (const query of [name(i), name(i).slice(0, 5), `${name(i)} 2005`]) {
        assert.deepStrictEqual(keys(restored.search(query)), keys(built.search(query)), query);
      }
    }
  });

  it('reads the words of a snapshot in steps exactly as one split would, whatever the chunk boundaries, and writes them back as they were', () => {
    const line = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((text) => !text.includes('\n'));
    fc.assert(fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (lines, chunk) => {
      const text = lines.join('\n');
      const bytes = new TextEncoder().encode(text);
      const words = runToCompletion(decodeWordsSteps(bytes, chunk));
      assert.deepStrictEqual(Array.from({ length: words.length }, (_, id) => words.at(id)), text ? text.split('\n') : []);
      assert.strictEqual(words.toBytes(), bytes, 'the bytes it was read from');
      assert.deepStrictEqual(new ArrayWords(text ? text.split('\n') : []).toBytes(), bytes);
    }));
  });

  it('answers as before after priming, which searches the library in steps and forgets it', () => {
    const library = Array.from({ length: 3000 }, (_, i) => work(`w${i}`, `Leadership ${['culture', 'quality', 'safety'][i % 3]} report ${i % 97}`, {
      authors: [`Ann Author${i % 211}`], year: 1990 + (i % 30),
    }));
    const fresh = new PaperSearch(library, []);
    const primed = new PaperSearch(library, []);
    let steps = 0;
    for (const step = primed.prime(); !step.next().done;) steps++;
    assert.ok(steps > 1, `${steps} steps`);
    for (const query of ['lead', 'leadership', 'leadership ', 'qualty', 'author17 2001', 'cu', 'report 42', 'w123']) {
      assert.deepStrictEqual(keys(primed.search(query)), keys(fresh.search(query)), query);
    }
  });

  it('makes only the works a query ranks or returns, never every work of a list restored from a snapshot', async () => {
    const library = Array.from({ length: 5000 }, (_, i) => work(`w${i}`, `Leadership ${['culture', 'quality', 'safety'][i % 3]} report ${i % 97}`, {
      authors: [`Ann Author${i % 211}`], year: 1990 + (i % 30),
    }));
    const built = new PaperSearch(library, [], { candidateLimit: 50 });
    const list = new CountingWorkList(library);
    // As the service restores a large library: fingerprinted with the hashes the parse worker sent along.
    const fingerprint = runToCompletion(fingerprintSteps(list, Float64Array.from(library, workHash)));
    const restored = await PaperSearch.restore(list, [], built.toSnapshot(), { fingerprint, candidateLimit: 50 });
    assert.ok(restored);
    assert.strictEqual(list.reads, 0, 'restoring reads keys only');
    for (const query of ['leadership', 'qualty report 42', 'W1234', 'author17 2001', '', 'cu']) {
      list.reads = 0;
      const found = keys(restored.search(query, 10));
      assert.deepStrictEqual(found, keys(built.search(query, 10)), query);
      assert.ok(found.length > 0 && list.reads <= 50 + 10, `${query}: ${list.reads} works made`);
    }
  });

  it('refuses a snapshot of other works, and bytes that are not a snapshot', () => {
    const snapshot = search.toSnapshot();
    const changed = LIBRARY.map((paper, i) => (i === 3 ? { ...paper, title: 'Another title' } : paper));
    assert.strictEqual(PaperSearch.fromSnapshot(changed, THEMES, snapshot), undefined);
    assert.strictEqual(PaperSearch.fromSnapshot(LIBRARY.slice(1), THEMES, snapshot), undefined);
    const damaged = { ...snapshot, keySlots: snapshot.keySlots.map((slot) => (slot ? LIBRARY.length + 1 : 0)) };
    assert.strictEqual(PaperSearch.fromSnapshot(LIBRARY, THEMES, damaged), undefined, 'a key table pointing past the works');
    const bytes = encodeSnapshot(snapshot);
    assert.strictEqual(decodeSnapshot(bytes.subarray(0, bytes.length - 8)), undefined, 'truncated');
    assert.strictEqual(decodeSnapshot(new TextEncoder().encode('{"papers": []}')), undefined);
  });
});
