// Keeps a PaperSearch in step with a changing library without blocking the extension host: small libraries are
// indexed at once, large ones in time slices in the background while the previous index keeps answering.
import { Paper, Theme } from '../model';
import { PaperSearch, PaperSearchOptions } from './paperSearch';
import { SearchIndexSnapshot } from './searchIndex';
import { CancellationFlag, CancelledError } from './steps';

/** What the service needs of the library (Library satisfies it). */
export interface SearchSource {
  /** The same array until the library changes. */
  papers(): readonly Paper[];
  lookup(key: string): Paper | undefined;
  readonly themes: readonly Theme[];
  onDidChange(listener: () => void): { dispose(): void };
}

export interface SearchServiceOptions extends PaperSearchOptions {
  /** Libraries up to this size are indexed at once when first searched (a few milliseconds). */
  syncLimit?: number;
  /** Longest run of indexing between two yields to the event loop, in milliseconds. */
  sliceMs?: number;
  /** Wait after a change before re-indexing, so files loading one after another cost one build. */
  debounceMs?: number;
  /** Told when an index is ready, with the wall-clock time its build took. */
  onDidIndex?: (search: PaperSearch, ms: number) => void;
}

export class SearchService {
  private current: PaperSearch | undefined;
  private currentPapers: readonly Paper[] | undefined;
  private pending: { papers: readonly Paper[]; token: { isCancellationRequested: boolean }; done: Promise<PaperSearch> } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };
  private disposed = false;

  constructor(private readonly source: SearchSource, private readonly options: SearchServiceOptions = {}) {
    this.subscription = source.onDidChange(() => this.schedule());
  }

  /** True while a newer index is being built; searches meanwhile use the previous one. */
  get indexing(): boolean {
    return this.pending !== undefined;
  }

  /**
   * Best first (see PaperSearch.search). While a large library is being re-indexed, the previous index answers:
   * works since removed are left out and works since replaced come back in their new form.
   */
  search(query: string, limit = 50): Paper[] {
    const papers = this.source.papers();
    if (this.currentPapers === papers) return this.current!.search(query, limit);
    if (papers.length <= (this.options.syncLimit ?? 2000)) return this.adopt(new PaperSearch(papers, this.source.themes, this.options), papers).search(query, limit);
    void this.build(papers).catch(() => undefined);
    if (!this.current) return [];
    const results: Paper[] = [];
    for (const paper of this.current.search(query, limit)) {
      const now = this.source.lookup(paper.key);
      if (now) results.push(now);
    }
    return results;
  }

  /**
   * Uses an index snapshot saved by an earlier session (PaperSearch.toSnapshot) instead of building an index, if
   * it is of the library as it is now; resolves to whether it was. Restoring takes a small fraction of a build.
   */
  async restore(snapshot: SearchIndexSnapshot): Promise<boolean> {
    const papers = this.source.papers();
    const search = await PaperSearch.restore(papers, this.source.themes, snapshot, this.options);
    if (!search || this.disposed || papers !== this.source.papers()) return false;
    if (this.pending) this.pending.token.isCancellationRequested = true;
    this.pending = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.adopt(search, papers);
    return true;
  }

  /** Resolves with an index of the library as it is now (building one if needed). */
  async ready(): Promise<PaperSearch> {
    for (;;) {
      const papers = this.source.papers();
      if (this.currentPapers === papers) return this.current!;
      try {
        return await this.build(papers);
      } catch (error) {
        // Cancelled because the library changed again: index the newer library.
        if (!(error instanceof CancelledError) || this.disposed) throw error;
      }
    }
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    if (this.timer) clearTimeout(this.timer);
    if (this.pending) this.pending.token.isCancellationRequested = true;
    this.pending = undefined;
  }

  private schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.build(this.source.papers()).catch(() => undefined);
    }, this.options.debounceMs ?? 50);
  }

  private build(papers: readonly Paper[]): Promise<PaperSearch> {
    if (this.currentPapers === papers) return Promise.resolve(this.current!);
    if (this.pending?.papers === papers) return this.pending.done;
    if (this.pending) this.pending.token.isCancellationRequested = true;
    const token: CancellationFlag & { isCancellationRequested: boolean } = { isCancellationRequested: false };
    const start = performance.now();
    const done = PaperSearch.build(papers, this.source.themes, { ...this.options, token }).then((search) => {
      if (this.pending?.token === token) this.pending = undefined;
      if (token.isCancellationRequested) throw new CancelledError();
      // A build that finished after a smaller library was indexed at once must not replace that newer index.
      if (papers === this.source.papers() || !this.current) this.adopt(search, papers);
      this.options.onDidIndex?.(search, performance.now() - start);
      return search;
    }, (error: unknown) => {
      if (this.pending?.token === token) this.pending = undefined;
      throw error;
    });
    this.pending = { papers, token, done };
    return done;
  }

  private adopt(search: PaperSearch, papers: readonly Paper[]): PaperSearch {
    this.current = search;
    this.currentPapers = papers;
    return search;
  }
}
