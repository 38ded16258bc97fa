// The candidate-narrowing index: an inverted index from folded words to works, looked up by exact word, prefix and
// one-edit typo, that cuts a library of any size down to a few hundred works for fuse.js to rank.
//
// Layout (compressed sparse rows, so 100k works cost a few typed arrays rather than millions of small objects):
// every distinct word has an id; `headPostings[headOffsets[id] .. headOffsets[id + 1])` lists, in work order,
// `work * 64 + fields` for the short fields (title, people, key, venue, themes, year); `abstractPostings` lists works
// whose abstract has the word. Stop words are left out of abstracts, where they would be a third of all postings.
import { Paper } from '../model';
import { ensureSize, GrowableUint32 } from './growable';
import { normalizeText } from './normalize';
import { ParsedQuery, QueryTerm } from './parseQuery';
import { FIELD_WEIGHTS, ThemeLabels } from './searchFields';
import { runToCompletion, sortSteps, Steps } from './steps';
import { STOP_WORDS } from './stopWords';
import { Vocabulary } from './vocabulary';

const TITLE = 1;
const AUTHORS = 2;
const KEY = 4;
const VENUE = 8;
const THEMES = 16;
const YEAR = 32;
const FIELD_BITS = 64;
const ABSTRACT = 64;
const ALL_FIELDS = 127;
/** Query words past this many still rank (fuse.js), but no longer narrow: a pasted paragraph stays fast. */
const MAX_TERMS = 8;

/** Where the index found a query word, as flags: which fields fuse.js needs to look at for it. */
export const FieldBit = { title: TITLE, authors: AUTHORS, key: KEY, venue: VENUE, themes: THEMES, year: YEAR, abstract: ABSTRACT } as const;

/** Best field weight for each combination of field bits, the title's left out (it depends on the title's length). */
const MASK_WEIGHT = Float32Array.from({ length: FIELD_BITS }, (_, mask) => Math.max(
  0,
  mask & AUTHORS ? FIELD_WEIGHTS.authors : 0,
  mask & KEY ? FIELD_WEIGHTS.key : 0,
  mask & VENUE ? FIELD_WEIGHTS.venue : 0,
  mask & THEMES ? FIELD_WEIGHTS.themes : 0,
  mask & YEAR ? FIELD_WEIGHTS.venue : 0,
));

// How well a word of the index matches a query word; a work's score for the query word is quality x field weight.
const EXACT = 1;
const PREFIX_TYPING = 0.8;
const PREFIX_FINISHED = 0.6;
const TYPO = 0.5;
const TYPO_PREFIX = 0.4;
/** Query words shorter than this match titles, people, keys and the like, but not abstracts. */
const MIN_ABSTRACT_TERM = 3;
/** Shortest query word that may carry a typo, as a whole word / as the start of a word being typed. */
const MIN_TYPO_WORD = 4;
const MIN_TYPO_PREFIX = 5;

const SNAPSHOT_VERSION = 1;

export interface SearchIndexSnapshot {
  version: number;
  size: number;
  /** A hash of the works' keys, titles and years, so a snapshot is never applied to other works. */
  fingerprint: number;
  /** The words, by id, one per line. */
  words: string;
  alphabet: string;
  sortedWords: Uint32Array;
  headOffsets: Uint32Array;
  headPostings: Uint32Array;
  abstractOffsets: Uint32Array;
  abstractPostings: Uint32Array;
  titleLength: Uint8Array;
  defaultOrder: Uint32Array;
}

/** FNV-1a over each work's key, title and year: cheap (tens of ms at 100k works), and order-sensitive. */
function* fingerprintSteps(papers: readonly Paper[]): Steps<number> {
  let hash = 0x811c9dc5;
  const mix = (text: string) => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0xffff, 0x01000193);
  };
  for (let work = 0; work < papers.length; work++) {
    const paper = papers[work];
    mix(paper.key);
    mix(paper.title);
    mix(String(paper.year ?? ''));
    if ((work & 1023) === 1023) yield;
  }
  return hash >>> 0;
}

export interface Candidates {
  /** Works that match the most query words (and a year, when the query has one), best pre-score first. */
  works: number[];
  /** For each of `works`: its year field is one of the query's years (rather than the year only in its text). */
  yearInField: boolean[];
  /** For each of `works`: the sum over query words of log(match quality), 0 when every word matched exactly. */
  exactness: number[];
  /** For each of `works`, for each query word: the fields (FieldBit flags) in which the index found it. */
  fields: number[][];
  /** The work whose key is the whole query, or -1. */
  exactKey: number;
  /** For each query word (of 3 letters or more), the abstract words it matched: what fuse.js needs to see. */
  abstractWords: Set<string>[];
}

