// Each work of a list by its key, for the library's lookups and merge. At 100k works a Map of the keys took 40-90 ms
// to fill on the main thread (and its growing tables fed the garbage collector), so the index is a PositionTable (an
// open-addressing table of positions in typed arrays), which can be filled a little at a time while the works arrive
// (extend) and is remembered with the list it indexes (rememberKeyIndex), for the library to use rather than fill its
// own.
import { PositionTable } from './positionTable';
import { hashOf } from './search/keyTable';

export interface Keyed {
  readonly key: string;
}

const INITIAL_CAPACITY = 512;

export class KeyIndex<T extends Keyed = Keyed> {
  /** The position of each key's last entry. */
  private readonly table: PositionTable;
  /** Keys met more than once: rare, so their entries are found by a scan when asked for. */
  private readonly repeated = new Set<string>();
  private repeatedEntries: Map<string, T[]> | undefined;
  private indexed = 0;

  /** Indexes `works` at once; `extend()` indexes the works appended since (for a list filled in slices). */
  constructor(readonly works: readonly T[], indexNow = true) {
    this.table = new PositionTable(INITIAL_CAPACITY, (position) => works[position].key);
    if (indexNow) this.extend();
  }

  /** Indexes the works added to the list since the last call. */
  extend(): void {
    const { works, table } = this;
    for (let i = this.indexed; i < works.length; i++) {
      const key = works[i].key;
      if (table.set(hashOf(key), i) >= 0) this.repeated.add(key);
    }
    this.indexed = works.length;
    this.repeatedEntries = undefined;
  }

  get size(): number {
    this.current();
    return this.table.size;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The last entry with this key (the one a later entry of the same key replaced its predecessors with). */
  get(key: string): T | undefined {
    this.current();
    const position = this.table.find(hashOf(key), key);
    return position < 0 ? undefined : this.works[position];
  }

  /** Keys in the order of their first entry. */
  *keys(): IterableIterator<string> {
    this.current();
    for (const work of this.works) {
      if (!this.repeated.has(work.key) || this.entries(work.key)[0] === work) yield work.key;
    }
  }

  /** Keys with more than one entry. */
  repeatedKeys(): ReadonlySet<string> {
    this.current();
    return this.repeated;
  }

  /** Every entry with this key, in order. */
  entries(key: string): readonly T[] {
    this.current();
    if (!this.repeated.has(key)) {
      const work = this.get(key);
      return work ? [work] : [];
    }
    if (!this.repeatedEntries) {
      const found = new Map<string, T[]>([...this.repeated].map((repeat) => [repeat, []]));
      for (const work of this.works) found.get(work.key)?.push(work);
      this.repeatedEntries = found;
    }
    return this.repeatedEntries.get(key) ?? [];
  }

  /** Indexed up to the end of the list. */
  private current(): void {
    if (this.indexed !== this.works.length) this.extend();
  }
}

/** Indexes remembered with the lists they index (a list is read only once made, so an index stays true). */
const remembered = new WeakMap<readonly Keyed[], KeyIndex>();

export function rememberKeyIndex<T extends Keyed>(index: KeyIndex<T>): void {
  remembered.set(index.works, index);
}

/** The index remembered with exactly this list, if any. */
export function rememberedKeyIndex<T extends Keyed>(works: readonly T[]): KeyIndex<T> | undefined {
  return remembered.get(works) as KeyIndex<T> | undefined;
}

/** The remembered index of exactly this list, or a new one (filled now). */
export function keyIndexOf<T extends Keyed>(works: readonly T[]): KeyIndex<T> {
  let index = rememberedKeyIndex(works);
  if (!index) {
    index = new KeyIndex(works);
    rememberKeyIndex(index);
  }
  return index;
}
