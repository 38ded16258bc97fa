// A list of works that need not hold them as objects. A large file's works stay packed as the parse worker sent them
// until one is asked for (PackedWorkList), so what goes over every work of a 100k library at start-up (its keys, its
// themes) reads them without making a Paper each, and the host's garbage collector has little to copy about.
import { Paper } from './model';

export interface WorkList {
  readonly length: number;
  /** The work at `index`, made when first asked for where it is not held already: the same object each time. */
  at(index: number): Paper;
  keyAt(index: number): string;
  /** The work's theme ids; not to be changed (lists may be shared between works). */
  themesAt(index: number): readonly string[];
  /** Whether the work comes from a user's file rather than the bundled corpus. */
  isUserWork(index: number): boolean;
}

/** Works held as objects. */
class ArrayWorkList implements WorkList {
  constructor(readonly papers: readonly Paper[]) {}

  get length(): number {
    return this.papers.length;
  }

  at(index: number): Paper {
    const paper = this.papers[index];
    if (paper === undefined) throw new RangeError(`No work at ${index}`);
    return paper;
  }

  keyAt(index: number): string {
    return this.at(index).key;
  }

  themesAt(index: number): readonly string[] {
    return this.at(index).themes;
  }

  isUserWork(index: number): boolean {
    return this.at(index).origin.kind === 'user';
  }
}

/** The same ArrayWorkList for the same array, so that lists can be told apart and remembered by identity. */
const wrapped = new WeakMap<readonly Paper[], ArrayWorkList>();

export function workListOf(works: WorkList | readonly Paper[]): WorkList {
  if (!Array.isArray(works)) return works as WorkList;
  const papers = works as readonly Paper[];
  let list = wrapped.get(papers);
  if (!list) wrapped.set(papers, (list = new ArrayWorkList(papers)));
  return list;
}

/** The list's first `count` works (every work by default), made: for small lists, and callers that need them all at once. */
export function papersOf(list: WorkList, count = list.length): Paper[] {
  if (list instanceof ArrayWorkList) return list.papers.slice(0, count);
  return Array.from({ length: Math.min(count, list.length) }, (_, i) => list.at(i));
}

/** The list's keys, read as they are reached (a sliced build reads them in its steps) rather than copied out first. */
export function* keysOf(list: Pick<WorkList, 'length' | 'keyAt'>): Generator<string> {
  for (let i = 0; i < list.length; i++) yield list.keyAt(i);
}

/** A run of consecutive works of a list. */
export interface Segment {
  list: WorkList;
  from: number;
  count: number;
}

/**
 * The runs of lists `list` is joined from (JoinedWorkList), or the list as one run. Read from the list's shape rather
 * than its class, which another bundle of the extension does not share.
 */
export function segmentsOf(list: WorkList): readonly Segment[] {
  const { segments } = list as Partial<JoinedWorkList>;
  return segments ?? [{ list, from: 0, count: list.length }];
}

/** Lists, or runs of them, joined one after another, without copying their works. */
export class JoinedWorkList implements WorkList {
  readonly length: number;
  readonly segments: readonly Segment[];
  /** Where each segment starts in this list. */
  private readonly starts: Float64Array;
  /** The segment last read from, tried first: reads tend to run on. */
  private last = 0;

  /** A run of a joined list counts as the runs of the lists that list is joined from, so segments name no joined list. */
  constructor(segments: readonly Segment[]) {
    this.segments = segments.flatMap(flatten).filter((segment) => segment.count > 0);
    this.starts = new Float64Array(this.segments.length);
    let length = 0;
    this.segments.forEach((segment, i) => {
      this.starts[i] = length;
      length += segment.count;
    });
    this.length = length;
  }

  at(index: number): Paper {
    const at = this.segmentOf(index);
    const segment = this.segments[at];
    return segment.list.at(segment.from + index - this.starts[at]);
  }

  keyAt(index: number): string {
    const at = this.segmentOf(index);
    const segment = this.segments[at];
    return segment.list.keyAt(segment.from + index - this.starts[at]);
  }

  themesAt(index: number): readonly string[] {
    const at = this.segmentOf(index);
    const segment = this.segments[at];
    return segment.list.themesAt(segment.from + index - this.starts[at]);
  }

  isUserWork(index: number): boolean {
    const at = this.segmentOf(index);
    const segment = this.segments[at];
    return segment.list.isUserWork(segment.from + index - this.starts[at]);
  }

  /** The number of the segment holding `index`, which becomes `last`. */
  private segmentOf(index: number): number {
    if (!(index >= 0 && index < this.length)) throw new RangeError(`No work at ${index}`);
    const { starts, segments } = this;
    const last = this.last;
    if (starts[last] <= index && index < starts[last] + segments[last].count) return last;
    let low = 0;
    let high = segments.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle] <= index) low = middle;
      else high = middle - 1;
    }
    return (this.last = low);
  }
}

/** A run of a list as runs of the lists it is joined from (itself, if it is joined from none). */
function flatten(segment: Segment): Segment[] {
  const runs: Segment[] = [];
  const end = segment.from + segment.count;
  let start = 0;
  for (const run of segmentsOf(segment.list)) {
    const low = Math.max(start, segment.from);
    const high = Math.min(start + run.count, end);
    if (low < high) runs.push({ list: run.list, from: run.from + low - start, count: high - low });
    start += run.count;
  }
  return runs;
}

/** Some works of a list, in a given order (the list sorted, filtered or grouped), without copying them. */
export class PickedWorkList implements WorkList {
  constructor(readonly list: WorkList, readonly positions: Uint32Array) {}

  get length(): number {
    return this.positions.length;
  }

  at(index: number): Paper {
    return this.list.at(this.position(index));
  }

  keyAt(index: number): string {
    return this.list.keyAt(this.position(index));
  }

  themesAt(index: number): readonly string[] {
    return this.list.themesAt(this.position(index));
  }

  isUserWork(index: number): boolean {
    return this.list.isUserWork(this.position(index));
  }

  private position(index: number): number {
    const position = this.positions[index];
    if (position === undefined) throw new RangeError(`No work at ${index}`);
    return position;
  }
}