export class SearchIndex {
  // Scratch arrays reused by every query, so a keystroke allocates (almost) nothing in proportion to the library.
  private readonly termStamp: Int32Array;
  private readonly termBest: Float32Array;
  private readonly termQuality: Float32Array;
  private readonly termField: Uint8Array;
  private readonly termFields: Uint8Array[] = [];
  private readonly exactness: Float32Array;
  private readonly termList: Uint32Array;
  private readonly queryStamp: Int32Array;
  private readonly yearStamp: Int32Array;
  private readonly cover: Uint16Array;
  private readonly score: Float32Array;
  private readonly yearField: Uint8Array;
  private readonly queryList: Uint32Array;
  private readonly wordStamp: Int32Array;
  private readonly wordQuality: Float32Array;
  private readonly wordList: Uint32Array;
  private wordCount = 0;
  private serial = 0;

  constructor(
    readonly size: number,
    private readonly words: readonly string[],
    /** Word ids in code-unit order of the words, for prefix ranges and lookups. */
    private readonly sortedWords: Uint32Array,
    private readonly headOffsets: Uint32Array,
    private readonly headPostings: Uint32Array,
    private readonly abstractOffsets: Uint32Array,
    private readonly abstractPostings: Uint32Array,
    /** Number of words in each title (at most 255), for the field-length norm. */
    private readonly titleLength: Uint8Array,
    private readonly keys: ReadonlyMap<string, number>,
    /** Works newest first, then by first author and title: the order of an empty query and of ties. */
    readonly defaultOrder: Uint32Array,
    private readonly defaultRank: Uint32Array,
    /** Letters tried when looking for a typo: a-z, and the commonest other letters in the library. */
    private readonly alphabet: readonly string[],
  ) {
    this.termStamp = new Int32Array(size).fill(-1);
    this.termBest = new Float32Array(size);
    this.termQuality = new Float32Array(size);
    this.termField = new Uint8Array(size);
    this.exactness = new Float32Array(size);
    this.termList = new Uint32Array(size);
    this.queryStamp = new Int32Array(size).fill(-1);
    this.yearStamp = new Int32Array(size).fill(-1);
    this.cover = new Uint16Array(size);
    this.score = new Float32Array(size);
    this.yearField = new Uint8Array(size);
    this.queryList = new Uint32Array(size);
    this.wordStamp = new Int32Array(words.length).fill(-1);
    this.wordQuality = new Float32Array(words.length);
    this.wordList = new Uint32Array(words.length);
  }

  /** Bytes held by the index itself (typed arrays, and an estimate for the word strings). */
  byteSize(): number {
    let bytes = 0;
    for (const array of [this.sortedWords, this.headOffsets, this.headPostings, this.abstractOffsets, this.abstractPostings,
      this.titleLength, this.defaultOrder, this.defaultRank, this.termStamp, this.termBest, this.termList, this.queryStamp,
      this.yearStamp, this.cover, this.score, this.yearField, this.queryList, this.wordStamp, this.wordQuality, this.wordList]) {
      bytes += array.byteLength;
    }
    for (const word of this.words) bytes += 16 + word.length;
    return bytes + this.keys.size * 48;
  }

  stats(): { works: number; words: number; headPostings: number; abstractPostings: number } {
    return { works: this.size, words: this.words.length, headPostings: this.headPostings.length, abstractPostings: this.abstractPostings.length };
  }

  /** The index as plain typed arrays and strings: transferable from a worker, or encodable for a disk cache. */
  toSnapshot(papers: readonly Paper[]): SearchIndexSnapshot {
    return {
      version: SNAPSHOT_VERSION,
      size: this.size,
      fingerprint: runToCompletion(fingerprintSteps(papers)),
      words: this.words.join('\n'),
      alphabet: this.alphabet.join(''),
      sortedWords: this.sortedWords,
      headOffsets: this.headOffsets,
      headPostings: this.headPostings,
      abstractOffsets: this.abstractOffsets,
      abstractPostings: this.abstractPostings,
      titleLength: this.titleLength,
      defaultOrder: this.defaultOrder,
    };
  }

