import * as assert from 'assert';
import { Paper } from '../../src/core/model';
import { PaperSearch } from '../../src/core/search/paperSearch';
import * as SearchEngine from '../../src/core/search/searchEngine';
import { SearchService, SearchSource, SnapshotStore } from '../../src/core/search/searchService';
import { rememberWorkHashes, workHash } from '../../src/core/search/workHashes';
import { WorkList, workListOf } from '../../src/core/workList';
import { CountingWorkList } from './support/countingWorkList';

function work(key: string, title: string): Paper {
  return { key, title, themes: [], origin: { kind: 'corpus' } };
}

/** A library whose works can be swapped, as Library does when a user file loads. */
class FakeLibrary implements SearchSource {
  readonly themes = [];
  private listeners = new Set<() => void>();
  constructor(private list: Paper[]) {}
  works(): WorkList {
    return workListOf(this.list);
  }
  lookup(key: string): Paper | undefined {
    return this.list.find((paper) => paper.key === key);
  }
  set(list: Paper[]): void {
    this.list = list;
    for (const listener of this.listeners) listener();
  }
  onDidChange(listener: () => void) {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** The engine module itself, as the extension's lazily loaded bundle would give it. */
const searchEngine = () => SearchEngine;

/** A snapshot store in memory: the files it holds, by name. */
function memoryStore(): { files: Map<string, Uint8Array>; store: SnapshotStore } {
  const files = new Map<string, Uint8Array>();
  const store: SnapshotStore = {
    read: async (name) => files.get(name),
    write: async (name, parts) => {
      files.set(name, Buffer.concat(parts.map((part) => Buffer.from(part))));
    },
  };
  return { files, store };
}

const many = (count: number, word: string) => Array.from({ length: count }, (_, i) => work(`${word}${i}`, `${word} number ${i}`));

describe('SearchService', () => {
  it('indexes a small library at once, on first search', () => {
    const service = new SearchService(new FakeLibrary([work('a', 'Clinical leadership'), work('b', 'Nurse staffing')]), searchEngine);
    assert.deepStrictEqual(service.search('staffing').map((paper) => paper.key), ['b']);
    assert.strictEqual(service.indexing, false);
    service.dispose();
  });

  it('neither loads the engine nor reads a work until it is first searched, so activation pays for no index', () => {
    let reads = 0;
    let loads = 0;
    const counted = (key: string, title: string): Paper => ({ ...work(key, title), get title() { reads++; return title; } });
    const library = new FakeLibrary([counted('a', 'Clinical leadership'), counted('b', 'Nurse staffing')]);
    const service = new SearchService(library, () => (loads++, SearchEngine));
    assert.deepStrictEqual([reads, loads], [0, 0]);
    assert.deepStrictEqual(service.search('staffing').map((paper) => paper.key), ['b']);
    assert.ok(reads > 0 && loads > 0);
    service.dispose();
  });

  it('answers from the previous index while a large library is indexed in the background, then from the new one', async () => {
    const library = new FakeLibrary([work('a', 'Clinical leadership'), work('b', 'Nurse staffing')]);
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0 });
    assert.deepStrictEqual(service.search('leadership').map((paper) => paper.key), ['a']);
    const replaced = work('a', 'Clinical leadership, revised');
    library.set([replaced, ...many(500, 'governance')]);
    const meanwhile = service.search('leadership');
    assert.strictEqual(service.indexing, true);
    assert.deepStrictEqual(meanwhile, [replaced], 'the old index answers, with the work in its new form');
    assert.deepStrictEqual(service.search('staffing'), [], 'a removed work is not offered');
    await service.ready();
    assert.strictEqual(service.indexing, false);
    assert.strictEqual(service.search('governance number 42')[0]?.key, 'governance42');
    service.dispose();
  });

  it('tells its listeners when a large library\'s index starts answering, but not of an index made inside a search', async () => {
    const library = new FakeLibrary([work('a', 'Clinical leadership')]);
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0 });
    let told = 0;
    const subscription = service.onDidChangeIndex(() => {
      told++;
      assert.strictEqual(service.search('governance number 7')[0]?.key, 'governance7', 'the new index answers by then');
    });
    service.search('leadership');
    assert.strictEqual(told, 0, 'the small library is indexed at once, inside the search');
    library.set([work('a', 'Clinical leadership'), ...many(200, 'governance')]);
    assert.deepStrictEqual(service.search('governance').map((paper) => paper.key), [], 'meanwhile the old index answers');
    await service.ready();
    assert.strictEqual(told, 1);
    subscription.dispose();
    library.set(many(100, 'board'));
    await service.ready();
    assert.strictEqual(told, 1, 'not told once the subscription is disposed');
    service.dispose();
  });

  it('says when it starts indexing a changed library and when it is done, once across a change made meanwhile', async () => {
    const library = new FakeLibrary([work('a', 'Clinical leadership')]);
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0 });
    const told: boolean[] = [];
    service.onDidChangeIndexing((indexing) => told.push(indexing));
    library.set([work('a', 'Clinical leadership'), ...many(200, 'governance')]);
    service.search('governance');
    assert.deepStrictEqual(told, [true]);
    assert.strictEqual(service.indexing, true);
    // Changed again before that index was done: still indexing, not done and started again.
    library.set([work('a', 'Clinical leadership'), ...many(300, 'board')]);
    await service.ready();
    assert.deepStrictEqual(told, [true, false]);
    assert.strictEqual(service.indexing, false);
    service.dispose();
  });

  it('answers from the library it started with while the first large library is indexed', async () => {
    const library = new FakeLibrary([work('corpus1', 'Clinical leadership')]);
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0 });
    library.set([work('corpus1', 'Clinical leadership'), ...many(300, 'governance')]);
    assert.deepStrictEqual(service.search('leadership').map((paper) => paper.key), ['corpus1']);
    await service.ready();
    assert.strictEqual(service.search('governance number 5')[0]?.key, 'governance5');
    service.dispose();
  });

  it('builds once for changes that come in a burst, indexing the last library', async () => {
    const library = new FakeLibrary([]);
    let builds = 0;
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 5, onDidIndex: () => builds++ });
    library.set(many(300, 'alpha'));
    library.set(many(300, 'beta'));
    library.set(many(300, 'gamma'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await service.ready();
    assert.strictEqual(builds, 1);
    assert.strictEqual(service.search('gamma number 7')[0]?.key, 'gamma7');
    service.dispose();
  });

  it('takes an index snapshot of the library as it is instead of building, and refuses one of another library', async () => {
    const library = new FakeLibrary(many(500, 'alpha'));
    const snapshot = new PaperSearch(library.works(), []).toSnapshot();
    let builds = 0;
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0, onDidIndex: () => builds++ });
    assert.strictEqual(await service.restore(snapshot), true);
    assert.strictEqual(service.search('alpha number 7')[0]?.key, 'alpha7');
    library.set(many(500, 'beta'));
    assert.strictEqual(await service.restore(snapshot), false);
    await service.ready();
    assert.strictEqual(builds, 1, 'built only for the library the snapshot was not of');
    service.dispose();
  });

  it('has a large library indexed elsewhere, checks and saves that index, and builds here when it gets none', async () => {
    const { files, store } = memoryStore();
    const library = new FakeLibrary([]);
    const indexed: [boolean, boolean][] = [];
    let offer: 'right' | 'wrong' | 'none' = 'right';
    const service = new SearchService(library, searchEngine, {
      syncLimit: 10, debounceMs: 0, store,
      buildElsewhere: async (works) => (offer === 'none' ? undefined : new PaperSearch(offer === 'right' ? works : many(300, 'other'), []).toSnapshot()),
      onDidIndex: (_, __, restored, elsewhere) => indexed.push([restored, elsewhere]),
    });
    library.set(many(300, 'alpha'));
    await service.ready();
    assert.strictEqual(service.search('alpha number 12')[0]?.key, 'alpha12');
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(files.size, 1, 'the index built elsewhere is saved');
    offer = 'wrong';
    library.set(many(300, 'beta'));
    await service.ready();
    assert.strictEqual(service.search('beta number 7')[0]?.key, 'beta7');
    offer = 'none';
    library.set(many(300, 'gamma'));
    await service.ready();
    assert.deepStrictEqual(indexed, [[true, true], [false, false], [false, false]], 'an index of other works is refused, and the library built here');
    service.dispose();
  });

  it('saves the index of a large library, and restores it instead of building when the same works load again', async () => {
    const { files, store } = memoryStore();
    const first = new FakeLibrary([]);
    const indexed: boolean[] = [];
    const options = { syncLimit: 10, debounceMs: 0, store, onDidIndex: (_: unknown, __: number, restored: boolean) => indexed.push(restored) };
    const one = new SearchService(first, searchEngine, options);
    first.set(many(300, 'alpha'));
    await one.ready();
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(files.size, 1, 'one snapshot saved');

    const second = new FakeLibrary([]);
    const two = new SearchService(second, searchEngine, options);
    second.set(many(300, 'alpha'));
    await two.ready();
    assert.deepStrictEqual(indexed, [false, true], 'built, then restored');
    assert.strictEqual(two.search('alpha number 12')[0]?.key, 'alpha12');
    second.set([...many(300, 'alpha'), work('extra', 'Extra work')]);
    await two.ready();
    assert.deepStrictEqual(indexed, [false, true, false], 'another library is built, not restored');
    one.dispose();
    two.dispose();
  });

  it('primes an index restored from the store before it answers, and primes nothing after', async () => {
    const { files, store } = memoryStore();
    const library = new FakeLibrary(Array.from({ length: 600 }, (_, i) => work(`k${i}`, `${['clinical', 'nursing', 'workforce'][i % 3]} leadership report ${i}`)));
    const first = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0, store });
    await first.ready();
    first.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(files.size, 1, 'saved');

    // The engine as loaded, with each restored search's priming noted as it starts and ends.
    const events: string[] = [];
    const noted = (search: PaperSearch) => {
      const prime = search.prime.bind(search);
      search.prime = function* () {
        events.push('priming');
        yield* prime();
        events.push('primed');
      };
      return search;
    };
    class NotedPaperSearch extends PaperSearch {
      static override async restore(...args: Parameters<typeof PaperSearch.restore>) {
        const search = await PaperSearch.restore(...args);
        return search && noted(search);
      }
    }
    const engine = () => ({ ...SearchEngine, PaperSearch: NotedPaperSearch });
    let restored = false;
    const service = new SearchService(library, engine, {
      syncLimit: 10, debounceMs: 0, store,
      onDidIndex: (_search, _ms, fromSnapshot) => {
        restored = fromSnapshot;
        events.push('answers');
      },
    });
    const search = await service.ready();
    assert.ok(restored);
    assert.deepStrictEqual(events, ['priming', 'primed', 'answers']);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.deepStrictEqual(events, ['priming', 'primed', 'answers'], 'nothing primed later');
    assert.deepStrictEqual(service.search('nursing leadership').map((paper) => paper.key), search.search('nursing leadership').map((paper) => paper.key));
    service.dispose();
  });

  it('restores a large packed library\'s index and answers from it making only the works it ranks, never every work', async () => {
    const { files, store } = memoryStore();
    const papers = many(3000, 'gamma');
    const first = new SearchService(new FakeLibrary(papers), searchEngine, { syncLimit: 10, debounceMs: 0, store });
    await first.ready();
    first.dispose();
    await new Promise((resolve) => setImmediate(resolve));
    assert.strictEqual(files.size, 1, 'saved');

    // As a large file's list comes from the parse worker: its works packed, their hashes remembered with it.
    const list = new CountingWorkList(papers);
    rememberWorkHashes(list, Float64Array.from(papers, workHash));
    const source: SearchSource = {
      works: () => list, lookup: (key) => papers.find((paper) => paper.key === key), themes: [], onDidChange: () => ({ dispose: () => undefined }),
    };
    let restored = false;
    const service = new SearchService(source, searchEngine, { syncLimit: 10, debounceMs: 0, store, onDidIndex: (_s, _ms, fromSnapshot) => (restored = fromSnapshot) });
    await service.ready();
    assert.ok(restored);
    // Priming's few small searches make the works they rank: a handful of 3,000.
    const madeRestoring = list.reads;
    assert.ok(madeRestoring <= 50, `restored making ${madeRestoring} works`);
    assert.strictEqual(service.search('gamma number 42')[0]?.key, 'gamma42');
    assert.ok(list.reads - madeRestoring <= 200 + 50, `${list.reads - madeRestoring} works made by a search`);
    service.dispose();
  });

  it('fingerprints a large library with the hashes remembered with its list, which the engine bundle cannot see', async () => {
    const papers = many(300, 'gamma');
    const hashes = Float64Array.from(papers, workHash);
    rememberWorkHashes(papers, hashes);
    const passed: (Float64Array | undefined)[] = [];
    // The engine as its own bundle would be: the service's remembered hashes reach it only as an argument.
    const engine = { ...SearchEngine, fingerprintSteps: (list: WorkList | readonly Paper[], known?: Float64Array) => (passed.push(known), SearchEngine.fingerprintSteps(list, known)) };
    const files = new Map<string, Uint8Array>();
    const store = { read: async (name: string) => files.get(name), write: async () => undefined };
    const service = new SearchService(new FakeLibrary(papers), () => engine, { syncLimit: 10, debounceMs: 0, store });
    await service.ready();
    service.dispose();
    assert.deepStrictEqual(passed, [hashes]);
  });

  it('re-indexes when the library changes during a build', async () => {
    const library = new FakeLibrary(many(400, 'alpha'));
    const service = new SearchService(library, searchEngine, { syncLimit: 10, debounceMs: 0, sliceMs: 0.2 });
    const first = service.ready();
    library.set(many(400, 'beta'));
    const search = await first;
    assert.strictEqual(search.search('beta number 3')[0]?.key, 'beta3', 'ready() follows the library to its latest state');
    service.dispose();
  });
});
