// The candidate-narrowing index (layout in indexLayout.ts, built by buildSearchIndex.ts): looks query words up by
// exact word, prefix and one-edit typo, with years as exact filters, and cuts a library of any size down to a few
// hundred works for fuse.js to rank.
import { Paper } from '../model';
import {
  ABSTRACT, ALL_FIELDS, EXACT, IndexData, MASK_WEIGHT, PREFIX_FINISHED, PREFIX_LIST_LENGTH, PREFIX_LIST_SIZE, PREFIX_TYPING,
  PREFIX_WHOLE_WORD, TITLE, titleWeight, topWorks, TYPO, TYPO_PREFIX, YEAR,
} from './indexLayout';
import { KeyLookup, KeyTable } from './keyTable';
import { normalizeText } from './normalize';
import { ParsedQuery, QueryTerm } from './parseQuery';
import { FIELD_WEIGHTS } from './searchFields';
import { runToCompletion, Steps } from './steps';
import { workHash, workHashesOf } from './workHashes';

/** Query words past this many still rank (fuse.js), but no longer narrow: a pasted paragraph stays fast. */
const MAX_TERMS = 8;
/** Shortest query word that may carry a typo, as a whole word / as the start of a word being typed. */
const MIN_TYPO_WORD = 4;
const MIN_TYPO_PREFIX = 5;
/** Shortest finished / still typed query word that is looked for in abstracts (shorter ones say too little). */
const MIN_ABSTRACT_WORD = 3;
const MIN_ABSTRACT_PREFIX = 4;

export interface Candidates {
  /** Works that match the most query words (and a year, when the query has one), best pre-score first. */
  works: number[];
  // The rest describe the first `ranked` (+1 for an exact key) of `works`:
  /** Its year field is one of the query's years (rather than the year only in its text). */
  yearInField: boolean[];
  /** The sum over query words of log(match quality), 0 when every word matched exactly. */
  exactness: number[];
  /** For each query word: the fields (FieldBit flags) in which the index found it. */
  fields: number[][];
  /** For each query word: the abstract's best matching word, or '' (what fuse.js sees of it). */
  abstractWord: string[][];
  /** The work whose key is the whole query, or -1. */
  exactKey: number;
}

/** The index words matching one query word, with how well each matches, and how many postings they have. */
interface Matched {
  ids: Uint32Array;
  quality: Float32Array;
  postings: number;
  abstracts: boolean;
}

export class SearchIndex {
  readonly size: number;
  readonly defaultOrder: Uint32Array;
  private readonly words: readonly string[];
  private readonly alphabet: readonly string[];
  private readonly titleWeight: Float32Array;
  // Scratch arrays reused by every query, so a keystroke allocates (almost) nothing in proportion to the library.
  private readonly termStamp: Int32Array;
  private readonly termBest: Float32Array;
  private readonly termQuality: Float32Array;
  private readonly termField: Uint8Array;
  private readonly termWord: Int32Array;
  private readonly termList: Uint32Array;
  private readonly termFields: Uint8Array[] = [];
  private readonly termAbstractWords: Int32Array[] = [];
  private readonly queryStamp: Int32Array;
  private readonly yearStamp: Int32Array;
  private readonly cover: Uint16Array;
  private readonly score: Float32Array;
  private readonly exactness: Float32Array;
  private readonly yearField: Uint8Array;
  private readonly queryList: Uint32Array;
  private readonly wordStamp: Int32Array;
  private readonly wordQuality: Float32Array;
  private readonly wordList: Uint32Array;
  private wordCount = 0;
  private serial = 0;

  constructor(
    private readonly data: IndexData,
    /** Each work's key, folded, to its position: for the exact-key match. */
    private readonly keys: KeyLookup,
    private readonly defaultRank: Uint32Array,
  ) {
    const size = data.size;
    this.size = size;
    this.defaultOrder = data.defaultOrder;
    this.words = data.words;
    this.alphabet = [...data.alphabet];
    this.titleWeight = new Float32Array(size);
    for (let work = 0; work < size; work++) this.titleWeight[work] = titleWeight(data.titleLength[work]);
    this.termStamp = new Int32Array(size).fill(-1);
    this.termBest = new Float32Array(size);
    this.termQuality = new Float32Array(size);
    this.termField = new Uint8Array(size);
    this.termWord = new Int32Array(size);
    this.termList = new Uint32Array(size);
    this.queryStamp = new Int32Array(size).fill(-1);
    this.yearStamp = new Int32Array(size).fill(-1);
    this.cover = new Uint16Array(size);
    this.score = new Float32Array(size);
    this.exactness = new Float32Array(size);
    this.yearField = new Uint8Array(size);
    this.queryList = new Uint32Array(size);
    this.wordStamp = new Int32Array(this.words.length).fill(-1);
    this.wordQuality = new Float32Array(this.words.length);
    this.wordList = new Uint32Array(this.words.length);
  }