  /**
   * Rebuilds an index from a snapshot of the same works, a step at a time (checking the works and keying them
   * takes ~100 ms at 100k works); returns undefined if the snapshot is of other works.
   */
  static *fromSnapshot(snapshot: SearchIndexSnapshot, papers: readonly Paper[]): Steps<SearchIndex | undefined> {
    if (snapshot.version !== SNAPSHOT_VERSION || snapshot.size !== papers.length) return undefined;
    if ((yield* fingerprintSteps(papers)) !== snapshot.fingerprint) return undefined;
    const keys = new Map<string, number>();
    for (let work = 0; work < papers.length; work++) {
      keys.set(normalizeText(papers[work].key), work);
      if ((work & 1023) === 1023) yield;
    }
    const defaultRank = new Uint32Array(papers.length);
    for (let i = 0; i < papers.length; i++) defaultRank[snapshot.defaultOrder[i]] = i;
    yield;
    const words = snapshot.words ? snapshot.words.split('\n') : [];
    yield;
    return new SearchIndex(papers.length, words, snapshot.sortedWords, snapshot.headOffsets, snapshot.headPostings,
      snapshot.abstractOffsets, snapshot.abstractPostings, snapshot.titleLength, keys, snapshot.defaultOrder, defaultRank,
      [...snapshot.alphabet]);
  }

  /**
   * The works worth ranking for a query: those matching every query word (or, when none does, the most words),
   * limited to `cap` by a cheap score in which an exact word beats a prefix, a prefix beats a typo, and a title or
   * name beats an abstract. Years are filters, matched exactly.
   */
  candidates(query: ParsedQuery, cap: number): Candidates {
    const q = ++this.serial;
    const exactKey = this.keys.get(query.compact) ?? -1;
    let queryCount = 0;
    const abstractWords = query.terms.map(() => new Set<string>());
    const hasYears = query.years.length > 0;
    const terms = query.terms.slice(0, MAX_TERMS);
    while (this.termFields.length < terms.length) this.termFields.push(new Uint8Array(this.size));

    if (hasYears) {
      // Years first: every later step then skips works of other years.
      for (const year of query.years) {
        const id = this.findWord(year);
        if (id < 0) continue;
        for (let p = this.headOffsets[id], end = this.headOffsets[id + 1]; p < end; p++) {
          const posting = this.headPostings[p];
          const work = posting >>> 6;
          if (this.queryStamp[work] !== q) this.startWork(work, q, queryCount++, terms.length);
          this.yearStamp[work] = q;
          if (posting & YEAR) this.yearField[work] = 1;
        }
        for (let p = this.abstractOffsets[id], end = this.abstractOffsets[id + 1]; p < end; p++) {
          const work = this.abstractPostings[p];
          if (this.queryStamp[work] !== q) this.startWork(work, q, queryCount++, terms.length);
          this.yearStamp[work] = q;
        }
      }
    }

    terms.forEach((term, termIndex) => {
      const t = ++this.serial;
      const fields = this.termFields[termIndex];
      let termCount = 0;
      // Keeps, per work, the best value and best quality of any index word matching this query word, and where.
      const touch = (work: number, value: number, quality: number, field: number) => {
        if (this.termStamp[work] !== t) {
          this.termStamp[work] = t;
          this.termBest[work] = value;
          this.termQuality[work] = quality;
          this.termField[work] = field;
          this.termList[termCount++] = work;
        } else {
          if (value > this.termBest[work]) this.termBest[work] = value;
          if (quality > this.termQuality[work]) this.termQuality[work] = quality;
          this.termField[work] |= field;
        }
      };
      this.matchWords(term);
      const withAbstracts = term.text.length >= MIN_ABSTRACT_TERM;
      for (let m = 0; m < this.wordCount; m++) {
        const id = this.wordList[m];
        const quality = this.wordQuality[id];
        for (let p = this.headOffsets[id], end = this.headOffsets[id + 1]; p < end; p++) {
          const posting = this.headPostings[p];
          const work = posting >>> 6;
          if (hasYears && this.yearStamp[work] !== q) continue;
          const mask = posting & 63;
          let weight = MASK_WEIGHT[mask];
          if (mask & TITLE) weight = Math.max(weight, FIELD_WEIGHTS.title * (0.5 + 0.5 / Math.sqrt(this.titleLength[work] || 1)));
          touch(work, quality * weight, quality, mask);
        }
        if (!withAbstracts || this.abstractOffsets[id] === this.abstractOffsets[id + 1]) continue;
        abstractWords[termIndex].add(this.words[id]);
        const value = quality * FIELD_WEIGHTS.abstract;
        for (let p = this.abstractOffsets[id], end = this.abstractOffsets[id + 1]; p < end; p++) {
          const work = this.abstractPostings[p];
          if (hasYears && this.yearStamp[work] !== q) continue;
          touch(work, value, quality, ABSTRACT);
        }
      }
      for (let i = 0; i < termCount; i++) {
        const work = this.termList[i];
        if (this.queryStamp[work] !== q) this.startWork(work, q, queryCount++, terms.length);
        this.cover[work]++;
        this.score[work] += this.termBest[work];
        this.exactness[work] += Math.log(this.termQuality[work]);
        fields[work] = this.termField[work];
      }
    });

    let best = 0;
    for (let i = 0; i < queryCount; i++) best = Math.max(best, this.cover[this.queryList[i]]);
    const pool: number[] = [];
    for (let i = 0; i < queryCount; i++) {
      const work = this.queryList[i];
      if (this.cover[work] === best && (!hasYears || this.yearStamp[work] === q)) pool.push(work);
    }
    if (hasYears && !terms.length) {
      for (const work of pool) this.score[work] = this.yearField[work] ? 1 : 0.5;
    }
    const works = this.topByScore(pool, cap);
    if (exactKey >= 0 && !works.includes(exactKey)) works.unshift(exactKey);
    return {
      works,
      yearInField: works.map((work) => this.yearStamp[work] === q && this.yearField[work] === 1),
      exactness: works.map((work) => (this.queryStamp[work] === q ? this.exactness[work] : 0)),
      // A work the index did not reach for a word (the exact key, words past MAX_TERMS) is searched in every field.
      fields: works.map((work) => query.terms.map((_, i) => (i < terms.length && this.queryStamp[work] === q ? this.termFields[i][work] : ALL_FIELDS))),
      exactKey,
      abstractWords,
    };
  }

