// Places a user's own works under the library's themes by the themes' keywords, so they sit beside related corpus
// works in the tree. A work no theme claims gets no theme (the tree shows it under "Your library").
import { Paper, Theme } from '../model';

/** Lower case, accents removed, every run of non-letters and non-digits one space: "Co-Production" -> "co production". */
export function foldForMatching(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
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

export class ThemePlacer {
  /** Folded keyword -> the themes that list it. */
  private readonly themesOf = new Map<string, string[]>();
  /**
   * Hash of a keyword's first word -> the keywords starting with a word of that hash. A text is placed in one pass
   * over its characters, hashing each word as it goes: only a word whose hash is listed is ever made into a string.
   */
  private readonly byFirstWord = new Map<number, Phrase[]>();
  private readonly order: Map<string, number>;
  /** Folded codes of the non-ASCII characters met so far. */
  private readonly foldedCodes = new Map<number, number>();

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
    }
  }

  /**
   * Theme ids for a work, in the library's theme order. A keyword in the title or the keywords field places the
   * work; in the abstract it takes two different keywords of one theme, since a passing mention ("management",
   * "policy") is weak evidence.
   */
  place(paper: Pick<Paper, 'title' | 'subtitle' | 'abstract' | 'extraFields'>): string[] {
    if (!this.byFirstWord.size) return [];
    const placed = new Set<string>();
    for (const field of [paper.title, paper.subtitle, paper.extraFields?.keywords]) {
      if (field) this.eachKeyword(field, (keyword) => this.themesOf.get(keyword)!.forEach((id) => placed.add(id)));
    }
    if (paper.abstract?.text) {
      const seen = new Map<string, string>();
      this.eachKeyword(paper.abstract.text, (keyword) => {
        for (const id of this.themesOf.get(keyword)!) {
          if (placed.has(id)) continue;
          const first = seen.get(id);
          if (first === undefined) seen.set(id, keyword);
          else if (first !== keyword) placed.add(id);
        }
      });
    }
    return placed.size > 1 ? [...placed].sort((a, b) => this.order.get(a)! - this.order.get(b)!) : [...placed];
  }

  /** Calls `found` with each keyword (folded) that occurs in the text as whole words, as foldForMatching splits it. */
  private eachKeyword(text: string, found: (keyword: string) => void): void {
    const length = text.length;
    let at = 0;
    while (at < length) {
      const start = at;
      let hash = FNV_OFFSET;
      let letters = 0;
      for (; at < length; at++) {
        const code = this.fold(text.charCodeAt(at));
        if (code === SEPARATOR) break;
        if (code !== DROPPED) {
          hash = Math.imul(hash ^ code, FNV_PRIME);
          letters++;
        }
      }
      if (letters) {
        const phrases = this.byFirstWord.get(hash >>> 0);
        if (phrases) this.matchPhrases(text, start, phrases, found);
      }
      at++;
    }
  }

  /** Which of the phrases starting with a word of this hash start at `start`. */
  private matchPhrases(text: string, start: number, phrases: readonly Phrase[], found: (keyword: string) => void): void {
    const words: string[] = [];
    let next = start;
    for (const phrase of phrases) {
      let matched = true;
      for (let i = 0; i < phrase.words.length && matched; i++) {
        if (i === words.length) {
          const word = this.readWord(text, next);
          if (!word) break;
          words.push(word.word);
          next = word.next;
        }
        matched = words[i] === phrase.words[i];
      }
      if (matched && words.length >= phrase.words.length) found(phrase.keyword);
    }
  }

  /** The folded word from `from` (skipping separators first), and where reading stopped. */
  private readWord(text: string, from: number): { word: string; next: number } | undefined {
    let at = from;
    while (at < text.length && this.fold(text.charCodeAt(at)) === SEPARATOR) at++;
    const codes: number[] = [];
    for (; at < text.length; at++) {
      const code = this.fold(text.charCodeAt(at));
      if (code === SEPARATOR) break;
      if (code !== DROPPED) codes.push(code);
    }
    return codes.length ? { word: String.fromCharCode(...codes), next: at } : undefined;
  }

  private hashWord(word: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
    return hash >>> 0;
  }

  /** A character as foldForMatching leaves it: lower case, accents dropped; SEPARATOR for anything but a letter or digit. */
  private fold(code: number): number {
    if (code < 128) {
      if (code >= 97 && code <= 122) return code;
      if (code >= 65 && code <= 90) return code + 32;
      return code >= 48 && code <= 57 ? code : SEPARATOR;
    }
    let folded = this.foldedCodes.get(code);
    if (folded === undefined) {
      const char = String.fromCharCode(code);
      if (/\p{M}/u.test(char)) folded = DROPPED;
      else if (!/[\p{L}\p{N}]/u.test(char)) folded = SEPARATOR;
      else folded = char.toLowerCase().normalize('NFD').charCodeAt(0);
      this.foldedCodes.set(code, folded);
    }
    return folded;
  }
}
