// Each work of a list by its key, for the library's lookups and merge. At 100k works a Map of the keys took 40-90 ms
// to fill on the main thread (and its growing tables fed the garbage collector), so the index is an open-addressing
// table of positions in typed arrays, which can be filled a little at a time while the works arrive (extend) and is
// remembered with the list it indexes (rememberKeyIndex), for the library to use rather than fill its own.
import { hashOf } from './search/keyTable';

export interface Keyed {
  readonly key: string;
}

const INITIAL_SLOTS = 1024;

export class KeyIndex<T extends Keyed = Keyed> {
  /** 1 + the position of the key's last entry, or 0 for an empty slot. */
  private slots = new Int32Array(INITIAL_SLOTS);
  private hashes = new Int32Array(INITIAL_SLOTS);
  private count = 0;
  /** Keys met more than once: rare, so their entries are found by a scan when asked for. */
  private readonly repeated = new Set<string>();
  private repeatedEntries: Map<string, T[]> | undefined;
  private indexed = 0;

  /** Indexes `works` at once; `extend()` indexes the works appended since (for a list filled in slices). */
  constructor(readonly works: readonly T[], indexNow = true) {
    if (indexNow) this.extend();
  }

  /** Indexes the works added to the list since the last call. */
  extend(): void {
    const { works } = this;
    for (let i = this.indexed; i < works.length; i++) {
      if ((this.count + 1) * 2 > this.slots.length) this.grow();
      this.insert(works[i].key, i);
    }
    this.indexed = works.length;
    this.repeatedEntries = undefined;
  }

  get size(): number {
    this.current();
    return this.count;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The last entry with this key (the one a later entry of the same key replaced its predecessors with). */
  get(key: string): T | undefined {
    this.current();
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot];
      if (found === 0) return undefined;
      if (this.hashes[slot] === hash && this.works[found - 1].key === key) return this.works[found - 1];
    }
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

  private insert(key: string, position: number): void {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot];
      if (found === 0) {
        this.slots[slot] = position + 1;
        this.hashes[slot] = hash;
        this.count++;
        return;
      }
      if (this.hashes[slot] === hash && this.works[found - 1].key === key) {
        this.repeated.add(key);
        this.slots[slot] = position + 1;
        return;
      }
    }
  }

  /** Twice the slots, each entry placed again by its hash (no key is read). */
  private grow(): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === 0) continue;
      let slot = hashes[old] & mask;
      while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
      this.slots[slot] = slots[old];
      this.hashes[slot] = hashes[old];
    }
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
