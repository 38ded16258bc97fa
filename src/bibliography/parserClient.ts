// The host side of the parse worker: starts it on first use, sends load requests, collects the batches of papers,
// and stops it when idle (a parse of a large library leaves a large heap behind). Parsing never runs on the
// extension host's main thread unless no worker can be started at all.
import * as fs from 'fs';
import { Worker } from 'worker_threads';
import { Paper } from '../core/model';
import { BibliographyProblem, decodeBibliography } from '../core/bibliography/parseBibliography';
import { keysInBibtex } from '../core/bibliography/appendPlan';
import { LoadRequest, WorkerOptions, WorkerReply, WorkerRequest } from './workerProtocol';

export interface LoadResult {
  papers: Paper[];
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
  | { kind: 'load'; papers: Paper[]; resolve(result: LoadResult): void; reject(error: Error): void }
  | { kind: 'keys'; resolve(keys: Set<string>): void; reject(error: Error): void };

/** What `dist/parseWorker.js` exports for use without a worker thread. */
interface InProcessModule {
  loadInProcess(request: LoadRequest, options: WorkerOptions): Promise<{ papers: Paper[]; problems: BibliographyProblem[]; fromCache: boolean; size: number; mtime: number; millis: number }>;
}

const IDLE_MILLIS = 30_000;

export class ParserClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private workerUnavailable = false;
  private disposed = false;

  constructor(
    private readonly workerFile: string,
    private readonly options: WorkerOptions,
    private readonly onWorkerDied: (message: string) => void = () => undefined,
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
      this.send(worker, request, { kind: 'load', papers: [], resolve, reject }, transfer);
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

  private send(worker: Worker, request: WorkerRequest, pending: Pending, transfer: ArrayBuffer[]): void {
    this.pending.set(request.id, pending);
    this.stopIdleTimer();
    worker.postMessage(request, transfer);
  }

  dispose(): void {
    this.disposed = true;
    this.stopIdleTimer();
    this.failAll(new LoadError('The extension is shutting down.'));
    void this.worker?.terminate();
    this.worker = undefined;
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
      case 'papers': {
        if (pending.kind === 'load') for (const paper of reply.papers) pending.papers.push(paper);
        // Asked for after this turn of the event loop, so the editor gets its turn between batches.
        const worker = this.worker;
        setImmediate(() => worker?.postMessage({ type: 'next', id: reply.id } satisfies WorkerRequest));
        return;
      }
      case 'done':
        this.pending.delete(reply.id);
        if (pending.kind === 'load') pending.resolve({ papers: pending.papers, problems: reply.problems, fromCache: reply.fromCache, size: reply.size, mtime: reply.mtime, millis: reply.millis });
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
      return await module.loadInProcess(request, this.options);
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
