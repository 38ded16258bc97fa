// The candidate-narrowing index (layout in indexLayout.ts, built by buildSearchIndex.ts): looks query words up by
// exact word, prefix and one-edit typo, with years as exact filters, and cuts a library of any size down to a few
// hundred works for fuse.js to rank.
import { Paper } from '../model';
import { WorkList, workListOf } from '../workList';
import {
  ABSTRACT, ALL_FIELDS, EXACT, IndexData, MASK_WEIGHT, PREFIX_FINISHED, PREFIX_LIST_LENGTH, PREFIX_LIST_SIZE, PREFIX_TYPING,
  PREFIX_WHOLE_WORD, TITLE, titleWeight, topWorks, TYPO, TYPO_PREFIX, YEAR,
} from './indexLayout';
import { KeyTable } from './keyTable';
import { ParsedQuery, QueryTerm } from './parseQuery';
import { FIELD_WEIGHTS } from './searchFields';
import { runToCompletion, Steps } from './steps';
import { workHash } from './workHashes';
import { decodeWordsSteps, WordList } from './wordList';

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
  private readonly words: WordList;
  private readonly alphabet: readonly string[];
  private readonly titleWeight: Float32Array;
  // Scratch arrays reused by every query, so a keystroke allocates (almost) nothing in proportion to the library.
  private readonly termStamp: Int32Array;
  private readonly termBest: Float32Array;
  private readonly termQuality: Float32Array;
  private readonly termField: Uint8Array;
  private readonly termWord: Int32Array;
  private readonly termList: Uint32Array;
  private readonly termFields: Uint8Array[];
  private readonly termAbstractWords: Int32Array[];
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

  /** Use `assemble`, which makes the scratch space a step at a time. */
  private constructor(
    private readonly data: IndexData,
    /** Each work's key, folded, to its position: for the exact-key match. */
    private readonly keys: KeyTable,
    private readonly defaultRank: Uint32Array,
    scratch: Scratch,
  ) {
    this.size = data.size;
    this.defaultOrder = data.defaultOrder;
    this.words = data.words;
    this.alphabet = [...data.alphabet];
    this.titleWeight = scratch.titleWeight;
    this.termStamp = scratch.termStamp;
    this.termBest = scratch.termBest;
    this.termQuality = scratch.termQuality;
    this.termField = scratch.termField;
    this.termWord = scratch.termWord;
    this.termList = scratch.termList;
    this.termFields = scratch.termFields;
    this.termAbstractWords = scratch.termAbstractWords;
    this.queryStamp = scratch.queryStamp;
    this.yearStamp = scratch.yearStamp;
    this.cover = scratch.cover;
    this.score = scratch.score;
    this.exactness = scratch.exactness;
    this.yearField = scratch.yearField;
    this.queryList = scratch.queryList;
    this.wordStamp = scratch.wordStamp;
    this.wordQuality = scratch.wordQuality;
    this.wordList = scratch.wordList;
  }

  /**
   * An index of `data`, its scratch space allocated a few arrays per step: at 100k works that is ~8 MB, which
   * allocated at once held the main thread for one long slice (each large allocation may also set off a garbage
   * collection of its own).
   */
  static *assemble(data: IndexData, keys: KeyTable, defaultRank: Uint32Array): Steps<SearchIndex> {
    return new SearchIndex(data, keys, defaultRank, yield* scratchSteps(data));
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
    for (let id = 0; id < this.words.length; id++) bytes += 16 + this.words.at(id).length;
    return bytes + this.keys.size * 48;
  }

  stats(): { works: number; words: number; headPostings: number; abstractPostings: number } {
    return { works: this.size, words: this.words.length, headPostings: this.data.headPostings.length, abstractPostings: this.data.abstractPostings.length };
  }

  /**
   * The index as plain typed arrays and strings: transferable from a worker, or encodable for a disk cache.
   * `fingerprint` is that of the works (fingerprintSteps), if already known.
   */
  toSnapshot(works: WorkList | readonly Paper[], fingerprint = runToCompletion(fingerprintSteps(works))): SearchIndexSnapshot {
    const { words, prefixes, ...arrays } = this.data;
    const { slots: keySlots, hashes: keyHashes } = this.keys.toArrays();
    return {
      ...arrays, version: SNAPSHOT_VERSION, fingerprint, words: words.toBytes(), prefixes: prefixes.join('\n'), keySlots, keyHashes,
    };
  }

  /**
   * Rebuilds an index from a snapshot of the same works, a step at a time (at 100k works, checking the works takes
   * tens of milliseconds unless their fingerprint is known, and so does decoding the words); returns undefined if
   * the snapshot is of other works. `fingerprint` is that of the works, if already known.
   */
  static *fromSnapshot(snapshot: SearchIndexSnapshot, works: WorkList | readonly Paper[], fingerprint?: number): Steps<SearchIndex | undefined> {
    const list = workListOf(works);
    if (snapshot.version !== SNAPSHOT_VERSION || snapshot.size !== list.length) return undefined;
    if ((fingerprint ?? (yield* fingerprintSteps(list))) !== snapshot.fingerprint) return undefined;
    // Each step is kept to a few milliseconds at most, so a slice never runs far past its time: a large allocation
    // or a loop over every work is a step of its own.
    // The key table as it was saved: filled again here, it took ~40 ms of the host's main thread at 100k works.
    const keys = KeyTable.restore({ slots: snapshot.keySlots, hashes: snapshot.keyHashes }, list);
    if (!keys) return undefined;
    const defaultRank = new Uint32Array(list.length);
    yield;
    for (let i = 0; i < list.length; i++) {
      defaultRank[snapshot.defaultOrder[i]] = i;
      if ((i & 16383) === 16383) yield;
    }
    const words = yield* decodeWordsSteps(snapshot.words);
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
    return yield* SearchIndex.assemble(data, keys, defaultRank);
  }

  /**
   * Up to `count` words spread over the vocabulary, of letters only and at least six long, each with between
   * `min` and `max` postings: everyday query words of a middling size.
   */
  sampleWords(count: number, min: number, max: number): string[] {
    const { headOffsets, abstractOffsets } = this.data;
    const found: string[] = [];
    const stride = Math.max(1, Math.floor(this.words.length / (count * 64)));
    for (let id = 0; id < this.words.length && found.length < count; id += stride) {
      const postings = headOffsets[id + 1] - headOffsets[id] + abstractOffsets[id + 1] - abstractOffsets[id];
      const word = this.words.at(id);
      if (postings >= min && postings <= max && word.length >= 6 && /^[a-z]+$/.test(word)) found.push(word);
    }
    return found;
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
        return id >= 0 ? this.words.at(id) : '';
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
    // Whether a work may still count: in the strict pass after the first word, only works that matched every
    // earlier word; in a year's query, only works of that year. Tested inline rather than by a closure: a call
    // per posting is much of the cost of a first search, which runs before V8 has compiled this loop.
    const strict = strictRound > 0;
    const byYear = !strict && yearQ !== -1;
    // termWord holds 1 + the matched word whose abstract match is best (0: none), and best[0] is 0, below every
    // quality, so the comparison below needs no test for "none".
    const best = new Float32Array(matched.ids.length + 1);
    best.set(matched.quality, 1);
    for (let m = 0; m < matched.ids.length; m++) {
      const id = matched.ids[m];
      const quality = matched.quality[m];
      // Per work: the best value and best quality of any index word matching this query word, and where. A work
      // met for the first time starts from nothing (every value and quality is above 0), so every posting takes
      // one path: then the code V8 compiles after small queries (PaperSearch.prime) also fits a large one,
      // where a path it had not seen would send it back to the interpreter.
      for (let p = headOffsets[id], end = headOffsets[id + 1]; p < end; p++) {
        const posting = headPostings[p];
        const work = posting >>> 6;
        if (strict ? queryStamp[work] !== q || cover[work] !== strictRound : byYear && yearStamp[work] !== yearQ) continue;
        const mask = posting & 63;
        let weight = MASK_WEIGHT[mask];
        if (mask & TITLE && titleWeight[work] > weight) weight = titleWeight[work];
        const value = quality * weight;
        if (termStamp[work] !== t) {
          termStamp[work] = t;
          termBest[work] = 0;
          termQuality[work] = 0;
          termField[work] = 0;
          termWord[work] = 0;
          termList[touched++] = work;
        }
        if (value > termBest[work]) termBest[work] = value;
        if (quality > termQuality[work]) termQuality[work] = quality;
        termField[work] |= mask;
      }
      if (!matched.abstracts) continue;
      const value = quality * FIELD_WEIGHTS.abstract;
      for (let p = abstractOffsets[id], end = abstractOffsets[id + 1]; p < end; p++) {
        const work = abstractPostings[p];
        if (strict ? queryStamp[work] !== q || cover[work] !== strictRound : byYear && yearStamp[work] !== yearQ) continue;
        if (termStamp[work] !== t) {
          termStamp[work] = t;
          termBest[work] = 0;
          termQuality[work] = 0;
          termField[work] = 0;
          termWord[work] = 0;
          termList[touched++] = work;
        }
        if (value > termBest[work]) termBest[work] = value;
        if (quality > termQuality[work]) termQuality[work] = quality;
        termField[work] |= ABSTRACT;
        // The abstract's best matching word is what fuse.js will see of the abstract.
        if (quality > best[termWord[work]]) termWord[work] = m + 1;
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
      abstractWord[work] = termWord[work] === 0 ? -1 : matched.ids[termWord[work] - 1];
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
    // One binary search per word looked for: its lower bound is where the word itself would be and where the
    // words it begins start (a word being typed has ~600 typo variants to look up).
    const at = this.lowerBound(text);
    const exact = this.wordAt(at, text);
    if (exact >= 0) this.addWord(exact, EXACT, stamp);
    this.addPrefixRange(text, at, term.partial ? PREFIX_TYPING : PREFIX_FINISHED, stamp);
    // Numbers are never fuzzy: "2019" must not find 2018, nor volume 12 find volume 13.
    if (term.kind === 'word' && text.length >= MIN_TYPO_WORD) {
      const typoPrefix = term.partial && text.length >= MIN_TYPO_PREFIX;
      for (const variant of oneEditVariants(text, this.alphabet)) {
        const variantAt = this.lowerBound(variant);
        // A prefix range gives the whole word TYPO_PREFIX too; a whole-word typo is the better match.
        if (typoPrefix) this.addPrefixRange(variant, variantAt, TYPO_PREFIX, stamp);
        const id = this.wordAt(variantAt, variant);
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

  /** Adds the words that begin with `prefix`, which start at its lower bound `from` in sortedWords. */
  private addPrefixRange(prefix: string, from: number, quality: number, stamp: number): void {
    const sorted = this.data.sortedWords;
    // Most typo variants begin no word: then the word at the lower bound does not begin with them either.
    if (from >= sorted.length || !this.words.at(sorted[from]).startsWith(prefix)) return;
    const end = this.lowerBound(prefix + '\uffff', from);
    for (let i = from; i < end; i++) this.addWord(sorted[i], quality, stamp);
  }

  /** The id of a word, or -1. */
  private findWord(word: string): number {
    return this.wordAt(this.lowerBound(word), word);
  }

  /** The id of `word` if it is at position `at` of sortedWords (its lower bound), or -1. */
  private wordAt(at: number, word: string): number {
    const sorted = this.data.sortedWords;
    return at < sorted.length && this.words.at(sorted[at]) === word ? sorted[at] : -1;
  }

  /** The first position in sortedWords, from `from` on, whose word is not below `word`. */
  private lowerBound(word: string, from = 0): number {
    const sorted = this.data.sortedWords;
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words.at(sorted[mid]) < word) lo = mid + 1;
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

/** Query words the scratch space is made for at once (a query with more adds a pair of arrays per word). */
const SCRATCH_TERMS = 2;

/** The per-query working arrays: one slot per work or per word. */
interface Scratch {
  titleWeight: Float32Array;
  termStamp: Int32Array;
  termBest: Float32Array;
  termQuality: Float32Array;
  termField: Uint8Array;
  termWord: Int32Array;
  termList: Uint32Array;
  termFields: Uint8Array[];
  termAbstractWords: Int32Array[];
  queryStamp: Int32Array;
  yearStamp: Int32Array;
  cover: Uint16Array;
  score: Float32Array;
  exactness: Float32Array;
  yearField: Uint8Array;
  queryList: Uint32Array;
  wordStamp: Int32Array;
  wordQuality: Float32Array;
  wordList: Uint32Array;
}

/**
 * Allocates the scratch arrays two or three per step, and writes each once: the memory of a new typed array is
 * mapped on first write, which would otherwise fall on the first query (a few milliseconds at 100k works).
 */
function* scratchSteps(data: IndexData): Steps<Scratch> {
  const size = data.size;
  const wordCount = data.words.length;
  const titleWeights = new Float32Array(size);
  for (let work = 0; work < size; work++) {
    titleWeights[work] = titleWeight(data.titleLength[work]);
    if ((work & 16383) === 16383) yield;
  }
  const perWork = <T extends { fill(value: number): T }>(array: T, value = 0) => array.fill(value);
  const termStamp = perWork(new Int32Array(size), -1);
  const termBest = perWork(new Float32Array(size));
  const termQuality = perWork(new Float32Array(size));
  yield;
  const termField = perWork(new Uint8Array(size));
  const termWord = perWork(new Int32Array(size));
  const termList = perWork(new Uint32Array(size));
  yield;
  const termFields: Uint8Array[] = [];
  const termAbstractWords: Int32Array[] = [];
  for (let i = 0; i < SCRATCH_TERMS; i++) {
    termFields.push(perWork(new Uint8Array(size)));
    termAbstractWords.push(perWork(new Int32Array(size), -1));
    yield;
  }
  const queryStamp = perWork(new Int32Array(size), -1);
  const yearStamp = perWork(new Int32Array(size), -1);
  const cover = perWork(new Uint16Array(size));
  yield;
  const score = perWork(new Float32Array(size));
  const exactness = perWork(new Float32Array(size));
  const yearField = perWork(new Uint8Array(size));
  const queryList = perWork(new Uint32Array(size));
  yield;
  const wordStamp = perWork(new Int32Array(wordCount), -1);
  const wordQuality = perWork(new Float32Array(wordCount));
  const wordList = perWork(new Uint32Array(wordCount));
  yield;
  return {
    titleWeight: titleWeights, termStamp, termBest, termQuality, termField, termWord, termList, termFields, termAbstractWords,
    queryStamp, yearStamp, cover, score, exactness, yearField, queryList, wordStamp, wordQuality, wordList,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Snapshots.

export const SNAPSHOT_VERSION = 4;

/** IndexData as plain typed arrays and strings, and what it was built from. */
export interface SearchIndexSnapshot extends Omit<IndexData, 'words' | 'prefixes'> {
  version: number;
  /** A hash of the works' workHash values (see workHashes.ts), so a snapshot is never applied to other works. */
  fingerprint: number;
  /** The words, by id, one per line, in UTF-8: transferred from a worker and written to disk as they are. */
  words: Uint8Array;
  /** The listed prefixes, one per line. */
  prefixes: string;
  /** The table of works by folded key (KeyTable.toArrays). */
  keySlots: Int32Array;
  keyHashes: Int32Array;
}

/**
 * A hash of the works in order (of each one's workHash), so a snapshot is never applied to other works; unrelated
 * libraries collide about once in 2^52. At 100k works it runs on every warm start before the snapshot can be used,
 * so the caller passes the hashes remembered with the list (workHashesOf: from the parse worker, through the
 * library) where there are some: without them each work is hashed, which makes every work of a packed list. They
 * are passed rather than looked up here because this module is also built into the search engine's own bundle, whose
 * copy of workHashes.ts remembers nothing.
 */
export function* fingerprintSteps(works: WorkList | readonly Paper[], known?: Float64Array): Steps<number> {
  const list = workListOf(works);
  let a = 0x811c9dc5;
  let b = 0x01000193;
  if (known?.length !== list.length) known = undefined;
  for (let work = 0; work < list.length; work++) {
    const hash = known ? known[work] : workHash(list.at(work));
    const high = Math.floor(hash / 2 ** 20);
    const low = hash % 2 ** 20;
    a = Math.imul(Math.imul(a ^ high, 0x01000193) ^ low, 0x01000193);
    b = Math.imul(Math.imul(b ^ high, 0x5bd1e995) ^ low, 0x5bd1e995);
    if ((work & 511) === 511) yield;
  }
  // 52 bits: exact in a double, and in JSON.
  return (a >>> 0) * 2 ** 20 + ((b >>> 0) & 0xfffff);
}