  private startWork(work: number, q: number, at: number, termCount: number): void {
    this.queryStamp[work] = q;
    this.cover[work] = 0;
    this.score[work] = 0;
    this.exactness[work] = 0;
    this.yearField[work] = 0;
    for (let i = 0; i < termCount; i++) this.termFields[i][work] = 0;
    this.queryList[at] = work;
  }

  /** Fills wordList with the ids of the words that match a query word, each with its best quality. */
  private matchWords(term: QueryTerm): void {
    const stamp = ++this.serial;
    this.wordCount = 0;
    const text = term.text;
    const exact = this.findWord(text);
    if (exact >= 0) this.addWord(exact, EXACT, stamp);
    this.addPrefixRange(text, term.partial ? PREFIX_TYPING : PREFIX_FINISHED, stamp);
    // Numbers are never fuzzy: "2019" must not find 2018, nor volume 12 find volume 13.
    if (term.kind !== 'word' || text.length < MIN_TYPO_WORD) return;
    const typoPrefix = term.partial && text.length >= MIN_TYPO_PREFIX;
    for (const variant of oneEditVariants(text, this.alphabet)) {
      if (typoPrefix) {
        this.addPrefixRange(variant, TYPO_PREFIX, stamp);
        // addPrefixRange gave the whole word TYPO_PREFIX; a whole-word typo is the better match.
        const id = this.findWord(variant);
        if (id >= 0) this.addWord(id, TYPO, stamp);
      } else {
        const id = this.findWord(variant);
        if (id >= 0) this.addWord(id, TYPO, stamp);
      }
    }
  }

  private addWord(id: number, quality: number, stamp: number): void {
    if (this.wordStamp[id] !== stamp) {
      this.wordStamp[id] = stamp;
      this.wordQuality[id] = quality;
      this.wordList[this.wordCount++] = id;
    } else if (quality > this.wordQuality[id]) {
      this.wordQuality[id] = quality;
    }
  }

  private addPrefixRange(prefix: string, quality: number, stamp: number): void {
    const end = this.lowerBound(prefix + '\uffff');
    for (let i = this.lowerBound(prefix); i < end; i++) this.addWord(this.sortedWords[i], quality, stamp);
  }

  /** The id of a word, or -1. */
  private findWord(word: string): number {
    const i = this.lowerBound(word);
    return i < this.sortedWords.length && this.words[this.sortedWords[i]] === word ? this.sortedWords[i] : -1;
  }

