// The open `[` brackets of one paragraph of pandoc text, innermost last, with the keys read directly inside each.
import { ensureSize } from '../search/growable';
import { KeyOccurrence } from './types';

const NO_KEYS: readonly KeyOccurrence[] = Object.freeze([]);
const NO_LISTS: readonly (readonly KeyOccurrence[])[] = Object.freeze([]);

/**
 * Positions sit in a typed array, and key lists exist only for brackets that hold keys: a paragraph of a million
 * `[` (hostile, or a broken paste) pushes a million numbers, which plain arrays took 55 ms to grow through.
 */
export class BracketStack {
  private opens = new Int32Array(16);
  private depth = 0;
  /** The depths of the brackets that hold keys, innermost last, and their keys. */
  private readonly keyedDepths: number[] = [];
  private readonly keyLists: (KeyOccurrence[] | readonly KeyOccurrence[])[] = [];
  /** The keys of the bracket that close() closed last, or undefined when it held none. */
  closedKeys: readonly KeyOccurrence[] | undefined;

  /** How many brackets are open; the innermost is at depth size - 1. */
  get size(): number {
    return this.depth;
  }

  open(position: number): void {
    if (this.depth === this.opens.length) this.opens = ensureSize(this.opens, this.depth + 1);
    this.opens[this.depth++] = position;
  }

  /** Closes the innermost bracket (one must be open) and returns where it opened; its keys are in closedKeys. */
  close(): number {
    const depth = --this.depth;
    const last = this.keyedDepths.length - 1;
    if (last >= 0 && this.keyedDepths[last] === depth) {
      this.keyedDepths.pop();
      this.closedKeys = this.keyLists.pop();
    } else {
      this.closedKeys = undefined;
    }
    return this.opens[depth];
  }

  /**
   * Records a key read directly inside the innermost bracket (one must be open). Without a key, records only that
   * the bracket holds one, making no list: a scan that locates one offset needs no more.
   */
  addKey(key?: KeyOccurrence): void {
    const depth = this.depth - 1;
    const last = this.keyedDepths.length - 1;
    if (last < 0 || this.keyedDepths[last] !== depth) {
      this.keyedDepths.push(depth);
      this.keyLists.push(key ? [key] : NO_KEYS);
    } else if (key) {
      (this.keyLists[last] as KeyOccurrence[]).push(key);
    }
  }

  /** Empties the stack, returning the key lists of the brackets left open, outermost first. */
  clear(): readonly (readonly KeyOccurrence[])[] {
    this.depth = 0;
    // Most paragraphs leave no key in an open bracket: nothing to copy or cut (setting an array's length is a call
    // into the engine).
    if (this.keyLists.length === 0) return NO_LISTS;
    const lists = this.keyLists.slice();
    this.keyedDepths.length = 0;
    this.keyLists.length = 0;
    return lists;
  }
}
