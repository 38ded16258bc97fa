// Sliced work shares the event loop's turns. Each run in slices yields with setImmediate, and Node runs every
// immediate queued before a turn's check phase back to back: three runs at once (the load, the index, the Papers
// view) made one block of three slices, 25-35 ms, with no timer, I/O or message between them. Runs that yield
// through one queue resume one per turn instead, so the longest block is one slice, whatever runs at once.

/** Hands the event loop's turns to waiting runs one at a time, first come first served. */
export class TurnQueue {
  /** A few runs at most (one per kind of sliced work), so shift() is cheap. */
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /**
   * Resolves on a later turn of the event loop, once every run that asked before has been resumed: a
   * SliceOptions.yieldToHost.
   */
  readonly next = (): Promise<void> => new Promise<void>((resolve) => {
    this.waiting.push(resolve);
    this.schedule();
  });

  /** Runs waiting now (for tests). */
  get length(): number {
    return this.waiting.length;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.resumeOne);
  }

  /**
   * Resumes the run that has waited longest: its slice runs in this turn's microtasks, just after this returns. An
   * immediate queued now runs on the next turn, after its timers and I/O.
   */
  private readonly resumeOne = (): void => {
    this.scheduled = false;
    const resolve = this.waiting.shift();
    if (this.waiting.length > 0) this.schedule();
    resolve?.();
  };
}
