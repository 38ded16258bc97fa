// Interns the words of raw text as numbers, folding case on the fly and without cutting a substring per word: a
// 100k-entry library has ten million words, and lower-casing whole abstracts then hashing fresh substrings in a
// Map was most of the cost of building the index. A word with a non-ASCII letter takes the slow path through
// normalizeText, so the words are exactly those of words(normalizeText(text)).
import { normalizeText, words as foldedWords } from './normalize';

const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const NUMBER = /\p{N}/u;

const SEPARATOR = 0;
const LETTER = 1;
const DIGIT = 2;
/** A letter, mark or digit outside ASCII: part of a word that needs folding. */
const OTHER = 3;

export class Vocabulary {
  readonly words: string[] = [];
  private hashes = new Uint32Array(1024);
  /** Open addressing: word id + 1, or 0 for an empty slot. */
  private table = new Int32Array(4096);
  /** Classes of the non-ASCII characters met so far. */
  private readonly classes = new Map<number, number>();

  get size(): number {
    return this.words.length;
  }

  /** The id of a folded word, adding it if new. */
  intern(word: string): number {
    return this.internRange(word, 0, word.length);
  }

  /** Ids of the words found by the last call to scan. */
  ids = new Uint32Array(256);

  /**
   * Finds the words of `text`, folded (the words of words(normalizeText(text))), and puts their ids in `ids`;
   * returns how many. With `camelCase`, "ClinicalLeadership" gives "clinical" and "leadership" (for keys).
   */
  scan(text: string, camelCase = false): number {
    let count = 0;
    let start = 0;
    let kind = SEPARATOR;
    let folded = false;
    let lowerBefore = false;
    // FNV-1a of the current word, folded to lower case, computed in the same pass that finds the word.
    let hash = 0x811c9dc5;
    for (let i = 0, n = text.length; i <= n; i++) {
      const code = i < n ? text.charCodeAt(i) : 32;
      let next: number;
      let lower = code;
      let upper = false;
      if (code < 128) {
        if (code >= 97 && code <= 122) next = LETTER;
        else if (code >= 65 && code <= 90) {
          next = LETTER;
          lower = code | 32;
          upper = true;
        } else next = code >= 48 && code <= 57 ? DIGIT : SEPARATOR;
      } else {
        next = this.classOf(code);
      }
      // A non-ASCII letter, mark or digit makes the rest of the run (up to a separator) one stretch for the slow
      // path, which splits it where folding says; elsewhere a change between letters and digits ends a word.
      if (next === OTHER) {
        if (kind === SEPARATOR) {
          start = i;
          kind = LETTER;
        }
        folded = true;
        continue;
      }
      const camelBreak = camelCase && upper && lowerBefore && !folded;
      lowerBefore = next === LETTER && !upper;
      if (!camelBreak && (next === kind || (folded && next !== SEPARATOR))) {
        hash = Math.imul(hash ^ lower, 0x01000193);
        continue;
      }
      if (kind !== SEPARATOR) {
        if (count + 64 > this.ids.length) this.growIds();
        if (folded) {
          for (const word of foldedWords(normalizeText(text.slice(start, i)))) {
            if (count === this.ids.length) this.growIds();
            this.ids[count++] = this.intern(word);
          }
        } else {
          this.ids[count++] = this.find(text, start, i, hash >>> 0);
        }
      }
      kind = next;
      start = i;
      folded = false;
      hash = Math.imul(0x811c9dc5 ^ lower, 0x01000193);
    }
    return count;
  }

  /** Calls `visit` with the id of each word of `text` (see scan). */
  forEachWord(text: string, visit: (id: number) => void): void {
    const count = this.scan(text);
    for (let i = 0; i < count; i++) visit(this.ids[i]);
  }

  private growIds(): void {
    const bigger = new Uint32Array(this.ids.length * 2);
    bigger.set(this.ids);
    this.ids = bigger;
  }

  private classOf(code: number): number {
    let kind = this.classes.get(code);
    if (kind === undefined) {
      // Surrogate halves are classed by the pair, leaning on the regex for astral letters.
      const char = String.fromCharCode(code);
      kind = code >= 0xd800 && code <= 0xdfff ? OTHER : LETTER_OR_MARK.test(char) || NUMBER.test(char) ? OTHER : SEPARATOR;
      this.classes.set(code, kind);
    }
    return kind;
  }

  /** The id of `text.slice(start, end)` folded to lower case (ASCII only here), adding it if new. */
  private internRange(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ lowerAscii(text.charCodeAt(i)), 0x01000193);
    return this.find(text, start, end, hash >>> 0);
  }

  /** Like internRange, with the folded FNV-1a hash of the range already known. */
  private find(text: string, start: number, end: number, hash: number): number {
    const mask = this.table.length - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === 0) break;
      const id = entry - 1;
      if (this.hashes[id] === hash) {
        const word = this.words[id];
        if (word.length === length && sameFolded(word, text, start, length)) return id;
      }
    }
    return this.add(text.slice(start, end).toLowerCase(), hash);
  }

  private add(word: string, hash: number): number {
    const id = this.words.length;
    this.words.push(word);
    if (id >= this.hashes.length) {
      const bigger = new Uint32Array(this.hashes.length * 2);
      bigger.set(this.hashes);
      this.hashes = bigger;
    }
    this.hashes[id] = hash;
    // Kept at most half full, so probes stay short.
    if (this.words.length * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(id, hash);
    return id;
  }

  private place(id: number, hash: number): void {
    const mask = this.table.length - 1;
    let slot = hash & mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & mask;
    this.table[slot] = id + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let id = 0; id < this.words.length; id++) this.place(id, this.hashes[id]);
  }
}

function lowerAscii(code: number): number {
  return code >= 65 && code <= 90 ? code | 32 : code;
}

function sameFolded(word: string, text: string, start: number, length: number): boolean {
  for (let i = 0; i < length; i++) {
    if (word.charCodeAt(i) !== lowerAscii(text.charCodeAt(start + i))) return false;
  }
  return true;
}