  /** The first position in sortedWords whose word is not below `word`. */
  private lowerBound(word: string): number {
    let lo = 0;
    let hi = this.sortedWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[this.sortedWords[mid]] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The `cap` best works of the pool by score, ties in the default order, best first. */
  private topByScore(pool: number[], cap: number): number[] {
    const better = (a: number, b: number) => this.score[a] - this.score[b] || this.defaultRank[b] - this.defaultRank[a];
    if (pool.length > cap) {
      // A min-heap of the best `cap` so far: O(n log cap) rather than sorting the whole pool.
      const heap = pool.slice(0, cap);
      for (let i = (cap >> 1) - 1; i >= 0; i--) siftDown(heap, i, better);
      for (let i = cap; i < pool.length; i++) {
        if (better(pool[i], heap[0]) > 0) {
          heap[0] = pool[i];
          siftDown(heap, 0, better);
        }
      }
      pool = heap;
    }
    return pool.sort((a, b) => better(b, a));
  }
}

function siftDown(heap: number[], i: number, better: (a: number, b: number) => number): void {
  const n = heap.length;
  for (;;) {
    const left = 2 * i + 1;
    const right = left + 1;
    let least = i;
    if (left < n && better(heap[left], heap[least]) < 0) least = left;
    if (right < n && better(heap[right], heap[least]) < 0) least = right;
    if (least === i) return;
    const swap = heap[i];
    heap[i] = heap[least];
    heap[least] = swap;
    i = least;
  }
}

/** Every string one edit (deletion, adjacent swap, substitution, insertion) away from `word`. */
export function oneEditVariants(word: string, alphabet: readonly string[]): Set<string> {
  const variants = new Set<string>();
  const n = word.length;
  for (let i = 0; i < n; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i + 1);
    variants.add(head + tail);
    if (i + 1 < n) variants.add(head + word[i + 1] + word[i] + word.slice(i + 2));
    for (const letter of alphabet) {
      if (letter !== word[i]) variants.add(head + letter + tail);
    }
  }
  for (let i = 0; i <= n; i++) {
    const head = word.slice(0, i);
    const tail = word.slice(i);
    for (const letter of alphabet) variants.add(head + letter + tail);
  }
  variants.delete(word);
  return variants;
}

