import * as assert from 'assert';
import { KeyIndex, rememberedKeyIndex, rememberKeyIndex } from '../../src/core/keyIndex';
import { sortPapers } from '../../src/core/grouping';
import { Library, withoutWorks } from '../../src/core/library';
import { referenceOrder, referenceOrderOf, sortPartsSteps } from '../../src/core/referenceOrder';
import { Corpus, Paper } from '../../src/core/model';
import { fingerprintSteps } from '../../src/core/search/searchIndex';
import { runToCompletion } from '../../src/core/search/steps';
import { rememberWorkHashes, workHash, workHashesOf } from '../../src/core/search/workHashes';
import { papersOf, workListOf } from '../../src/core/workList';

function work(key: string, title = key, file = 'corpus'): Paper {
  return { key, title, themes: [], origin: file === 'corpus' ? { kind: 'corpus' } : { kind: 'user', file, line: 1 } } as unknown as Paper;
}

function corpusOf(...keys: string[]): Corpus {
  return { themes: [], papers: keys.map((key) => work(key)) } as unknown as Corpus;
}

/** What the library promises, written the plain way: a map filled source by source. */
function reference(corpus: readonly Paper[], files: [string, readonly Paper[]][]) {
  const byKey = new Map<string, Paper>();
  for (const paper of corpus) byKey.set(paper.key, paper);
  for (const [, papers] of files) for (const paper of papers) byKey.set(paper.key, paper);
  return byKey;
}

