// Works by folded key, for the exact-key match, as an open-addressing table in typed arrays. Restoring an index of
// 100k works from a snapshot fills it several times quicker than a Map<string, number> of folded keys did (folding
// 100k keys and inserting them were most of a restore on the main thread): an ASCII key is hashed as folded without
// making the folded string, and the table leaves the garbage collector nothing to trace.
import { normalizeText } from './normalize';

/** What the index asks of its key lookup (a Map<string, number> of folded keys also serves). */
export interface KeyLookup {
  get(folded: string): number | undefined;
  readonly size: number;
}

export class KeyTable implements KeyLookup {
  /** 1 + work, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;
  private count = 0;

  /** `foldedKeyOf(work)` gives the folded key of a work (asked only when two hashes are equal). */
  constructor(capacity: number, private readonly foldedKeyOf: (work: number) => string) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Maps the folded form of `key` (normalizeText) to `work`; a key met again maps to its latest work, as Map.set does. */
  add(key: string, work: number): void {
    const hash = foldedHash(key);
    let folded: string | undefined;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const found = this.slots[slot];
      if (found === 0) {
        this.slots[slot] = work + 1;
        this.hashes[slot] = hash;
        this.count++;
        return;
      }
      if (this.hashes[slot] === hash && this.foldedKeyOf(found - 1) === (folded ??= this.foldedKeyOf(work))) {
        this.slots[slot] = work + 1;
        return;
      }
    }
  }

  /** The work whose folded key is `folded`. */
  get(folded: string): number | undefined {
    const hash = foldedHash(folded);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const found = this.slots[slot];
      if (found === 0) return undefined;
      if (this.hashes[slot] === hash && this.foldedKeyOf(found - 1) === folded) return found - 1;
    }
  }
}

/** The hash of normalizeText(text); ASCII text (which folds to its lower case) is hashed as it is read. */
function foldedHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 128) return hashOf(normalizeText(text));
    if (code >= 65 && code <= 90) code += 32;
    hash = Math.imul(hash ^ code, 0x01000193);
  }
  return mixed(hash);
}

/** FNV-1a over UTF-16 units, mixed: for tables of strings in typed arrays. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return mixed(hash);
}

/** So the low bits (the slot) depend on every unit. */
function mixed(hash: number): number {
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x45d9f3b);
  return hash ^ (hash >>> 16);
}
