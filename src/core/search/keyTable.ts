// Works by folded key, for the exact-key match. A table of typed arrays (a PositionTable of works) rather than a
// Map<string, number> of folded keys: it fills several times quicker (an ASCII key is hashed as folded without making
// the folded string), leaves the garbage collector nothing to trace, and its arrays go into the index's snapshot,
// so a restore on the host's main thread uses them as they are.
import { PositionTable } from '../positionTable';
import { WorkList } from '../workList';
import { normalizeText } from './normalize';

export class KeyTable {
  private table: PositionTable;

  /** `foldedKeyOf(work)` gives the folded key of a work (asked only when two hashes are equal). */
  constructor(capacity: number, foldedKeyOf: (work: number) => string) {
    this.table = new PositionTable(capacity, foldedKeyOf);
  }

  /** An empty table with room for the keys of `works`, which `add` then fills. */
  static of(works: WorkList): KeyTable {
    return new KeyTable(works.length, foldedKeyOf(works));
  }

  /** A table of `works` from the arrays of one that toArrays gave; undefined if they cannot be one. */
  static restore(arrays: { slots: Int32Array; hashes: Int32Array }, works: WorkList): KeyTable | undefined {
    const keyOf = foldedKeyOf(works);
    const table = PositionTable.restore(arrays.slots, arrays.hashes, works.length, keyOf);
    if (!table) return undefined;
    const keys = new KeyTable(0, keyOf);
    keys.table = table;
    return keys;
  }

  /** The table's own arrays, for a snapshot. */
  toArrays(): { slots: Int32Array; hashes: Int32Array } {
    return this.table.toArrays();
  }

  get size(): number {
    return this.table.size;
  }

  /** Maps the folded form of `key` (normalizeText) to `work`; a key met again maps to its latest work, as Map.set does. */
  add(key: string, work: number): void {
    this.table.set(foldedHash(key), work);
  }

  /** The work whose folded key is `folded`. */
  get(folded: string): number | undefined {
    const work = this.table.find(foldedHash(folded), folded);
    return work < 0 ? undefined : work;
  }
}

/**
 * How a table reads the folded key of a work. Made here, where its closure holds the works and nothing else: made
 * inside the index's build, it held every variable of the build that another closure there used (~26 MB of
 * working arrays at 100k works, for as long as the index lived).
 */
function foldedKeyOf(works: WorkList): (work: number) => string {
  return (work) => normalizeText(works.keyAt(work));
}

// The hashes live here, beside their hottest user, rather than with PositionTable: a call into another module's
// exports per key (as tsx, which runs the benchmarks, compiles imports) made filling this table ~30% slower.

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
