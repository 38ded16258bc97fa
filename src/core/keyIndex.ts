// Each work of a list by its key, for the library's lookups and merge. At 100k works a Map of the keys took 40-90 ms
// to fill on the main thread (and its growing tables fed the garbage collector), so the index is a PositionTable (an
// open-addressing table of positions in typed arrays), which can be filled a little at a time while the works arrive
// (extend) and is remembered with the list it indexes (rememberKeyIndex), for the library to use rather than fill its
// own.
import { Paper } from './model';
import { PositionTable } from './positionTable';
import { hashOf } from './search/keyTable';
import { WorkList, workListOf } from './workList';

const INITIAL_CAPACITY = 512;

export class KeyIndex {
  readonly works: WorkList;
  /** The position of each key's last entry. */
  private readonly table: PositionTable;
  /** Keys met more than once: rare, so their entries are found by a scan when asked for. */
  private readonly repeated = new Set<string>();
  private repeatedPositions: Map<string, number[]> | undefined;
  private indexed = 0;

  /** Indexes `works` at once; `extend()` indexes the works appended since (for a list filled in slices). */
  constructor(works: WorkList | readonly Paper[], indexNow = true) {
    const list = (this.works = workListOf(works));
    this.table = new PositionTable(INITIAL_CAPACITY, (position) => list.keyAt(position));
    if (indexNow) this.extend();
  }

  /** Indexes the works added to the list since the last call. */
  extend(): void {
    const { works, table } = this;
    for (let i = this.indexed; i < works.length; i++) {
      const key = works.keyAt(i);
      if (table.set(hashOf(key), i) >= 0) this.repeated.add(key);
    }
    this.indexed = works.length;
    this.repeatedPositions = undefined;
  }

  get size(): number {
    this.current();
    return this.table.size;
  }

  has(key: string): boolean {
    return this.position(key) >= 0;
  }

  /** The last entry with this key (the one a later entry of the same key replaced its predecessors with). */
  get(key: string): Paper | undefined {
    const position = this.position(key);
    return position < 0 ? undefined : this.works.at(position);
  }

  /** Where the last entry with this key is, or -1. */
  position(key: string): number {
    this.current();
    return this.table.find(hashOf(key), key);
  }

  /** Keys in the order of their first entry. */
  *keys(): IterableIterator<string> {
    this.current();
    const { works } = this;
    for (let i = 0; i < works.length; i++) {
      const key = works.keyAt(i);
      if (!this.repeated.has(key) || this.positions(key)[0] === i) yield key;
    }
  }

  /** Keys with more than one entry. */
  repeatedKeys(): ReadonlySet<string> {
    this.current();
    return this.repeated;
  }

  /** Where every entry with this key is, in order. */
  positions(key: string): readonly number[] {
    this.current();
    if (!this.repeated.has(key)) {
      const position = this.position(key);
      return position < 0 ? [] : [position];
    }
    if (!this.repeatedPositions) {
      const found = new Map<string, number[]>([...this.repeated].map((repeat) => [repeat, []]));
      for (let i = 0; i < this.works.length; i++) found.get(this.works.keyAt(i))?.push(i);
      this.repeatedPositions = found;
    }
    return this.repeatedPositions.get(key) ?? [];
  }

  /** Indexed up to the end of the list. */
  private current(): void {
    if (this.indexed !== this.works.length) this.extend();
  }
}

/** Indexes remembered with the lists they index (a list is read only once made, so an index stays true). */
const remembered = new WeakMap<WorkList, KeyIndex>();

export function rememberKeyIndex(index: KeyIndex): void {
  remembered.set(index.works, index);
}

/** The index remembered with exactly this list, if any. */
export function rememberedKeyIndex(works: WorkList | readonly Paper[]): KeyIndex | undefined {
  return remembered.get(workListOf(works));
}

/** The remembered index of exactly this list, or a new one (filled now). */
export function keyIndexOf(works: WorkList | readonly Paper[]): KeyIndex {
  let index = rememberedKeyIndex(works);
  if (!index) {
    index = new KeyIndex(works);
    rememberKeyIndex(index);
  }
  return index;
}
