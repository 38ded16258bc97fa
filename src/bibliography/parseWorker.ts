// The bibliography parse worker (bundled as dist/parseWorker.js): reads a .bib or CSL-JSON file, parses it, places
// its works under the library's themes, caches the result, and posts the works back packed (worksCodec.ts) in
// shared buffers of a few megabytes (sharedMemory.ts says why shared). Off the extension host's main thread, a large
// library costs the editor nothing but reading the packed works, which the host does in slices (each work is made
// there only when it is shown, hovered or ranked).
// It also builds a large library's search index, from the packed works it still holds (or reads back from its
// cache), so the host only restores it. When no worker can be started, the host loads this bundle and calls
// loadInProcess.
import { promises as fs } from 'fs';
import { constants, setPriority } from 'os';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { keysInBibtex } from '../core/bibliography/appendPlan';
import { BibliographyProblem, decodeBibliography, parseBibliography } from '../core/bibliography/parseBibliography';
import { ThemePlacer } from '../core/bibliography/placeByThemes';
import { Paper } from '../core/model';
import { referenceOrder } from '../core/referenceOrder';
import { buildSearchIndex } from '../core/search/buildSearchIndex';
import { SearchIndexSnapshot } from '../core/search/searchIndex';
import { CancelledError, runInSlices } from '../core/search/steps';
import { CacheKey, ParseCache } from './parseCache';
import { inSharedMemory } from './sharedMemory';
import { IndexRequest, KeysRequest, LoadRequest, WorkerOptions, WorkerReply, WorkerRequest } from './workerProtocol';
import { decodeWorks, PackedWorks, packWorks, SharedStrings, WORKS_PER_BATCH } from './worksCodec';

/** Works packed and posted together: the host decodes a piece in slices, then the next. */
const WORKS_PER_PIECE = 10 * WORKS_PER_BATCH;

/** Receives a piece of the packed works, in order. */
type Emit = (works: PackedWorks) => void;

/**
 * What a load leaves for an index of its works: the pieces it packed, or where to read them back from (a load from
 * the cache decodes nothing).
 */
type Kept = PackedWorks[] | CacheKey | undefined;

interface Loaded {
  kept: Kept;
  /**
   * Writes what was parsed to the cache, for the caller to run once the host has decoded it: the write is a copy of
   * ~100 MB at 100k works, a core's worth of the kernel's time for 0.1-0.2 s, which the host's collector (its
   * helper threads starved) paid for with full-collection pauses of 50-70 ms while it decoded. None after a cache
   * read, or without a cache.
   */
  save?: () => Promise<void>;
  problems: BibliographyProblem[];
  /** The works' reference-list order, so the host need not sort them for the Papers view. */
  order?: Uint32Array;
  fromCache: boolean;
  size: number;
  mtime: number;
  millis: number;
}

class Loader {
  private readonly placer: ThemePlacer;
  private readonly cache: ParseCache | undefined;

  constructor(private readonly options: WorkerOptions) {
    this.placer = new ThemePlacer(options.themes);
    this.cache = options.cacheDir ? new ParseCache(options.cacheDir) : undefined;
    void this.cache?.prune(30);
  }