  /** Bytes held by the index itself: its arrays, scratch space, and an estimate for the strings. */
  byteSize(): number {
    const d = this.data;
    let bytes = 0;
    for (const array of [d.sortedWords, d.headOffsets, d.headPostings, d.abstractOffsets, d.abstractPostings, d.titleLength,
      d.defaultOrder, d.prefixOffsets, d.prefixWorks, d.prefixFields, this.defaultRank, this.titleWeight, this.termStamp,
      this.termBest, this.termQuality, this.termField, this.termWord, this.termList, ...this.termFields, ...this.termAbstractWords,
      this.queryStamp, this.yearStamp, this.cover, this.score, this.exactness, this.yearField, this.queryList, this.wordStamp,
      this.wordQuality, this.wordList]) {
      bytes += array.byteLength;
    }
    for (const word of this.words) bytes += 16 + word.length;
    return bytes + this.keys.size * 48;
  }

  stats(): { works: number; words: number; headPostings: number; abstractPostings: number } {
    return { works: this.size, words: this.words.length, headPostings: this.data.headPostings.length, abstractPostings: this.data.abstractPostings.length };
  }

  /**
   * The index as plain typed arrays and strings: transferable from a worker, or encodable for a disk cache.
   * `fingerprint` is that of the works (fingerprintSteps), if already known.
   */
  toSnapshot(papers: readonly Paper[], fingerprint = runToCompletion(fingerprintSteps(papers))): SearchIndexSnapshot {
    const { words, prefixes, ...arrays } = this.data;
    return { ...arrays, version: SNAPSHOT_VERSION, fingerprint, words: words.join('\n'), prefixes: prefixes.join('\n') };
  }

  /**
   * Rebuilds an index from a snapshot of the same works, a step at a time (checking the works and keying them
   * takes ~100 ms at 100k works); returns undefined if the snapshot is of other works. `fingerprint` is that of
   * the works, if already known.
   */
  static *fromSnapshot(snapshot: SearchIndexSnapshot, papers: readonly Paper[], fingerprint?: number): Steps<SearchIndex | undefined> {
    if (snapshot.version !== SNAPSHOT_VERSION || snapshot.size !== papers.length) return undefined;
    if ((fingerprint ?? (yield* fingerprintSteps(papers))) !== snapshot.fingerprint) return undefined;
    const keys = new KeyTable(papers.length, (work) => normalizeText(papers[work].key));
    for (let work = 0; work < papers.length; work++) {
      keys.add(papers[work].key, work);
      if ((work & 1023) === 1023) yield;
    }
    const defaultRank = new Uint32Array(papers.length);
    for (let i = 0; i < papers.length; i++) defaultRank[snapshot.defaultOrder[i]] = i;
    yield;
    // A step each: splitting 100k works' words takes several milliseconds, as does allocating the scratch arrays.
    const words = snapshot.words ? snapshot.words.split('\n') : [];
    yield;
    const data: IndexData = {
      size: snapshot.size,
      words,
      sortedWords: snapshot.sortedWords,
      headOffsets: snapshot.headOffsets,
      headPostings: snapshot.headPostings,
      abstractOffsets: snapshot.abstractOffsets,
      abstractPostings: snapshot.abstractPostings,
      titleLength: snapshot.titleLength,
      defaultOrder: snapshot.defaultOrder,
      alphabet: snapshot.alphabet,
      prefixes: snapshot.prefixes ? snapshot.prefixes.split('\n') : [],
      prefixOffsets: snapshot.prefixOffsets,
      prefixWorks: snapshot.prefixWorks,
      prefixFields: snapshot.prefixFields,
    };
    yield;
    return new SearchIndex(data, keys, defaultRank);
  }

