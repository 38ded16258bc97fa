// The host side of the parse worker: starts it on first use, sends load requests, reads the packed works it sends
// back in slices of a few milliseconds (into a PackedWorkList, which makes a work only when one is asked for), and
// stops it when idle (a parse of a large library leaves a large heap behind). Parsing never runs on the extension
// host's main thread unless no worker can be started at all.
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { Paper, Theme } from '../core/model';
import { SearchIndexSnapshot } from '../core/search/searchIndex';
import { BibliographyProblem, decodeBibliography } from '../core/bibliography/parseBibliography';
import { keysInBibtex } from '../core/bibliography/appendPlan';
import { CancellationFlag, runInSlices, SliceOptions, Steps } from '../core/search/steps';
import { KeyIndex } from '../core/keyIndex';
import { segmentsOf, WorkList, workListOf } from '../core/workList';
import { DoneReply, LoadRequest, WorkerOptions, WorkerReply, WorkerRequest, WorksReply } from './workerProtocol';
import { PackedWorkList } from './packedWorkList';

export interface LoadResult {
  works: WorkList;
  /**
   * The works' key index and work hashes, made while they were read (a load in this process comes without), for
   * Library.setUserPapers rather than going over 100k works again on the main thread.
   */
  keys?: KeyIndex;
  hashes?: Float64Array;
  /** The works' reference-list order, made by the worker (from its cache, or as it parsed them). */
  order?: Uint32Array;
  problems: BibliographyProblem[];
  fromCache: boolean;
  size: number;
  mtime: number;
  millis: number;
}

export class LoadError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'LoadError';
  }
}

export type LoadInput = Omit<LoadRequest, 'type' | 'id'>;

export type KeySource = { text: string } | { path: string };

type Pending =
  | { kind: 'load'; input: LoadInput; read: Promise<Reading>; resolve(result: LoadResult): void; reject(error: Error): void }
  | { kind: 'keys'; resolve(keys: Set<string>): void; reject(error: Error): void }
  | { kind: 'index'; resolve(snapshot: SearchIndexSnapshot | undefined): void; reject(error: Error): void };

/** What `dist/parseWorker.js` exports for use without a worker thread. */
interface InProcessModule {
  loadInProcess(request: LoadRequest, options: WorkerOptions): Promise<{ papers: Paper[]; problems: BibliographyProblem[]; order?: Uint32Array; fromCache: boolean; size: number; mtime: number; millis: number }>;
}

/** A load's works as they are read, with their key index filled in the same slices (for the library). */
interface Reading {
  works: PackedWorkList;
  keys: KeyIndex;
}

function reading(): Reading {
  const works = new PackedWorkList();
  return { works, keys: new KeyIndex(works, false) };
}

const IDLE_MILLIS = 30_000;
/**
 * Longest run of reading the works between two turns of the event loop. Short, because a stall is a slice plus
 * whatever collection of the young generation falls in it.
 */
const READ_SLICE_MILLIS = 4;
/** Works of a library not from the load the worker holds are sent along (cloned); past this many, it is not worth it. */
const MAX_SENT_WORKS = 2000;
const CANCEL_POLL_MILLIS = 100;