/** Builds the index a step at a time (one work, or a few thousand sort moves, per step). */
export function* buildSearchIndex(papers: readonly Paper[], labels: ThemeLabels): Steps<SearchIndex> {
  const size = papers.length;
  const vocabulary = new Vocabulary();
  // Stop words get the first ids, so "is it a stop word" is one comparison.
  for (const word of STOP_WORDS) vocabulary.intern(word);
  const stopWords = vocabulary.size;
  let headStamp = new Int32Array(4096).fill(-1);
  let headSlot = new Uint32Array(4096);
  let abstractStamp = new Int32Array(4096).fill(-1);
  let headCount = new Uint32Array(4096);
  let abstractCount = new Uint32Array(4096);
  const headPairs = new GrowableUint32(size * 16 + 16);
  const abstractWords = new GrowableUint32(size * 32 + 16);
  const headEnd = new Uint32Array(size);
  const abstractEnd = new Uint32Array(size);
  const titleLength = new Uint8Array(size);
  const keys = new Map<string, number>();
  const sortTitle: string[] = new Array(size);
  const sortFamily: string[] = new Array(size);
  const years = new Int32Array(size);

  let work = 0;
  const grow = (id: number) => {
    headStamp = ensureSize(headStamp, id + 1, -1);
    headSlot = ensureSize(headSlot, id + 1);
    abstractStamp = ensureSize(abstractStamp, id + 1, -1);
    headCount = ensureSize(headCount, id + 1);
    abstractCount = ensureSize(abstractCount, id + 1);
  };
  const addHead = (id: number, field: number) => {
    if (id >= headStamp.length) grow(id);
    if (headStamp[id] !== work) {
      headStamp[id] = work;
      headSlot[id] = headPairs.length;
      headPairs.push(id * FIELD_BITS + field);
      headCount[id]++;
    } else {
      headPairs.or(headSlot[id], field);
    }
  };
  /** Indexes the words of a short field; returns how many there were. */
  const head = (text: string | undefined, field: number, camelCase = false): number => {
    if (!text) return 0;
    const count = vocabulary.scan(text, camelCase);
    const ids = vocabulary.ids;
    for (let i = 0; i < count; i++) addHead(ids[i], field);
    return count;
  };

  // The fields as searchFields() gives them to fuse.js, tokenised from the raw text (the vocabulary folds as it goes).
  for (; work < size; work++) {
    const paper = papers[work];
    titleLength[work] = Math.min(head(paper.title, TITLE) + head(paper.subtitle, TITLE), 255);
    for (const people of [paper.authors, paper.editors]) {
      if (!people) continue;
      for (const person of people) {
        head(person.given, AUTHORS);
        head(person.family, AUTHORS);
        head(person.literal, AUTHORS);
      }
    }
    head(paper.key, KEY, true);
    // The whole key is a word too, so a key typed with its punctuation ("smith:2019") finds it by prefix.
    const wholeKey = normalizeText(paper.key);
    addHead(vocabulary.intern(wholeKey), KEY);
    keys.set(wholeKey, work);
    head(paper.venue, VENUE);
    head(paper.publisher, VENUE);
    for (const theme of paper.themes) head(labels.get(theme) ?? theme, THEMES);
    if (paper.year !== undefined) addHead(vocabulary.intern(String(paper.year)), YEAR);
    headEnd[work] = headPairs.length;
    if (paper.abstract) {
      const count = vocabulary.scan(paper.abstract.text);
      const ids = vocabulary.ids;
      for (let i = 0; i < count; i++) {
        const id = ids[i];
        if (id < stopWords) continue;
        if (id >= headStamp.length) grow(id);
        if (abstractStamp[id] !== work) {
          abstractStamp[id] = work;
          abstractWords.push(id);
          abstractCount[id]++;
        }
      }
    }
    abstractEnd[work] = abstractWords.length;
    years[work] = paper.year ?? -1_000_000;
    sortTitle[work] = normalizeText(paper.title);
    const first = paper.authors?.[0] ?? paper.editors?.[0];
    sortFamily[work] = first ? normalizeText(first.family ?? first.literal ?? first.given ?? '') : '\uffff';
    yield;
  }
  const words = vocabulary.words;
  if (words.length > headStamp.length) grow(words.length);

  const wordTotal = words.length;
  const headOffsets = offsetsFrom(headCount, wordTotal);
  const abstractOffsets = offsetsFrom(abstractCount, wordTotal);
  yield;
  const headPostings = new Uint32Array(headOffsets[wordTotal]);
  const abstractPostings = new Uint32Array(abstractOffsets[wordTotal]);
  // The counts become write cursors.
  const headCursor = headCount;
  headCursor.set(headOffsets.subarray(0, wordTotal));
  const abstractCursor = abstractCount;
  abstractCursor.set(abstractOffsets.subarray(0, wordTotal));
  for (let work = 0, h = 0, a = 0; work < size; work++) {
    for (const end = headEnd[work]; h < end; h++) {
      const pair = headPairs.get(h);
      headPostings[headCursor[pair >>> 6]++] = work * FIELD_BITS + (pair & 63);
    }
    for (const end = abstractEnd[work]; a < end; a++) abstractPostings[abstractCursor[abstractWords.get(a)]++] = work;
    if ((work & 63) === 63) yield;
  }

  const sortedWords = yield* sortSteps(identity(wordTotal),
    (a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const defaultOrder = yield* sortSteps(identity(size), (a, b) =>
    years[b] - years[a] || compareStrings(sortFamily[a], sortFamily[b]) || compareStrings(sortTitle[a], sortTitle[b]) || a - b);
  const defaultRank = new Uint32Array(size);
  for (let i = 0; i < size; i++) defaultRank[defaultOrder[i]] = i;

  return new SearchIndex(size, words, sortedWords, headOffsets, headPostings, abstractOffsets, abstractPostings,
    titleLength, keys, defaultOrder, defaultRank, yield* typoAlphabet(words));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const NON_ASCII_RE = /[\u0080-\uffff]/;

function identity(length: number): Uint32Array {
  const ids = new Uint32Array(length);
  for (let i = 0; i < length; i++) ids[i] = i;
  return ids;
}

function offsetsFrom(counts: Uint32Array, total: number): Uint32Array {
  const offsets = new Uint32Array(total + 1);
  for (let i = 0; i < total; i++) offsets[i + 1] = offsets[i] + counts[i];
  return offsets;
}

/** a-z, and the 16 commonest other letters of the library's words (Greek, Cyrillic, letters without a fold). */
function* typoAlphabet(words: readonly string[]): Steps<string[]> {
  const counts = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (NON_ASCII_RE.test(word)) {
      for (const char of word) {
        if (char > '\u007f') counts.set(char, (counts.get(char) ?? 0) + 1);
      }
    }
    if ((i & 4095) === 4095) yield;
  }
  const others = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 16).map(([char]) => char);
  return [...'abcdefghijklmnopqrstuvwxyz', ...others];
}
