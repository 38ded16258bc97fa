// Long work written as a generator that yields between small steps, so the same code can run to completion at once
// (small libraries, tests) or in time slices that give the event loop back (the extension host's main thread).

/** Work that yields after each small step and returns its result at the end. */
export type Steps<T> = Generator<void, T, void>;

/** The structural subset of VS Code's CancellationToken the builders look at. */
export interface CancellationFlag {
  readonly isCancellationRequested: boolean;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/** Gives the event loop back between two slices: setImmediate, or a TurnQueue's `next` shared by all sliced work. */
export type YieldToHost = () => Promise<void>;

export interface SliceOptions {
  /** Longest stretch of work between two yields to the event loop, in milliseconds. */
  sliceMs?: number;
  /** How to give the event loop back; setImmediate by default, so I/O and messages run between slices. */
  yieldToHost?: YieldToHost;
  token?: CancellationFlag;
  /** Told the length of each slice; the benchmark uses it to report the longest block of the main thread. */
  onSlice?: (ms: number) => void;
}

export function runToCompletion<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

const yieldWithSetImmediate = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs the steps in slices of about `sliceMs`; rejects with CancelledError once the token is set. */
export async function runInSlices<T>(steps: Steps<T>, options: SliceOptions = {}): Promise<T> {
  const sliceMs = options.sliceMs ?? 8;
  const yieldToHost = options.yieldToHost ?? yieldWithSetImmediate;
  for (;;) {
    if (options.token?.isCancellationRequested) throw new CancelledError();
    const start = performance.now();
    let now = start;
    do {
      const next = steps.next();
      if (next.done) {
        options.onSlice?.(performance.now() - start);
        return next.value;
      }
      now = performance.now();
    } while (now - start < sliceMs);
    options.onSlice?.(now - start);
    await yieldToHost();
  }
}

/**
 * Work that may be dropped before it ends, because what it works on has changed: `cancel()` sets the flag `run`
 * was given, and a sliced run then rejects with CancelledError. A rejection no one waits for is handled here.
 */
export class CancellableRun<T> {
  readonly done: Promise<T>;
  private readonly flag = { isCancellationRequested: false };

  constructor(run: (token: CancellationFlag) => Promise<T>) {
    this.done = run(this.flag);
    this.done.catch(() => undefined);
  }

  get cancelled(): boolean {
    return this.flag.isCancellationRequested;
  }

  cancel(): void {
    this.flag.isCancellationRequested = true;
  }
}

/** 0, 1, 2 ... length - 1: the ids sortSteps starts from. */
export function identityIds(length: number): Uint32Array {
  const ids = new Uint32Array(length);
  for (let i = 0; i < length; i++) ids[i] = i;
  return ids;
}

/**
 * Sorts `ids` by `compare` with a bottom-up merge sort that yields every few thousand moves; returns the sorted
 * array (which may be `ids` itself or a second buffer). Stable, so equal ids keep their order.
 */
export function* sortSteps(ids: Uint32Array, compare: (a: number, b: number) => number): Steps<Uint32Array> {
  const n = ids.length;
  const RUN = 16;
  let work = 0;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const value = ids[i];
      let j = i - 1;
      while (j >= lo && compare(ids[j], value) > 0) {
        ids[j + 1] = ids[j];
        j--;
      }
      ids[j + 1] = value;
    }
    work += RUN * 4;
    if (work >= 4096) {
      work = 0;
      yield;
    }
  }
  let from: Uint32Array = ids;
  let to: Uint32Array = new Uint32Array(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (k < hi) {
        if (i < mid && (j >= hi || compare(from[i], from[j]) <= 0)) to[k++] = from[i++];
        else to[k++] = from[j++];
        if (++work >= 4096) {
          work = 0;
          yield;
        }
      }
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}
