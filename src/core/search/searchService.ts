// Keeps a PaperSearch in step with a changing library without blocking the extension host: small libraries are
// indexed at once; large ones are restored from the snapshot an earlier session saved of the same works, or built
// off the main thread (by the parse worker, which still holds the works it parsed) and restored from its snapshot,
// or else built in time slices in the background; the previous index keeps answering meanwhile.
import { Listeners } from '../listeners';
import { Paper, Theme } from '../model';
import type { WorkList } from '../workList';
import type { PaperSearch, PaperSearchOptions } from './paperSearch';
import type * as SearchEngine from './searchEngine';
import type { SearchIndexSnapshot } from './searchIndex';
import { CancellableRun, CancellationFlag, CancelledError, runInSlices, SliceOptions } from './steps';
import { workHashesOf } from './workHashes';

/**
 * The search engine module (searchEngine.ts), given on first use: the extension loads it from its own bundle then, and
 * tests and the benchmark pass the module itself.
 */
export type LoadSearchEngine = () => typeof SearchEngine;

/** What the service needs of the library (Library satisfies it). */
export interface SearchSource {
  /** The same list until the library changes. */
  works(): WorkList;
  lookup(key: string): Paper | undefined;
  readonly themes: readonly Theme[];
  onDidChange(listener: () => void): { dispose(): void };
}

/**
 * Where index snapshots are kept between sessions (the extension's global storage), by a name that identifies the
 * works they index. Failures are ignored: the index is then built.
 */
export interface SnapshotStore {
  read(name: string): Promise<Uint8Array | undefined>;
  /** Writes the parts one after another (they are views of the index's arrays: write, do not keep). */
  write(name: string, parts: readonly Uint8Array[]): Promise<void>;
}

export interface SearchServiceOptions extends PaperSearchOptions, Pick<SliceOptions, 'onSlice' | 'yieldToHost'> {
  /** Libraries up to this size are indexed at once when first searched (a few milliseconds). */
  syncLimit?: number;
  /** Longest run of indexing between two yields to the event loop, in milliseconds. */
  sliceMs?: number;
  /** Wait after a change before re-indexing, so files loading one after another cost one build. */
  debounceMs?: number;
  /** Saves indexes of large libraries, and restores them when the same works load again. */
  store?: SnapshotStore;
  /**
   * Builds an index of these works elsewhere (another thread) and resolves to its snapshot, or to undefined when it
   * cannot (then the index is built here, in slices).
   */
  buildElsewhere?: (works: WorkList, themes: readonly Theme[], token: CancellationFlag) => Promise<SearchIndexSnapshot | undefined>;
  /**
   * Told when an index is ready: how long it took (wall clock), whether it came from a snapshot, and whether that
   * snapshot was built elsewhere just now.
   */
  onDidIndex?: (search: PaperSearch, ms: number, restored: boolean, builtElsewhere: boolean) => void;
}

/**
 * Each step of priming is a small search, several milliseconds the first time it runs (V8 compiling what it
 * reaches): one step a slice, so none runs long.
 */
const PRIME_SLICE_MS = 0;

/** The default of SearchServiceOptions.syncLimit. */
const DEFAULT_SYNC_LIMIT = 2000;

/** The file name of the snapshot of works with this fingerprint. */
export function snapshotName(version: number, fingerprint: number): string {
  return `search-index-v${version}-${fingerprint.toString(36)}.bin`;
}

export class SearchService {
  private current: PaperSearch | undefined;
  private currentWorks: WorkList | undefined;
  private pending: { works: WorkList; run: CancellableRun<PaperSearch> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };
  private disposed = false;
  /**
   * The small library (the corpus) the service started with, until a search first needs an index: it is indexed then
   * rather than here, which runs during activation, and answers while the first large library is indexed.
   */
  private initialWorks: WorkList | undefined;
  /** Libraries up to this size are indexed at once (options.syncLimit). */
  private readonly syncLimit: number;
  private readonly indexChanges = new Listeners();
  private readonly indexingChanges = new Listeners<boolean>();

  constructor(
    private readonly source: SearchSource,
    private readonly engine: LoadSearchEngine,
    private readonly options: SearchServiceOptions = {},
  ) {
    this.syncLimit = options.syncLimit ?? DEFAULT_SYNC_LIMIT;
    this.subscription = source.onDidChange(() => this.schedule());
    const works = source.works();
    if (works.length <= this.syncLimit) this.initialWorks = works;
  }

