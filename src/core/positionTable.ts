// Positions in a list by their string keys, as an open-addressing table in typed arrays (linear probing, at most half
// full): at 100k keys a Map<string, number> was several times slower to fill, and its growing tables fed the garbage
// collector. The table holds no strings: each user gives its own hash of a key and a way to read the key at a
// position (one function per table), which is asked only when two hashes are equal. A subclass per user with a keyAt
// method measured no quicker: find and set then saw two classes, and filling a KeyIndex of 100k works slowed by ~9%.

export class PositionTable {
  /** 1 + the position, or 0 for an empty slot. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private count = 0;

  /** Room for `capacity` keys before it first grows; `keyAt(position)` gives the key at a position. */
  constructor(capacity: number, private readonly keyAt: (position: number) => string) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
  }

  /**
   * A table made from the arrays of another (toArrays), using them as they are, for an index restored from a
   * snapshot rather than filled again (~40 ms for 100k keys on the extension host's main thread). Undefined when
   * they cannot be a table of `positions` positions (another layout, a damaged file). A wrong hash can only hide a
   * key, never give a wrong position: find() compares the key itself.
   */
  static restore(slots: Int32Array, hashes: Int32Array, positions: number, keyAt: (position: number) => string): PositionTable | undefined {
    const size = slots.length;
    if (size < 16 || (size & (size - 1)) !== 0 || hashes.length !== size) return undefined;
    let count = 0;
    for (let slot = 0; slot < size; slot++) {
      const found = slots[slot];
      if (found < 0 || found > positions) return undefined;
      if (found !== 0) count++;
    }
    if (count * 2 > size) return undefined;
    const table = new PositionTable(0, keyAt);
    table.slots = slots;
    table.hashes = hashes;
    table.count = count;
    return table;
  }

  /** The table's own arrays (not copies), for restore(). */
  toArrays(): { slots: Int32Array; hashes: Int32Array } {
    return { slots: this.slots, hashes: this.hashes };
  }

  /** The number of distinct keys. */
  get size(): number {
    return this.count;
  }

  /** The position of `key` (whose hash is `hash`), or -1. */
  find(hash: number, key: string): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot];
      if (found === 0) return -1;
      if (this.hashes[slot] === hash && this.keyAt(found - 1) === key) return found - 1;
    }
  }

  /**
   * Maps the key at `position` (whose hash is `hash`) to `position`, as Map.set does: a key met again maps to its
   * latest position. Returns the position it replaced, or -1 for a new key. The key is read only if a hash is equal.
   */
  set(hash: number, position: number): number {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let key: string | undefined;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const found = this.slots[slot];
      if (found === 0) {
        this.slots[slot] = position + 1;
        this.hashes[slot] = hash;
        this.count++;
        return -1;
      }
      if (this.hashes[slot] === hash && this.keyAt(found - 1) === (key ??= this.keyAt(position))) {
        this.slots[slot] = position + 1;
        return found - 1;
      }
    }
  }

  /** Twice the slots, each entry placed again by its hash (no key is read). */
  private grow(): void {
    const { slots, hashes } = this;
    const size = slots.length * 2;
    const mask = size - 1;
    const newSlots = new Int32Array(size);
    const newHashes = new Int32Array(size);
    for (let old = 0; old < slots.length; old++) {
      if (slots[old] === 0) continue;
      let slot = hashes[old] & mask;
      while (newSlots[slot] !== 0) slot = (slot + 1) & mask;
      newSlots[slot] = slots[old];
      newHashes[slot] = hashes[old];
    }
    this.slots = newSlots;
    this.hashes = newHashes;
  }
}