  /**
   * The works worth ranking for a query: those matching every query word (or, when none does, the most words),
   * limited to `cap` by a cheap score in which an exact word beats a prefix, a prefix beats a typo, and a title or
   * name beats an abstract. Years are filters, matched exactly. Only the first `ranked` are put in order and
   * described (the ones fuse.js will rank); the rest, up to `cap`, follow in library order (a filter asking for
   * every match of a broad query at 100k would otherwise sort and describe tens of thousands of works).
   */
  candidates(query: ParsedQuery, cap: number, ranked = cap): Candidates {
    const exactKey = this.keys.get(query.compact) ?? -1;
    const terms = query.terms.slice(0, MAX_TERMS);
    const term = terms[0];
    if (terms.length === 1 && !query.years.length && term.partial && term.text.length <= PREFIX_LIST_LENGTH && cap <= PREFIX_LIST_SIZE) {
      return this.fromPrefixList(query, term.text, cap, exactKey);
    }
    while (this.termFields.length < terms.length) {
      this.termFields.push(new Uint8Array(this.size));
      this.termAbstractWords.push(new Int32Array(this.size));
    }

    const q = ++this.serial;
    let queryCount = 0;
    const hasYears = query.years.length > 0;
    if (hasYears) queryCount = this.markYears(query.years, q);

    // The rarest word first; later words then only visit works that matched every earlier one, which makes
    // "leadership s" cheap however many works have a word starting with s. If no work has every word, a second
    // pass keeps the works that have the most.
    const matched = terms.map((t) => this.matchWords(t));
    const order = terms.map((_, i) => i).sort((a, b) => matched[a].postings - matched[b].postings);
    const yearQ = hasYears ? q : -1;
    let q2 = q;
    for (let k = 0; k < order.length; k++) queryCount = this.addTerm(order[k], matched[order[k]], q2, k, queryCount, terms.length, yearQ);
    let best = 0;
    for (let i = 0; i < queryCount; i++) best = Math.max(best, this.cover[this.queryList[i]]);
    if (best < terms.length && terms.length > 1) {
      q2 = ++this.serial;
      queryCount = hasYears ? this.markYears(query.years, q2, q) : 0;
      for (let k = 0; k < order.length; k++) queryCount = this.addTerm(order[k], matched[order[k]], q2, -1, queryCount, terms.length, yearQ);
      best = 0;
      for (let i = 0; i < queryCount; i++) best = Math.max(best, this.cover[this.queryList[i]]);
    }

    // The pool is compacted in place at the front of queryList (its order is not needed any more). Works of the
    // year that match none of the words are no answer.
    const pool = this.queryList;
    let poolSize = 0;
    if (terms.length && best === 0) queryCount = 0;
    for (let i = 0; i < queryCount; i++) {
      const work = pool[i];
      if (this.cover[work] === best && (!hasYears || this.yearStamp[work] === q)) pool[poolSize++] = work;
    }
    if (hasYears && !terms.length) {
      for (let i = 0; i < poolSize; i++) this.score[pool[i]] = this.yearField[pool[i]] ? 1 : 0.5;
    }
    const works = topWorks(pool, poolSize, Math.min(cap, ranked), this.score, this.defaultRank);
    if (poolSize > works.length && cap > works.length) {
      const listed = ++this.serial;
      for (const work of works) this.termStamp[work] = listed;
      for (let i = 0; i < poolSize && works.length < cap; i++) {
        if (this.termStamp[pool[i]] !== listed) works.push(pool[i]);
      }
    }
    if (exactKey >= 0 && !works.includes(exactKey)) works.unshift(exactKey);
    const reached = (work: number) => this.queryStamp[work] === q2;
    const described = works.slice(0, ranked + 1);
    return {
      works,
      yearInField: described.map((work) => this.yearStamp[work] === q && this.yearField[work] === 1),
      exactness: described.map((work) => (reached(work) ? this.exactness[work] : 0)),
      // A work the index did not reach for a word (the exact key, words past MAX_TERMS) is searched in every field.
      fields: described.map((work) => query.terms.map((_, i) => (i < terms.length && reached(work) ? this.termFields[i][work] : ALL_FIELDS))),
      abstractWord: described.map((work) => query.terms.map((_, i) => {
        const id = i < terms.length && reached(work) ? this.termAbstractWords[i][work] : -1;
        return id >= 0 ? this.words[id] : '';
      })),
      exactKey,
    };
  }

