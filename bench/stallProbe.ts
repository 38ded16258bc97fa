// How much of each stall of the main thread's event loop the thread spent waiting for a CPU, runnable but not
// running, while other threads had the cores: another process's on a shared machine, or our own (the parse worker,
// the garbage collector's helpers). The rest of a stall is the thread at work (our tasks, garbage collection) or
// asleep (on a lock, or waiting for the collector's helpers). Linux counts both per thread
// (/proc/thread-self/schedstat: time on a CPU, time waiting on a run queue, in nanoseconds); a timer a few
// milliseconds apart reads them on each turn of the event loop. Elsewhere they read as zero.
// The process's CPU time over the same gap tells whose threads had the cores: ours, or another process's. And Node's
// garbage collection entries (perf_hooks) tell how much of the gap the collector paused the thread, and how.
import { readFileSync } from 'fs';
import { constants, PerformanceEntry, PerformanceObserver } from 'perf_hooks';

export interface StallFigures {
  /** The longest gap between two turns, beyond the timer's interval. */
  longestMs: number;
  /** How long the thread waited for a CPU during that gap. */
  waitedMs: number;
  /**
   * How long the thread ran on a CPU from the turn before that gap to the turn that ended it (the gap and the
   * timer's interval): of that span, what it neither ran nor waited for a CPU, it was asleep (on a lock, or on I/O).
   * Absent from results recorded before it was measured.
   */
  ranMs?: number;
  /**
   * The longest of the gaps less the time the thread waited for a CPU in each: the thread at work, or asleep
   * (ranMs tells which, for the longest gap).
   */
  longestOnCpuMs: number;
  /**
   * CPU time all of this process's threads used during the longest gap (the main thread, the parse worker, the
   * collector's helpers, the kernel on their behalf): near twice the gap on 2 cores, the wait was for our own threads.
   * Absent from results recorded before it was measured.
   */
  processCpuMs?: number;
  /**
   * The garbage collector's pauses of the thread during that gap (and the timer's interval before it), as Node
   * reports them: in all, and the longest with its kind. Absent from results recorded before they were measured.
   */
  gcMs?: number;
  longestGcMs?: number;
  longestGcKind?: GcKind;
  /**
   * Time the hypervisor took the machine's CPUs away during that gap (steal, summed over the CPUs, in 10 ms steps):
   * Linux counts it as neither running nor waiting, so a gap the thread seems to have slept through may be this.
   * Absent from results recorded before it was measured.
   */
  stolenMs?: number;
}

/** A collection of the young generation (a scavenge), a full one (its final pause), or a step of incremental marking. */
export type GcKind = 'young' | 'full' | 'incremental' | 'weak callbacks';

function gcKind(entry: PerformanceEntry): GcKind {
  switch ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind) {
    case constants.NODE_PERFORMANCE_GC_MINOR:
      return 'young';
    case constants.NODE_PERFORMANCE_GC_INCREMENTAL:
      return 'incremental';
    case constants.NODE_PERFORMANCE_GC_WEAKCB:
      return 'weak callbacks';
    default:
      return 'full';
  }
}

/**
 * Milliseconds the calling thread has run on a CPU, and waited on a run queue, since it started; zeros where Linux's
 * count is not there.
 */
function threadTimesMs(): { ran: number; waited: number } {
  try {
    const [ran, waited] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map((nanoseconds) => Number(nanoseconds) / 1e6 || 0);
    return { ran, waited };
  } catch {
    return { ran: 0, waited: 0 };
  }
}

/** Milliseconds the hypervisor has taken from the machine's CPUs (the steal column of /proc/stat, in 1/100 s). */
function machineStolenMs(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').slice(0, 200).split('\n')[0].trim().split(/\s+/);
    return Number(fields[8]) * 10 || 0;
  } catch {
    return 0;
  }
}

/** Milliseconds of CPU every thread of this process has used, in user and kernel mode. */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export class StallProbe {
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastThread = { ran: 0, waited: 0 };
  private lastCpu = 0;
  private lastStolen = 0;
  private figures: StallFigures = { longestMs: 0, waitedMs: 0, ranMs: 0, longestOnCpuMs: 0, processCpuMs: 0, stolenMs: 0 };
  /** When the longest gap began (the turn before it) and ended, on performance.now()'s clock. */
  private longestSpan: [number, number] = [0, 0];
  private readonly collections: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => this.collections.push(...list.getEntries()));

  constructor(private readonly intervalMs: number) {}

  start(): void {
    this.observer.observe({ entryTypes: ['gc'] });
    this.last = performance.now();
    this.lastThread = threadTimesMs();
    this.lastCpu = processCpuMs();
    this.lastStolen = machineStolenMs();
    this.timer = setInterval(() => {
      const now = performance.now();
      const thread = threadTimesMs();
      const cpu = processCpuMs();
      const stolen = machineStolenMs();
      const gap = Math.max(0, now - this.last - this.intervalMs);
      const waited = Math.min(gap, thread.waited - this.lastThread.waited);
      if (gap > this.figures.longestMs) {
        this.figures = {
          ...this.figures, longestMs: gap, waitedMs: waited, ranMs: thread.ran - this.lastThread.ran, processCpuMs: cpu - this.lastCpu,
          stolenMs: stolen - this.lastStolen,
        };
        this.longestSpan = [this.last, now];
      }
      this.figures.longestOnCpuMs = Math.max(this.figures.longestOnCpuMs, gap - waited);
      this.last = now;
      this.lastThread = thread;
      this.lastCpu = cpu;
      this.lastStolen = stolen;
    }, this.intervalMs);
  }

  stop(): StallFigures {
    clearInterval(this.timer);
    this.collections.push(...this.observer.takeRecords());
    this.observer.disconnect();
    const [from, to] = this.longestSpan;
    let gcMs = 0;
    let longest: PerformanceEntry | undefined;
    for (const entry of this.collections) {
      const overlap = Math.min(to, entry.startTime + entry.duration) - Math.max(from, entry.startTime);
      if (overlap <= 0) continue;
      gcMs += overlap;
      if (!longest || entry.duration > longest.duration) longest = entry;
    }
    return { ...this.figures, gcMs, longestGcMs: longest?.duration ?? 0, ...(longest ? { longestGcKind: gcKind(longest) } : {}) };
  }
}