/** A small deterministic generator, so a failure replays. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

describe('Library', () => {
  it('lists the corpus first, then each file in load order, one work per key at its first place in its last form', () => {
    const library = new Library(corpusOf('a', 'b', 'c'));
    const first = [work('x', 'x1', 'one'), work('b', 'b1', 'one'), work('x', 'x2', 'one'), work('y', 'y1', 'one')];
    const second = [work('y', 'y2', 'two'), work('z', 'z2', 'two'), work('a', 'a2', 'two')];
    library.setUserPapers('one', first);
    library.setUserPapers('two', second);
    assert.deepStrictEqual(library.papers().map((paper) => `${paper.key}:${paper.title}`), ['a:a2', 'b:b1', 'c:c', 'x:x2', 'y:y2', 'z:z2']);
    assert.strictEqual(library.lookup('y'), second[0]);
    assert.strictEqual(library.lookup('x'), first[2]);
    assert.strictEqual(library.lookup('c'), library.corpus()[2]);
    assert.strictEqual(library.lookup('nope'), undefined);
  });

  it('gives the same list until it changes, and tells its listeners of each change', () => {
    const library = new Library(corpusOf('a'));
    let changes = 0;
    const subscription = library.onDidChange(() => changes++);
    const before = library.papers();
    assert.strictEqual(library.papers(), before);
    library.setUserPapers('one', [work('x', 'x', 'one')]);
    assert.notStrictEqual(library.papers(), before);
    assert.strictEqual(library.papers().length, 2);
    library.removeUserSource('missing');
    library.removeUserSource('one');
    assert.strictEqual(changes, 2);
    assert.deepStrictEqual(library.papers().map((paper) => paper.key), ['a']);
    subscription.dispose();
    library.setUserPapers('two', []);
    assert.strictEqual(changes, 2);
  });

  it('keeps a replaced file in its place among the files, and puts a removed one back last', () => {
    const library = new Library(corpusOf());
    library.setUserPapers('one', [work('k', 'one', 'one')]);
    library.setUserPapers('two', [work('k', 'two', 'two')]);
    library.setUserPapers('one', [work('k', 'one again', 'one')]);
    assert.deepStrictEqual(library.userFiles(), ['one', 'two']);
    assert.strictEqual(library.lookup('k')!.title, 'two');
    library.removeUserSource('one');
    library.setUserPapers('one', [work('k', 'one last', 'one')]);
    assert.deepStrictEqual(library.userFiles(), ['two', 'one']);
    assert.strictEqual(library.lookup('k')!.title, 'one last');
  });

  it('agrees with a plain map, filled source by source, on random libraries', () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      const keys = Array.from({ length: 2 + Math.floor(next() * 12) }, (_, i) => `k${i}`);
      const pick = () => keys[Math.floor(next() * keys.length)];
      const corpus = corpusOf(...new Set(Array.from({ length: Math.floor(next() * 4) }, pick)));
      const library = new Library(corpus);
      const files = new Map<string, readonly Paper[]>();
      for (let step = 0; step < 1 + Math.floor(next() * 5); step++) {
        const file = `f${Math.floor(next() * 3)}`;
        if (next() < 0.2) {
          library.removeUserSource(file);
          files.delete(file);
        } else {
          const papers = Array.from({ length: Math.floor(next() * 6) }, () => work(pick(), `${file}.${step}.${next()}`, file));
          // Half the time as the parse client hands them over: with a key index made beforehand, and their order.
          const known = next() < 0.5;
          if (known) rememberKeyIndex(new KeyIndex(papers));
          library.setUserPapers(file, papers, known ? { order: referenceOrder(papers) } : {});
          files.set(file, papers);
        }
        const expected = reference(corpus.papers, [...files]);
        assert.deepStrictEqual(library.papers(), [...expected.values()], `round ${round}`);
        // The Papers view sorts the lists it was joined from, and must list the same works in the same order.
        const sorted = runToCompletion(sortPartsSteps(library.sortParts(), library.works()));
        const expectedOrder = sortPapers(library.papers());
        assert.strictEqual(sorted.length, expectedOrder.length, `round ${round}`);
        sorted.forEach((position, i) => assert.strictEqual(library.works().at(position), expectedOrder[i], `round ${round}, ${i}`));
        for (const key of keys) assert.strictEqual(library.lookup(key), expected.get(key), `round ${round}, ${key}`);
        assert.deepStrictEqual(library.userFiles(), [...files.keys()]);
      }
    }
  });

  it('reports keys defined in the corpus and a file, or in several files, in the order the files define them', () => {
    const library = new Library(corpusOf('a', 'b'));
    library.setUserPapers('one', [work('x', 'x', 'one'), work('b', 'b', 'one'), work('x', 'x again', 'one'), work('y', 'y', 'one')]);
    library.setUserPapers('two', [work('y', 'y', 'two'), work('x', 'x', 'two'), work('z', 'z', 'two')]);
    assert.deepStrictEqual(library.clashes(), [
      { key: 'x', files: ['one', 'two'], inCorpus: false },
      { key: 'b', files: ['one'], inCorpus: true },
      { key: 'y', files: ['one', 'two'], inCorpus: false },
    ]);
    assert.deepStrictEqual(library.clashingKeys(), new Set(['x', 'b', 'y']));
    library.removeUserSource('two');
    assert.deepStrictEqual(library.clashes(), [{ key: 'b', files: ['one'], inCorpus: true }]);
    // `x` twice in one file is no clash.
    assert.deepStrictEqual(library.clashingKeys(), new Set(['b']));
  });

  it('names the keys two or more sources define, the keys of clashes(), on random libraries', () => {
    const next = random(11);
    for (let round = 0; round < 200; round++) {
      const keys = Array.from({ length: 2 + Math.floor(next() * 10) }, (_, i) => `k${i}`);
      const pick = () => keys[Math.floor(next() * keys.length)];
      const corpus = corpusOf(...new Set(Array.from({ length: Math.floor(next() * 4) }, pick)));
      const library = new Library(corpus);
      const sources: (readonly Paper[])[] = [corpus.papers];
      for (let file = 0; file < Math.floor(next() * 4); file++) {
        const papers = Array.from({ length: Math.floor(next() * 5) }, () => work(pick(), 'title', `f${file}`));
        if (next() < 0.5) rememberKeyIndex(new KeyIndex(papers));
        library.setUserPapers(`f${file}`, papers);
        sources.push(papers);
      }
      // The plain way: count the sources that define each key.
      const expected = new Set(keys.filter((key) => sources.filter((papers) => papers.some((paper) => paper.key === key)).length >= 2));
      assert.deepStrictEqual(library.clashingKeys(), expected, `round ${round}`);
      assert.deepStrictEqual(library.clashingKeys(), new Set(library.clashes().map((clash) => clash.key)), `round ${round}`);
    }
  });

  it('hands the search index the hashes of its list when every file came with them', () => {
    const library = new Library(corpusOf('a', 'b'));
    const papers = [work('x', 'x', 'one'), work('a', 'a mine', 'one'), work('y', 'y', 'one')];
    rememberWorkHashes(papers, Float64Array.from(papers, workHash));
    library.setUserPapers('one', papers);
    const merged = library.papers();
    assert.deepStrictEqual(merged.map((paper) => paper.title), ['a mine', 'b', 'x', 'y']);
    assert.deepStrictEqual([...workHashesOf(library.works())!], merged.map(workHash));
    // A large file without hashes leaves them to the fingerprint, which then hashes each work itself.
    const big = Array.from({ length: 2500 }, (_, i) => work(`w${i}`, `w${i}`, 'big'));
    library.setUserPapers('big', big);
    assert.strictEqual(workHashesOf(library.works()), undefined);
    assert.strictEqual(runToCompletion(fingerprintSteps(library.works(), workHashesOf(library.works()))), runToCompletion(fingerprintSteps([...library.papers()])));
  });
});

describe('withoutWorks', () => {
  it('leaves works out and carries over the hashes of the list, which the library then remembers', () => {
    const papers = [work('a', 'a1', 'f'), work('b', 'b', 'f'), work('a', 'a2', 'f'), work('c', 'c', 'f'), work('d', 'd', 'f')];
    const hashes = Float64Array.from(papers, workHash);
    const kept = withoutWorks(papers, (key, i) => papers[i].title === 'a2' || key === 'c', { hashes });
    assert.deepStrictEqual(papersOf(kept.works).map((paper) => paper.title), ['a1', 'b', 'd']);
    assert.deepStrictEqual([...kept.hashes!], papersOf(kept.works).map(workHash));
    const library = new Library(corpusOf());
    library.setUserPapers('f', kept.works, { keys: new KeyIndex(papers), hashes: kept.hashes });
    assert.deepStrictEqual([...workHashesOf(kept.works)!], papersOf(kept.works).map(workHash));
    // The key index was of the list before: not this list's, so not remembered for it.
    assert.strictEqual(rememberedKeyIndex(kept.works), undefined);
    assert.strictEqual(library.lookup('a')!.title, 'a1');
    assert.strictEqual(library.lookup('c'), undefined);
    assert.deepStrictEqual(library.papers().map((paper) => paper.title), ['a1', 'b', 'd']);
    assert.deepStrictEqual(withoutWorks(papers, () => false, { hashes }), { works: workListOf(papers), hashes, order: undefined });
    // Hashes of another list are dropped, not carried over misplaced.
    assert.strictEqual(withoutWorks(papers, (key) => key === 'c', { hashes: hashes.slice(1) }).hashes, undefined);
  });

  it('carries over the reference-list order of the list, as the order of what is kept', () => {
    const papers = ['e', 'b', 'd', 'a', 'c', 'f'].map((key) => work(key, `title ${key}`, 'f'));
    const kept = withoutWorks(papers, (key) => key === 'a' || key === 'e', { order: referenceOrder(papers) });
    assert.deepStrictEqual(papersOf(kept.works).map((paper) => paper.key), ['b', 'd', 'c', 'f']);
    assert.deepStrictEqual([...kept.order!], [...referenceOrder(kept.works)]);
    const library = new Library(corpusOf());
    library.setUserPapers('f', kept.works, kept);
    assert.deepStrictEqual([...referenceOrderOf(kept.works)!], [0, 2, 1, 3]);
    // An order of another list is dropped.
    assert.strictEqual(withoutWorks(papers, (key) => key === 'a', { order: referenceOrder(papers.slice(1)) }).order, undefined);
  });

  it('remembers the key index and hashes that came with a list, where its own code looks them up', () => {
    const papers = [work('x', 'x', 'one'), work('y', 'y', 'one')];
    const keys = new KeyIndex(papers);
    const hashes = Float64Array.from(papers, workHash);
    const library = new Library(corpusOf('a'));
    library.setUserPapers('one', papers, { keys, hashes });
    assert.strictEqual(rememberedKeyIndex(papers), keys);
    assert.strictEqual(workHashesOf(papers), hashes);
    assert.deepStrictEqual([...workHashesOf(library.works())!], library.papers().map(workHash));
  });
});

describe('KeyIndex', () => {
  it('indexes works added to its list since it last looked, and finds every entry of a repeated key', () => {
    const papers: Paper[] = [work('a', 'a1')];
    const index = new KeyIndex(papers, false);
    index.extend();
    papers.push(work('b'), work('a', 'a2'));
    assert.strictEqual(index.get('a')!.title, 'a2');
    assert.deepStrictEqual(index.positions('a').map((at) => papers[at].title), ['a1', 'a2']);
    assert.deepStrictEqual(index.positions('b').map((at) => papers[at].title), ['b']);
    assert.deepStrictEqual([...index.keys()], ['a', 'b']);
    assert.deepStrictEqual([...index.repeatedKeys()], ['a']);
  });

  it('answers as a Map filled in list order would, through many growths of its table', () => {
    const papers: Paper[] = [];
    const index = new KeyIndex(papers, false);
    const map = new Map<string, Paper>();
    let seed = 11;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 200; i++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const paper = work(`k${seed % 6000}`, `t${round}.${i}`);
        papers.push(paper);
        map.set(paper.key, paper);
      }
      index.extend();
    }
    assert.strictEqual(index.size, map.size);
    for (let i = 0; i < 6000; i++) assert.strictEqual(index.get(`k${i}`), map.get(`k${i}`));
    assert.deepStrictEqual([...index.keys()], [...map.keys()]);
    const repeats = [...map.keys()].filter((key) => papers.filter((paper) => paper.key === key).length > 1);
    assert.deepStrictEqual(new Set(index.repeatedKeys()), new Set(repeats));
  });
});