export class ParserClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private workerUnavailable = false;
  private disposed = false;
  /** The latest load of each file: its id and cache key, and the works it gave (while the library holds them). */
  private readonly loaded = new Map<string, { id: number; size: number; mtime: number; works: WeakRef<PackedWorkList> }>();

  constructor(
    private readonly workerFile: string,
    private readonly options: WorkerOptions,
    private readonly onWorkerDied: (message: string) => void = () => undefined,
    /**
     * How slices of reading the works give the event loop back (a TurnQueue shared with the other sliced work), and
     * the length of each (the benchmark reports the longest).
     */
    private readonly slices: Pick<SliceOptions, 'onSlice' | 'yieldToHost'> = {},
  ) {}

  load(input: LoadInput): Promise<LoadResult> {
    if (this.disposed) return Promise.reject(new LoadError('The extension is shutting down.'));
    const request: LoadRequest = { ...input, type: 'load', id: this.nextId++ };
    const worker = this.ensureWorker();
    if (!worker) return this.loadInProcess(request);
    return new Promise<LoadResult>((resolve, reject) => {
      // The bytes read through vscode.workspace.fs move to the worker rather than being copied.
      const transfer = request.bytes && request.bytes.byteOffset === 0 && request.bytes.byteLength === request.bytes.buffer.byteLength
        ? [request.bytes.buffer as ArrayBuffer] : [];
      this.send(worker, request, { kind: 'load', input, read: Promise.resolve(reading()), resolve, reject }, transfer);
    });
  }

  /**
   * The keys a BibTeX text, or local file, defines, read by the worker (for large ones; small ones are quicker read
   * in place).
   */
  keys(source: KeySource): Promise<Set<string>> {
    if (this.disposed) return Promise.reject(new LoadError('The extension is shutting down.'));
    const worker = this.ensureWorker();
    if (!worker) {
      return 'text' in source ? Promise.resolve(keysInBibtex(source.text))
        : fs.promises.readFile(source.path).then((bytes) => keysInBibtex(decodeBibliography(bytes)));
    }
    return new Promise<Set<string>>((resolve, reject) => {
      this.send(worker, { type: 'keys', id: this.nextId++, ...source }, { kind: 'keys', resolve, reject }, []);
    });
  }

  /**
   * Has the worker build a search index of `papers`, a library made mostly of the works of one load, and resolves
   * to its snapshot (its arrays in shared memory, not copied); undefined when the worker can no longer have those
   * works (not held since it stopped, nor in its cache), none of the library came from it, or the token was set.
   */
  async buildIndex(papers: WorkList, themes: readonly Theme[], token: CancellationFlag): Promise<SearchIndexSnapshot | undefined> {
    let from: { file: string; id: number; size: number; mtime: number; works: PackedWorkList } | undefined;
    for (const [file, { works, ...load }] of this.loaded) {
      const list = works.deref();
      if (list && (!from || list.length > from.works.length)) from = { file, ...load, works: list };
    }
    const worker = from && !this.disposed ? this.ensureWorker() : undefined;
    if (!worker || !from) return undefined;
    const found = await runInSlices(orderSteps(papers, from.works), { sliceMs: READ_SLICE_MILLIS, token, yieldToHost: this.slices.yieldToHost });
    if (!found || this.worker !== worker || token.isCancellationRequested) return undefined;
    const { order, others } = found;
    const id = this.nextId++;
    const { file, size, mtime } = from;
    const request: WorkerRequest = { type: 'index', id, load: from.id, source: { file, size, mtime }, order, others, themes: themes.map((theme) => ({ id: theme.id, label: theme.label })) };
    return new Promise<SearchIndexSnapshot | undefined>((resolve, reject) => {
      // The token has no event: looked at now and then, so a build for a library since changed stops early.
      const poll = setInterval(() => {
        if (!token.isCancellationRequested) return;
        clearInterval(poll);
        this.worker?.postMessage({ type: 'cancel', id } satisfies WorkerRequest);
      }, CANCEL_POLL_MILLIS);
      const settle = <T>(then: (value: T) => void) => (value: T) => {
        clearInterval(poll);
        then(value);
      };
      this.send(worker, request, { kind: 'index', resolve: settle(resolve), reject: settle(reject) }, [order.buffer as ArrayBuffer]);
    });
  }

  private send(worker: Worker, request: WorkerRequest, pending: Pending, transfer: ArrayBuffer[]): void {
    this.pending.set(request.id, pending);
    this.stopIdleTimer();
    worker.postMessage(request, transfer);
  }

  /** Stops the worker; resolves once its thread has ended, after which no cache write of its can land. */
  dispose(): Promise<void> {
    this.disposed = true;
    this.stopIdleTimer();
    this.failAll(new LoadError('The extension is shutting down.'));
    const stopped = this.worker?.terminate().then(() => undefined, () => undefined) ?? Promise.resolve();
    this.worker = undefined;
    return stopped;
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (this.workerUnavailable) return undefined;
    try {
      if (!fs.existsSync(this.workerFile)) throw new Error(`${this.workerFile} is missing`);
      const worker = new Worker(this.workerFile, { workerData: this.options, name: 'nhsLibrary bibliography parser' });
      worker.on('message', (reply: WorkerReply) => this.receive(reply));
      worker.on('error', (error) => this.died(worker, `The bibliography parser failed: ${error.message}`));
      worker.on('exit', (code) => this.died(worker, `The bibliography parser stopped (exit code ${code}).`));
      this.worker = worker;
      return worker;
    } catch {
      this.workerUnavailable = true;
      return undefined;
    }
  }

  private receive(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    switch (reply.type) {
      case 'works':
        // Read one piece after another (from the cache, while the worker reads the next).
        if (pending.kind === 'load') {
          pending.read = pending.read.then((into) => this.readPiece(reply, into));
          // Looked at when `done` comes; a load that fails first must not leave a rejection unhandled.
          pending.read.catch(() => undefined);
        }
        return;
      case 'done':
        this.pending.delete(reply.id);
        if (pending.kind === 'load') this.finish(reply, pending.input, pending.read).then(pending.resolve, pending.reject);
        break;
      case 'index':
        this.pending.delete(reply.id);
        if (pending.kind === 'index') pending.resolve(reply.snapshot);
        break;
      case 'keys':
        this.pending.delete(reply.id);
        if (pending.kind === 'keys') pending.resolve(new Set(reply.keys));
        break;
      case 'failed':
        this.pending.delete(reply.id);
        pending.reject(new LoadError(reply.message, reply.code));
        break;
    }
    if (this.pending.size === 0) this.startIdleTimer();
  }

  /** Adds the works of a piece to `into`, read (and their keys indexed) in slices. */
  private async readPiece(reply: WorksReply, into: Reading): Promise<Reading> {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- read live by the token
    const client = this;
    const token = { get isCancellationRequested() { return client.disposed; } };
    const steps = indexing(into.works.addSteps({ bytes: new Uint8Array(reply.works), batches: reply.batches }), into.keys);
    await runInSlices(steps, { ...this.slices, sliceMs: READ_SLICE_MILLIS, token });
    return into;
  }

  /** The load's result once every piece is read; a cache entry that does not read is dropped and the file parsed. */
  private async finish(reply: DoneReply, input: LoadInput, read: Promise<Reading>): Promise<LoadResult> {
    const { problems, order, fromCache, size, mtime, millis } = reply;
    try {
      const { works, keys } = await read;
      this.loaded.set(input.file, { id: reply.id, size, mtime, works: new WeakRef(works) });
      if (!fromCache) this.worker?.postMessage({ type: 'decoded', id: reply.id } satisfies WorkerRequest);
      return { works, keys, hashes: works.workHashes(), order, problems, fromCache, size, mtime, millis };
    } catch (error) {
      if (this.disposed) throw new LoadError('The extension is shutting down.');
      if (fromCache) return this.load({ ...input, useCache: false });
      throw new LoadError(`The bibliography parser's reply could not be read: ${(error as Error).message}`);
    }
  }

  private died(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.stopIdleTimer();
    if (this.pending.size === 0) return;
    // What was loaded before stays in the library; the next load starts a new worker.
    this.failAll(new LoadError(message));
    this.onWorkerDied(message);
  }

  private failAll(error: Error): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of pending) reject(error);
  }

  private async loadInProcess(request: LoadRequest): Promise<LoadResult> {
    // Loaded on demand so the reader stays out of the main bundle; the worker bundle exports it for this case.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(this.workerFile) as InProcessModule;
    try {
      const { papers, ...rest } = await module.loadInProcess(request, this.options);
      return { works: workListOf(papers), ...rest };
    } catch (error) {
      throw error instanceof LoadError ? error : new LoadError((error as Error).message, (error as NodeJS.ErrnoException).code);
    }
  }

  private startIdleTimer(): void {
    this.stopIdleTimer();
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }, IDLE_MILLIS);
    this.idleTimer.unref?.();
  }

  private stopIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}

