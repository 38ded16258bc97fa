// Places a user's own works under the library's themes by the themes' keywords, so they sit beside related corpus
// works in the tree. A work no theme claims gets no theme (the tree shows it under "Your library").
import { Paper, Theme } from '../model';

/** Lower case, accents removed, every run of non-letters and non-digits one space: "Co-Production" -> "co production". */
export function foldForMatching(text: string): string {
  // Final sigma is sigma: lowering a word as a whole gives ς at its end, where the placer, lowering one character
  // at a time, gives σ.
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/ς/g, 'σ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

interface Phrase {
  /** The folded keyword, words joined by single spaces. */
  keyword: string;
  words: string[];
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 16777619;
/** What a character is to a word: a separator, nothing (a combining mark, dropped as folding drops it), or a code. */
const SEPARATOR = -1;
const DROPPED = 0;
/** fold() for ASCII, by table: the scan over every character of every abstract needs no call for it. */
const ASCII_FOLD = new Int16Array(128).fill(SEPARATOR);
for (let c = 48; c <= 57; c++) ASCII_FOLD[c] = c;
for (let c = 97; c <= 122; c++) ASCII_FOLD[c] = c;
for (let c = 65; c <= 90; c++) ASCII_FOLD[c] = c + 32;
/** Word hashes are cut to 30 bits: V8 keeps such numbers unboxed, as Map keys too. */
const HASH_MASK = 0x3fffffff;
/** How many low bits of a word's hash index the filter that turns most words away before the map. */
const FILTER_BITS = 16;
const FILTER_MASK = (1 << FILTER_BITS) - 1;
const UNDERSCORE = 95;
/** ς folds as σ (see foldForMatching). */
const FINAL_SIGMA = 0x3c2;
const SIGMA = 0x3c3;

export class ThemePlacer {
  /** Folded keyword -> the themes that list it. */
  private readonly themesOf = new Map<string, string[]>();
  /**
   * Hash of a keyword's first word -> the keywords starting with a word of that hash. A text's words are hashed in
   * place (found by a native search, or by a loop over its characters) and compared in place: no word of the text
   * is made into a string.
   */
  private readonly byFirstWord = new Map<number, Phrase[]>();
  /** 1 where some keyword's first word has a hash with these low bits. */
  private readonly firstWordFilter = new Uint8Array(1 << FILTER_BITS);
  private readonly order: Map<string, number>;
  /** The abstract being placed: the first keyword found for each theme not yet placed. */
  private readonly abstractSeen = new Map<string, string>();
  /** Folded codes of the non-ASCII characters met so far. */
  private readonly foldedCodes = new Map<number, number>();
  /**
   * What reading a text stops at, in one native search: every ASCII first word of a keyword as a whole word (any
   * case), each `_`, and each character beyond ASCII. The regular-expression engine finds first words faster than a
   * loop over every character (placing a generated 10k-entry library took 47 ms instead of 60) and needs no warming
   * up; one search for all three, rather than one each, saves two calls into the engine per text (most texts are
   * titles, where the calls cost more than the search).
   */
  private readonly search: RegExp;

  constructor(themes: readonly Pick<Theme, 'id' | 'keywords'>[]) {
    this.order = new Map(themes.map((theme, index) => [theme.id, index]));
    for (const theme of themes) {
      for (const keyword of theme.keywords) {
        const folded = foldForMatching(keyword);
        if (!folded) continue;
        const list = this.themesOf.get(folded) ?? [];
        if (!list.includes(theme.id)) list.push(theme.id);
        this.themesOf.set(folded, list);
      }
    }
    for (const keyword of this.themesOf.keys()) {
      const words = keyword.split(' ');
      const hash = this.hashWord(words[0]);
      const list = this.byFirstWord.get(hash) ?? [];
      list.push({ keyword, words });
      this.byFirstWord.set(hash, list);
      this.firstWordFilter[hash & FILTER_MASK] = 1;
    }
    const asciiFirstWords = [...new Set([...this.themesOf.keys()].map((keyword) => keyword.split(' ')[0]))]
      .filter((word) => /^[a-z0-9]+$/.test(word))
      // Longest first, so the engine tries the likelier whole word first; `\b` at both ends keeps it exact anyway.
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    const firstWords = asciiFirstWords.length > 0 ? `\\b(?:${asciiFirstWords.join('|')})\\b|` : '';
    this.search = new RegExp(`${firstWords}[_\\u0080-\\uffff]`, 'gi');
  }

  /**
   * Theme ids for a work, in the library's theme order. A keyword in the title or the keywords field places the
   * work; in the abstract it takes two different keywords of one theme, since a passing mention ("management",
   * "policy") is weak evidence.
   */
  place(paper: Pick<Paper, 'title' | 'subtitle' | 'abstract' | 'extraFields'>): string[] {
    // A work has a few themes at most: an array, kept in theme order as ids are added.
    const placed: string[] = [];
    if (!this.byFirstWord.size) return placed;
    if (paper.title) this.eachKeyword(paper.title, placed, false);
    if (paper.subtitle) this.eachKeyword(paper.subtitle, placed, false);
    const keywords = paper.extraFields?.keywords;
    if (keywords) this.eachKeyword(keywords, placed, false);
    const abstract = paper.abstract?.text;
    if (abstract) {
      this.abstractSeen.clear();
      this.eachKeyword(abstract, placed, true);
    }
    // Copied out at its size: an array pushed to keeps room for 17, and a work's themes live as long as the library.
    return placed.length === 0 ? placed : placed.slice();
  }

  /** Adds the themes a keyword found in a work's text places it under (see place). */
  private found(keyword: string, placed: string[], inAbstract: boolean): void {
    for (const id of this.themesOf.get(keyword)!) {
      if (placed.includes(id)) continue;
      if (inAbstract) {
        const first = this.abstractSeen.get(id);
        if (first === undefined) {
          this.abstractSeen.set(id, keyword);
          continue;
        }
        if (first === keyword) continue;
      }
      // Inserted in theme order: no sort (and no comparator to make) for the result, and no array of removed
      // elements, as splice makes.
      const order = this.order.get(id)!;
      let at = placed.length;
      placed.push(id);
      while (at > 0 && this.order.get(placed[at - 1])! > order) {
        placed[at] = placed[at - 1];
        at--;
      }
      placed[at] = id;
    }
  }

  /**
   * Passes each keyword (folded) that occurs in the text as whole words, as foldForMatching splits it, to found().
   * Reading every character of every abstract is most of placing: the native search (see `search`) stops only at a
   * keyword's first word in ASCII, whose phrases are compared there, and at a word with a character beyond ASCII
   * (café, naïve), which is read as folding reads it (see wordKeywords). Text with `_` is read word by word.
   */
  private eachKeyword(text: string, placed: string[], inAbstract: boolean): void {
    const search = this.search;
    search.lastIndex = 0;
    while (search.test(text)) {
      const end = search.lastIndex;
      const last = text.charCodeAt(end - 1);
      if (last === UNDERSCORE) {
        // A native `\b` sees `_` as a letter, where folding splits words: text with one (rare) is read word by word
        // from its start, stepping over the separator each word ends at (a run of separators reads as empty words).
        // What was found before the `_` is found again, to no effect (found() is idempotent).
        for (let at = 0; at < text.length; at++) at = this.wordKeywords(text, at, placed, inAbstract);
        return;
      }
      if (last >= 128) {
        // A character beyond ASCII: unless it separates words, its word is read whole, and the search goes on after it.
        if (this.fold(last) === SEPARATOR) continue;
        let start = end - 1;
        while (start > 0 && this.fold(text.charCodeAt(start - 1)) !== SEPARATOR) start--;
        search.lastIndex = this.wordKeywords(text, start, placed, inAbstract);
        continue;
      }
      // A first word: `\b` put an ASCII letter or digit on neither side, so the word is the run ending at lastIndex,
      // unless a letter or mark beyond ASCII continues it (that word is read when the search reaches the character).
      let start = end - 1;
      while (start > 0 && ASCII_FOLD[text.charCodeAt(start - 1)] > 0) start--;
      const widerBefore = start > 0 && this.fold(text.charCodeAt(start - 1)) !== SEPARATOR;
      if (widerBefore || (end < text.length && this.fold(text.charCodeAt(end)) !== SEPARATOR)) continue;
      let hash = FNV_OFFSET;
      for (let at = start; at < end; at++) hash = Math.imul(hash ^ ASCII_FOLD[text.charCodeAt(at)], FNV_PRIME);
      const phrases = this.byFirstWord.get(hash & HASH_MASK);
      if (phrases !== undefined) this.matchPhrases(text, start, phrases, placed, inAbstract);
    }
  }

  /**
   * Passes the keywords starting with the word at `start` (folded as foldForMatching folds it) to found(), and
   * returns where the word ends: at the first separator from `start`, or the text's end. The word is hashed as it
   * is read, calling nothing for ASCII, and most words are turned away by their hash's low bits before any map
   * lookup. A word of marks alone (no letters) is no word to folding.
   */
  private wordKeywords(text: string, start: number, placed: string[], inAbstract: boolean): number {
    const length = text.length;
    let hash = FNV_OFFSET;
    let letters = 0;
    let end = start;
    for (; end < length; end++) {
      const c = text.charCodeAt(end);
      const code = c < 128 ? ASCII_FOLD[c] : this.fold(c);
      if (code === SEPARATOR) break;
      if (code !== DROPPED) {
        hash = Math.imul(hash ^ code, FNV_PRIME);
        letters++;
      }
    }
    if (letters !== 0 && this.firstWordFilter[hash & FILTER_MASK] === 1) {
      const phrases = this.byFirstWord.get(hash & HASH_MASK);
      if (phrases !== undefined) this.matchPhrases(text, start, phrases, placed, inAbstract);
    }
    return end;
  }

  /** Which of the phrases starting with a word of this hash start at `start`. */
  private matchPhrases(text: string, start: number, phrases: readonly Phrase[], placed: string[], inAbstract: boolean): void {
    for (let i = 0; i < phrases.length; i++) {
      if (this.startsWith(text, start, phrases[i].words)) this.found(phrases[i].keyword, placed, inAbstract);
    }
  }

  /**
   * True when the text's folded words from `start` are these: compared character by character as folded, so a
   * common first word ("health", "patient") met thousands of times makes no string.
   */
  private startsWith(text: string, start: number, words: readonly string[]): boolean {
    const length = text.length;
    let at = start;
    for (let w = 0; w < words.length; w++) {
      const word = words[w];
      let matched = 0;
      let letters = 0;
      // A run of marks alone between separators is no word once folded (its marks are dropped): read on past it.
      while (letters === 0 && at < length) {
        while (at < length && this.fold(text.charCodeAt(at)) === SEPARATOR) at++;
        for (; at < length; at++) {
          const code = this.fold(text.charCodeAt(at));
          if (code === SEPARATOR) break;
          if (code === DROPPED) continue;
          if (matched === word.length || word.charCodeAt(matched) !== code) return false;
          matched++;
          letters++;
        }
      }
      if (matched !== word.length) return false;
    }
    return true;
  }

  private hashWord(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
    return hash & HASH_MASK;
  }

  /** A character as foldForMatching leaves it: lower case, accents dropped; SEPARATOR for anything but a letter or digit. */
  private fold(code: number): number {
    if (code < 128) return ASCII_FOLD[code];
    let folded = this.foldedCodes.get(code);
    if (folded === undefined) {
      const char = String.fromCharCode(code);
      if (/\p{M}/u.test(char)) folded = DROPPED;
      else if (!/[\p{L}\p{N}]/u.test(char)) folded = SEPARATOR;
      else folded = char.toLowerCase().normalize('NFD').charCodeAt(0);
      if (folded === FINAL_SIGMA) folded = SIGMA;
      this.foldedCodes.set(code, folded);
    }
    return folded;
  }
}