  /** True while a newer index is being built; searches meanwhile use the previous one. */
  get indexing(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Told when searches start to be answered by an index built or restored in the background for the library as it
   * now is: results given meanwhile came from the previous index (see search), and a view showing them may ask again.
   * An index made at once, inside a search, is not announced: that search already used it.
   */
  onDidChangeIndex(listener: () => void): { dispose(): void } {
    return this.indexChanges.add(listener);
  }

  /** Told when `indexing` turns true (an index of a changed library is being made) and back to false. */
  onDidChangeIndexing(listener: (indexing: boolean) => void): { dispose(): void } {
    return this.indexingChanges.add(listener);
  }

  /**
   * Best first (see PaperSearch.search). While a large library is being indexed, the previous index answers:
   * works since removed are left out and works since replaced come back in their new form.
   */
  search(query: string, limit = 50): Paper[] {
    const works = this.source.works();
    if (this.currentWorks === works) return this.current!.search(query, limit);
    if (works.length <= this.syncLimit) return this.adopt(this.indexAtOnce(works), works).search(query, limit);
    void this.build(works).catch(() => undefined);
    if (!this.current && this.initialWorks) this.adopt(this.indexAtOnce(this.initialWorks), this.initialWorks);
    if (!this.current) return [];
    const results: Paper[] = [];
    for (const paper of this.current.search(query, limit)) {
      const now = this.source.lookup(paper.key);
      if (now) results.push(now);
    }
    return results;
  }

  /** Uses a snapshot of the library as it is now instead of building an index; resolves to whether it was. */
  async restore(snapshot: SearchIndexSnapshot): Promise<boolean> {
    const works = this.source.works();
    const engine = this.engine();
    const fingerprint = await this.fingerprint(works, this.options);
    const search = await engine.PaperSearch.restore(works, this.source.themes, snapshot, { ...this.options, fingerprint });
    if (!search || this.disposed || works !== this.source.works()) return false;
    this.pending?.run.cancel();
    this.setPending(undefined);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.adopt(search, works);
    this.indexChanges.fire();
    return true;
  }

  /** Resolves with an index of the library as it is now (building or restoring one if needed). */
  async ready(): Promise<PaperSearch> {
    for (;;) {
      const works = this.source.works();
      if (this.currentWorks === works) return this.current!;
      try {
        return await this.build(works);
      } catch (error) {
        // Cancelled because the library changed again: index the newer library.
        if (!(error instanceof CancelledError) || this.disposed) throw error;
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.indexChanges.clear();
    this.indexingChanges.clear();
    this.subscription.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.pending?.run.cancel();
    this.pending = undefined;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.build(this.source.works()).catch(() => undefined);
    }, this.options.debounceMs ?? 50);
  }

  private build(works: WorkList): Promise<PaperSearch> {
    if (this.currentWorks === works) return Promise.resolve(this.current!);
    if (this.pending?.works === works) return this.pending.run.done;
    this.pending?.run.cancel();
    const run: CancellableRun<PaperSearch> = new CancellableRun((token) => this.index(works, token).finally(() => {
      if (this.pending?.run === run) this.setPending(undefined);
    }));
    this.setPending({ works, run });
    return run.done;
  }

  /**
   * Restores the works' index from the store, or has it built elsewhere, or builds it (and saves it when there is
   * a store).
   */
  private async index(works: WorkList, token: CancellationFlag): Promise<PaperSearch> {
    const start = performance.now();
    const slices = { ...this.options, token };
    const { store, buildElsewhere } = this.options;
    const large = works.length > this.syncLimit;
    const engine = this.engine();
    let search: PaperSearch | undefined;
    let fingerprint: number | undefined;
    // What a snapshot, saved or built elsewhere, must have been taken of.
    if (large && (store || buildElsewhere)) fingerprint = await this.fingerprint(works, slices);
    if (store && fingerprint !== undefined) {
      const bytes = await store.read(snapshotName(engine.SNAPSHOT_VERSION, fingerprint)).catch(() => undefined);
      const snapshot = bytes && engine.decodeSnapshot(bytes);
      if (snapshot) search = await engine.PaperSearch.restore(works, this.source.themes, snapshot, { ...slices, fingerprint });
    }
    const restored = search !== undefined;
    let built: SearchIndexSnapshot | undefined;
    if (!search && buildElsewhere && large) {
      const snapshot = await buildElsewhere(works, this.source.themes, token).catch(() => undefined);
      if (token.isCancellationRequested) throw new CancelledError();
      // Checked like a saved snapshot: it must be of these very works.
      search = snapshot && await engine.PaperSearch.restore(works, this.source.themes, snapshot, { ...slices, fingerprint });
      if (search) built = snapshot;
    }
    search ??= await engine.PaperSearch.build(works, this.source.themes, slices);
    // A large library's first search would otherwise run code V8 has not compiled yet (see PaperSearch.prime), and
    // block the thread for 30-50 ms at 100,000 works: the search a picker or filter left open runs again the moment
    // the index answers. Primed first, in slices, an index restored at a warm start answers ~150 ms later (0.57 s
    // rather than 0.44 s to searchable, median of 8) and its first search takes 12 ms rather than 32; the previous
    // index answers meanwhile.
    if (large) await runInSlices(search.prime(), { ...slices, sliceMs: PRIME_SLICE_MS });
    if (token.isCancellationRequested) throw new CancelledError();
    // A build that finished after a smaller library was indexed at once must not replace that newer index.
    if (works === this.source.works() || !this.current) {
      this.adopt(search, works);
      this.indexChanges.fire();
    }
    this.options.onDidIndex?.(search, performance.now() - start, restored || built !== undefined, built !== undefined);
    if (store && fingerprint !== undefined && !restored) {
      void store.write(snapshotName(engine.SNAPSHOT_VERSION, fingerprint), engine.encodeSnapshotParts(built ?? search.toSnapshot(fingerprint))).catch(() => undefined);
    }
    return search;
  }

  /**
   * The works' fingerprint, from the hashes remembered with the list (passed in: the engine's bundle has its own
   * registry, which remembers nothing); without them each work is hashed, which makes every work of a packed list.
   */
  private fingerprint(works: WorkList, slices: SliceOptions): Promise<number> {
    return runInSlices(this.engine().fingerprintSteps(works, workHashesOf(works)), slices);
  }

  /** An index of a small library, built here and now (a few milliseconds). */
  private indexAtOnce(works: WorkList): PaperSearch {
    return new (this.engine().PaperSearch)(works, this.source.themes, this.options);
  }

  private setPending(pending: SearchService['pending']): void {
    const was = this.pending !== undefined;
    this.pending = pending;
    if (was !== (pending !== undefined) && !this.disposed) this.indexingChanges.fire(pending !== undefined);
  }

  private adopt(search: PaperSearch, works: WorkList): PaperSearch {
    this.initialWorks = undefined;
    this.current = search;
    this.currentWorks = works;
    return search;
  }
}