/** The steps, with the works they add indexed by key after each one (so in the same slice). */
function* indexing<T>(steps: Steps<T>, keys: KeyIndex): Steps<T> {
  for (;;) {
    const next = steps.next();
    keys.extend();
    if (next.done) return next.value;
    yield;
  }
}

/**
 * Where each of `papers` is among `works` (-1 if not there), and those not there, made (for the worker, which has
 * `works` but not them); undefined if those are too many to send. `papers` is the library's list, joined from runs of
 * its sources' lists (segmentsOf), so the runs of `works` map at once and no work is made but those sent.
 */
function* orderSteps(papers: WorkList, works: WorkList): Steps<{ order: Int32Array; others: Paper[] } | undefined> {
  const segments = segmentsOf(papers);
  let outside = 0;
  for (const segment of segments) if (segment.list !== works) outside += segment.count;
  if (outside > MAX_SENT_WORKS) return undefined;
  const order = new Int32Array(papers.length);
  const others: Paper[] = [];
  let at = 0;
  for (const { list, from, count } of segments) {
    if (list === works) {
      for (let k = 0; k < count; k++) order[at + k] = from + k;
    } else {
      order.fill(-1, at, at + count);
      for (let k = 0; k < count; k++) others.push(list.at(from + k));
    }
    at += count;
    yield;
  }
  return { order, others };
}