  /** A one-word query of one or two characters being typed: the list made for its prefix when the index was built. */
  private fromPrefixList(query: ParsedQuery, prefix: string, cap: number, exactKey: number): Candidates {
    const { prefixes, prefixOffsets, prefixWorks, prefixFields } = this.data;
    let lo = 0;
    let hi = prefixes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (prefixes[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const works: number[] = [];
    const flags: number[] = [];
    if (prefixes[lo] === prefix) {
      for (let i = prefixOffsets[lo]; i < prefixOffsets[lo + 1] && works.length < cap; i++) {
        works.push(prefixWorks[i]);
        flags.push(prefixFields[i]);
      }
    }
    if (exactKey >= 0 && !works.includes(exactKey)) {
      works.unshift(exactKey);
      flags.unshift(ALL_FIELDS | PREFIX_WHOLE_WORD);
    }
    return {
      works,
      yearInField: works.map(() => false),
      exactness: flags.map((flag) => (flag & PREFIX_WHOLE_WORD ? 0 : Math.log(PREFIX_TYPING))),
      fields: flags.map((flag) => query.terms.map(() => flag & ALL_FIELDS)),
      abstractWord: works.map(() => query.terms.map(() => '')),
      exactKey,
    };
  }

  /** Marks the works with one of the years (as their year, or a word of their text); returns the pool size. */
  private markYears(years: readonly string[], q: number, yearQ = q): number {
    const { headOffsets, headPostings, abstractOffsets, abstractPostings } = this.data;
    let count = 0;
    for (const year of years) {
      const id = this.findWord(year);
      if (id < 0) continue;
      for (let p = headOffsets[id], end = headOffsets[id + 1]; p < end; p++) {
        const posting = headPostings[p];
        const work = posting >>> 6;
        if (this.queryStamp[work] !== q) this.startWork(work, q, count++);
        this.yearStamp[work] = yearQ;
        if (posting & YEAR) this.yearField[work] = 1;
      }
      for (let p = abstractOffsets[id], end = abstractOffsets[id + 1]; p < end; p++) {
        const work = abstractPostings[p];
        if (this.queryStamp[work] !== q) this.startWork(work, q, count++);
        this.yearStamp[work] = yearQ;
      }
    }
    return count;
  }

  /**
   * Adds one query word's matches to the works' counts and scores (query serial `q`). With `strictRound` k >= 0,
   * only works that matched the k words before count (the first pass); with -1, every work does. With `yearQ` not
   * -1, only works marked with a year then. Returns the new pool size.
   */
  private addTerm(termIndex: number, matched: Matched, q: number, strictRound: number, queryCount: number, termCount: number, yearQ: number): number {
    const { headOffsets, headPostings, abstractOffsets, abstractPostings } = this.data;
    const { titleWeight, yearStamp, termStamp, termBest, termQuality, termField, termWord, termList, queryStamp, cover } = this;
    const t = ++this.serial;
    let touched = 0;
    // Whether a work may still count: in a year's query, only works of that year; in the strict pass after the
    // first word, only works that matched every earlier word.
    const open = (work: number) => (strictRound > 0
      ? queryStamp[work] === q && cover[work] === strictRound
      : yearQ === -1 || yearStamp[work] === yearQ);
    for (let m = 0; m < matched.ids.length; m++) {
      const id = matched.ids[m];
      const quality = matched.quality[m];
      // Per work: the best value and best quality of any index word matching this query word, and where.
      for (let p = headOffsets[id], end = headOffsets[id + 1]; p < end; p++) {
        const posting = headPostings[p];
        const work = posting >>> 6;
        if (!open(work)) continue;
        const mask = posting & 63;
        let weight = MASK_WEIGHT[mask];
        if (mask & TITLE && titleWeight[work] > weight) weight = titleWeight[work];
        const value = quality * weight;
        if (termStamp[work] !== t) {
          termStamp[work] = t;
          termBest[work] = value;
          termQuality[work] = quality;
          termField[work] = mask;
          termWord[work] = -1;
          termList[touched++] = work;
        } else {
          if (value > termBest[work]) termBest[work] = value;
          if (quality > termQuality[work]) termQuality[work] = quality;
          termField[work] |= mask;
        }
      }
      if (!matched.abstracts) continue;
      const value = quality * FIELD_WEIGHTS.abstract;
      for (let p = abstractOffsets[id], end = abstractOffsets[id + 1]; p < end; p++) {
        const work = abstractPostings[p];
        if (!open(work)) continue;
        if (termStamp[work] !== t) {
          termStamp[work] = t;
          termBest[work] = value;
          termQuality[work] = quality;
          termField[work] = ABSTRACT;
          termWord[work] = m;
          termList[touched++] = work;
        } else {
          if (value > termBest[work]) termBest[work] = value;
          if (quality > termQuality[work]) termQuality[work] = quality;
          termField[work] |= ABSTRACT;
          // The abstract's best matching word is what fuse.js will see of the abstract.
          if (termWord[work] < 0 || quality > matched.quality[termWord[work]]) termWord[work] = m;
        }
      }
    }
    const fields = this.termFields[termIndex];
    const abstractWord = this.termAbstractWords[termIndex];
    for (let i = 0; i < touched; i++) {
      const work = termList[i];
      if (queryStamp[work] !== q) this.startWork(work, q, queryCount++, termCount);
      cover[work]++;
      this.score[work] += termBest[work];
      this.exactness[work] += Math.log(termQuality[work]);
      fields[work] = termField[work];
      abstractWord[work] = termWord[work] < 0 ? -1 : matched.ids[termWord[work]];
    }
    return queryCount;
  }

  private startWork(work: number, q: number, at: number, termCount = this.termFields.length): void {
    this.queryStamp[work] = q;
    this.cover[work] = 0;
    this.score[work] = 0;
    this.exactness[work] = 0;
    this.yearField[work] = 0;
    for (let i = 0; i < termCount; i++) {
      this.termFields[i][work] = 0;
      this.termAbstractWords[i][work] = -1;
    }
    this.queryList[at] = work;
  }

  /** The index words matching a query word: exact, prefix, and one edit away, each with its quality. */
  private matchWords(term: QueryTerm): Matched {
    const stamp = ++this.serial;
    this.wordCount = 0;
    const text = term.text;
    const exact = this.findWord(text);
    if (exact >= 0) this.addWord(exact, EXACT, stamp);
    this.addPrefixRange(text, term.partial ? PREFIX_TYPING : PREFIX_FINISHED, stamp);
    // Numbers are never fuzzy: "2019" must not find 2018, nor volume 12 find volume 13.
    if (term.kind === 'word' && text.length >= MIN_TYPO_WORD) {
      const typoPrefix = term.partial && text.length >= MIN_TYPO_PREFIX;
      for (const variant of oneEditVariants(text, this.alphabet)) {
        // A prefix range gives the whole word TYPO_PREFIX too; a whole-word typo is the better match.
        if (typoPrefix) this.addPrefixRange(variant, TYPO_PREFIX, stamp);
        const id = this.findWord(variant);
        if (id >= 0) this.addWord(id, TYPO, stamp);
      }
    }
    const ids = this.wordList.slice(0, this.wordCount);
    const quality = new Float32Array(ids.length);
    const abstracts = text.length >= (term.partial ? MIN_ABSTRACT_PREFIX : MIN_ABSTRACT_WORD);
    const { headOffsets, abstractOffsets } = this.data;
    let postings = 0;
    for (let i = 0; i < ids.length; i++) {
      quality[i] = this.wordQuality[ids[i]];
      postings += headOffsets[ids[i] + 1] - headOffsets[ids[i]];
      if (abstracts) postings += abstractOffsets[ids[i] + 1] - abstractOffsets[ids[i]];
    }
    return { ids, quality, postings, abstracts };
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
    for (let i = this.lowerBound(prefix); i < end; i++) this.addWord(this.data.sortedWords[i], quality, stamp);
  }

  /** The id of a word, or -1. */
  private findWord(word: string): number {
    const sorted = this.data.sortedWords;
    const i = this.lowerBound(word);
    return i < sorted.length && this.words[sorted[i]] === word ? sorted[i] : -1;
  }

  /** The first position in sortedWords whose word is not below `word`. */
  private lowerBound(word: string): number {
    const sorted = this.data.sortedWords;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[sorted[mid]] < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
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

// ---------------------------------------------------------------------------------------------------------------
// Snapshots.

export const SNAPSHOT_VERSION = 3;

/** IndexData as plain typed arrays and strings, and what it was built from. */
export interface SearchIndexSnapshot extends Omit<IndexData, 'words' | 'prefixes'> {
  version: number;
  /** A hash of the works' keys, titles and years, so a snapshot is never applied to other works. */
  fingerprint: number;
  /** The words, by id, one per line. */
  words: string;
  /** The listed prefixes, one per line. */
  prefixes: string;
}

/**
 * A hash of the works in order (of each one's workHash), so a snapshot is never applied to other works; unrelated
 * libraries collide about once in 2^52. At 100k works it runs on every warm start before the snapshot can be used,
 * so the hashes remembered with the list (workHashes.ts: from the parse worker, through the library) are used
 * where there are some.
 */
export function* fingerprintSteps(papers: readonly Paper[]): Steps<number> {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  const known = workHashesOf(papers);
  for (let work = 0; work < papers.length; work++) {
    const hash = known ? known[work] : workHash(papers[work]);
    const high = Math.floor(hash / 2 ** 20);
    const low = hash % 2 ** 20;
    a = Math.imul(Math.imul(a ^ high, 0x01000193) ^ low, 0x01000193);
    b = Math.imul(Math.imul(b ^ high, 0x5bd1e995) ^ low, 0x5bd1e995);
    if ((work & 511) === 511) yield;
  }
  // 52 bits: exact in a double, and in JSON.
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff);
}