  async load(request: LoadRequest, emit: Emit): Promise<Loaded> {
    const started = performance.now();
    let size = request.size ?? 0;
    let mtime = request.mtime ?? 0;
    if (request.path !== undefined) {
      const stat = await fs.stat(request.path);
      size = stat.size;
      mtime = Math.trunc(stat.mtimeMs);
    }
    const key = { file: request.file, size, mtime, salt: this.options.cacheSalt };
    if (request.useCache && this.cache) {
      const cached = await this.cache.read(key, emit);
      if (cached) return { ...cached, kept: key, fromCache: true, size, mtime, millis: performance.now() - started };
    }
    const bytes = request.path !== undefined ? await fs.readFile(request.path) : request.bytes ?? new Uint8Array();
    const { papers, problems } = parseBibliography(decodeBibliography(bytes), request.format, request.file, this.placer);
    // Sorted here, where the works are, rather than by the host for its Papers view (0.4 s at 100k works).
    const order = referenceOrder(papers);
    const pieces: PackedWorks[] = [];
    const strings = new SharedStrings();
    // All packed before the first is handed on, so the host decodes while this thread rests. With both at work, the
    // host's collector paused it for longer, its helper threads waiting for a core (cold starts at 100k works:
    // load-phase stalls of 34-79 ms, against 22-44 ms). In shared memory: the host reads the very bytes the cache
    // is written from (a copy of 100 MB, made while the host decodes, slowed its collections by half through the
    // collections the copies set off here).
    for (let i = 0; i < papers.length; i += WORKS_PER_PIECE) pieces.push(packWorks(papers.slice(i, i + WORKS_PER_PIECE), WORKS_PER_BATCH, strings, true));
    for (const works of pieces) emit(works);
    const cache = this.cache;
    // The packed pieces are kept rather than the works: off the heap, they are a third of the size, and the works
    // become garbage, which this thread's next collection need not mark while the host decodes.
    return {
      kept: pieces,
      save: cache && (() => cache.write(key, pieces, { problems, order })),
      problems,
      order,
      fromCache: false,
      size,
      mtime,
      millis: performance.now() - started,
    };
  }

  /** The works a load gave, as they were then; undefined if they can no longer be had. */
  async worksOf(kept: Kept, source: Omit<CacheKey, 'salt'>): Promise<Paper[] | undefined> {
    if (Array.isArray(kept)) return decodeWorks(...kept);
    kept ??= { ...source, salt: this.options.cacheSalt };
    const pieces: PackedWorks[] = [];
    const cached = await this.cache?.read(kept, (works) => pieces.push(works));
    return cached && decodeWorks(...pieces);
  }
}

/** A search index of the library the request describes, as a snapshot; undefined when the works are gone. */
async function buildIndex(loader: Loader, kept: Kept, request: IndexRequest, token: { isCancellationRequested: boolean }): Promise<SearchIndexSnapshot | undefined> {
  const works = await loader.worksOf(kept, request.source);
  if (!works) return undefined;
  const papers: Paper[] = new Array(request.order.length);
  let other = 0;
  for (let i = 0; i < papers.length; i++) {
    const at = request.order[i];
    const paper = at < 0 ? request.others[other++] : works[at];
    if (!paper) return undefined;
    papers[i] = paper;
  }
  // Slices of the worker's own time, so a cancel or another load is heard while it builds.
  const labels = new Map(request.themes.map((theme) => [theme.id, theme.label]));
  const index = await runInSlices(buildSearchIndex(papers, labels), { sliceMs: 50, token });
  return index.toSnapshot(papers);
}

function failure(id: number, error: unknown): Extract<WorkerReply, { type: 'failed' }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  const message = code === 'ENOENT' ? 'The file does not exist (or was removed while it was being read).'
    : code === 'EACCES' || code === 'EPERM' ? 'Permission to read the file was denied.'
      : code === 'EISDIR' ? 'It is a folder, not a file.'
        : (error as Error)?.message ?? String(error);
  return { type: 'failed', id, message, code };
}

async function readKeys(request: KeysRequest): Promise<Set<string>> {
  return keysInBibtex(request.text ?? decodeBibliography(await fs.readFile(request.path ?? '')));
}

let inProcessLoader: { options: WorkerOptions; loader: Loader } | undefined;

