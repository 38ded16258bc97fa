// The bibliography parse worker (bundled as dist/parseWorker.js): reads a .bib or CSL-JSON file, parses it, places
// its works under the library's themes, caches the result, and posts the works back in batches. Off the extension
// host's main thread, a large library costs the editor nothing. When no worker can be started, the host loads this
// bundle and calls loadInProcess instead.
import { promises as fs } from 'fs';
import { isMainThread, parentPort, workerData } from 'worker_threads';
import { keysInBibtex } from '../core/bibliography/appendPlan';
import { BibliographyProblem, decodeBibliography, parseBibliography } from '../core/bibliography/parseBibliography';
import { ThemePlacer } from '../core/bibliography/placeByThemes';
import { Paper } from '../core/model';
import { ParseCache } from './parseCache';
import { KeysRequest, LoadRequest, PAPERS_PER_MESSAGE, WorkerOptions, WorkerReply, WorkerRequest } from './workerProtocol';

interface Loaded {
  problems: BibliographyProblem[];
  fromCache: boolean;
  size: number;
  mtime: number;
  millis: number;
}

/** Receives a batch of works; resolves when the next may be produced. */
type Emit = (papers: Paper[]) => Promise<void>;

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
      const problems = await this.cache.read(key, emit);
      if (problems) return { problems, fromCache: true, size, mtime, millis: performance.now() - started };
    }
    const bytes = request.path !== undefined ? await fs.readFile(request.path) : request.bytes ?? new Uint8Array();
    const { papers, problems } = parseBibliography(decodeBibliography(bytes), request.format, request.file, this.placer);
    const millis = performance.now() - started;
    const batches: Paper[][] = [];
    for (let i = 0; i < papers.length; i += PAPERS_PER_MESSAGE) batches.push(papers.slice(i, i + PAPERS_PER_MESSAGE));
    for (const batch of batches) await emit(batch);
    // Written once the works are on their way: a cache write never delays them.
    setImmediate(() => void this.cache?.write(key, batches, problems));
    return { problems, fromCache: false, size, mtime, millis };
  }
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
export async function loadInProcess(request: LoadRequest, options: WorkerOptions): Promise<Loaded & { papers: Paper[] }> {
  if (inProcessLoader?.options !== options) inProcessLoader = { options, loader: new Loader(options) };
  const papers: Paper[] = [];
  try {
    const loaded = await inProcessLoader.loader.load(request, async (batch) => {
      for (const paper of batch) papers.push(paper);
    });
    return { ...loaded, papers };
  } catch (error) {
    const reply = failure(request.id, error);
    throw Object.assign(new Error(reply.message), { code: reply.code });
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const loader = new Loader(workerData as WorkerOptions);
  /** Load id -> resumes it when the host has taken its last batch. */
  const taken = new Map<number, () => void>();

  const load = async (request: LoadRequest) => {
    // Each batch waits for the host to take the one before: the host gets its turn between batches, and the
    // worker decodes the next batch meanwhile.
    let previous: Promise<void> = Promise.resolve();
    const emit: Emit = async (papers) => {
      await previous;
      previous = new Promise<void>((resolve) => taken.set(request.id, resolve));
      port.postMessage({ type: 'papers', id: request.id, papers } satisfies WorkerReply);
    };
    try {
      const loaded = await loader.load(request, emit);
      await previous;
      port.postMessage({ type: 'done', id: request.id, ...loaded } satisfies WorkerReply);
    } catch (error) {
      port.postMessage(failure(request.id, error));
    } finally {
      taken.delete(request.id);
    }
  };

  port.on('message', (request: WorkerRequest) => {
    switch (request.type) {
      case 'next': {
        const resume = taken.get(request.id);
        taken.delete(request.id);
        resume?.();
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