/** For the host when no worker thread can be started: the same load, on the calling thread. */
export async function loadInProcess(request: LoadRequest, options: WorkerOptions): Promise<Omit<Loaded, 'kept' | 'save'> & { papers: Paper[] }> {
  if (inProcessLoader?.options !== options) inProcessLoader = { options, loader: new Loader(options) };
  const loader = inProcessLoader.loader;
  const loadAndDecode = async (useCache: boolean) => {
    const pieces: PackedWorks[] = [];
    const { problems, order, fromCache, size, mtime, millis, save } = await loader.load({ ...request, useCache }, (works) => pieces.push(works));
    try {
      const papers = decodeWorks(...pieces);
      if (save) setImmediate(() => void save());
      return { papers, problems, order, fromCache, size, mtime, millis };
    } catch (error) {
      // A corrupt cache entry: parse the file instead.
      if (!fromCache) throw error;
      return undefined;
    }
  };
  try {
    return (await loadAndDecode(request.useCache)) ?? (await loadAndDecode(false))!;
  } catch (error) {
    const reply = failure(request.id, error);
    throw Object.assign(new Error(reply.message), { code: reply.code });
  }
}

/**
 * Has this thread give way to the host's main thread when both want a CPU, as they do while this one builds an index
 * and the host restores, draws the Papers view or answers a keystroke: the editor first. On Linux a thread has a nice
 * value of its own (threads it starts inherit it), so this lowers the worker's priority and not the host's.
 * Elsewhere the priority belongs to the whole process (the extension host), so it is left alone there.
 * Measured in cold start-ups of 100,000 works, alternating with and without: the host's main thread waited for a CPU
 * for a median of 13 ms of its longest stall while the index was built, against 5 ms below normal (6 pairs); with
 * another busy process on the machine, 19 against 13 ms (10 pairs), and as long to searchable.
 */
function giveWayToTheHost(): void {
  if (process.platform !== 'linux') return;
  try {
    setPriority(0, constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not permitted here: the worker runs at the host's priority, as it would elsewhere.
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  giveWayToTheHost();
  const loader = new Loader(workerData as WorkerOptions);

  /** What the latest load of each file kept, by load id, for an index of its works, and its cache write to come. */
  const kept = new Map<number, { file: string; kept: Kept; save?: () => Promise<void> }>();
  const cancelled = new Map<number, { isCancellationRequested: boolean }>();

  const load = async (request: LoadRequest) => {
    try {
      const { kept: keep, save, ...loaded } = await loader.load(request, (works) => {
        // Posted as it is: both threads read the bytes, neither writes them again. Every piece is in shared memory
        // of its own already (packWorks, ParseCache.read); the copy is for any that is not.
        const { bytes } = inSharedMemory(works);
        port.postMessage({ type: 'works', id: request.id, works: bytes.buffer as SharedArrayBuffer, batches: works.batches } satisfies WorkerReply);
      });
      for (const [id, entry] of kept) if (entry.file === request.file) kept.delete(id);
      kept.set(request.id, { file: request.file, kept: keep, save });
      port.postMessage({ type: 'done', id: request.id, ...loaded } satisfies WorkerReply);
    } catch (error) {
      port.postMessage(failure(request.id, error));
    }
  };

  const index = async (request: IndexRequest) => {
    const token = { isCancellationRequested: false };
    cancelled.set(request.id, token);
    try {
      const snapshot = await buildIndex(loader, kept.get(request.load)?.kept, request, token);
      port.postMessage({ type: 'index', id: request.id, snapshot: snapshot && inSharedMemory(snapshot) } satisfies WorkerReply);
    } catch (error) {
      if (error instanceof CancelledError) port.postMessage({ type: 'index', id: request.id } satisfies WorkerReply);
      else port.postMessage(failure(request.id, error));
    } finally {
      cancelled.delete(request.id);
    }
  };

  port.on('message', (request: WorkerRequest) => {
    switch (request.type) {
      case 'decoded': {
        const entry = kept.get(request.id);
        const save = entry?.save;
        if (entry) entry.save = undefined;
        void save?.();
        break;
      }
      case 'index':
        void index(request);
        break;
      case 'cancel': {
        const token = cancelled.get(request.id);
        if (token) token.isCancellationRequested = true;
        break;
      }
      case 'keys':
        void readKeys(request).then(
          (keys) => port.postMessage({ type: 'keys', id: request.id, keys: [...keys] } satisfies WorkerReply),
          (error) => port.postMessage(failure(request.id, error)));
        break;
      case 'load':
        void load(request);
        break;
    }
  });
}
