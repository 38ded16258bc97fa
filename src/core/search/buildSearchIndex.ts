// Builds the search index (see indexLayout.ts) a step at a time, so it can run in slices on the extension host's
// main thread (runInSlices) or at once (runToCompletion). It reads every work whole, so a packed list's works are all
// made: it runs for small libraries, in the parse worker, or when a large library's index can be had no other way.
import { Paper } from '../model';
import { WorkList, workListOf } from '../workList';
import { ensureSize, GrowableUint32 } from './growable';
import {
  AUTHORS, EXACT, FIELD_BITS, IndexData, KEY, MASK_WEIGHT, PREFIX_LIST_LENGTH, PREFIX_LIST_SIZE, PREFIX_TYPING, PREFIX_WHOLE_WORD,
  THEMES, TITLE, titleWeight, topWorks, VENUE, YEAR,
} from './indexLayout';
import { KeyTable } from './keyTable';
import { normalizeText } from './normalize';
import { SearchIndex } from './searchIndex';
import { ThemeLabels } from './searchFields';
import { identityIds, sortSteps, Steps } from './steps';
import { STOP_WORDS } from './stopWords';
import { Vocabulary } from './vocabulary';
import { ArrayWords } from './wordList';

/** Builds the index a step at a time (one work, or a few thousand sort moves, per step). */
export function* buildSearchIndex(works: WorkList | readonly Paper[], labels: ThemeLabels): Steps<SearchIndex> {
  const list = workListOf(works);
  const size = list.length;
  const vocabulary = new Vocabulary();
  // Stop words get the first ids, so "is it a stop word" is one comparison.
  for (const word of STOP_WORDS) vocabulary.intern(word);
  const stopWords = vocabulary.size;
  let headStamp = new Int32Array(4096).fill(-1);
  let headSlot = new Uint32Array(4096);
  let abstractStamp = new Int32Array(4096).fill(-1);
  let headCount = new Uint32Array(4096);
  let abstractCount = new Uint32Array(4096);
  // Sized from the library, so the largest buffers seldom grow (each growth copies tens of megabytes at 100k).
  let abstractChars = 0;
  for (let i = 0; i < size; i++) {
    abstractChars += list.at(i).abstract?.text.length ?? 0;
    if ((i & 4095) === 4095) yield;
  }
  const headPairs = new GrowableUint32(size * 24 + 64);
  const abstractWords = new GrowableUint32(Math.ceil(abstractChars / 9) + 64);
  const headEnd = new Uint32Array(size);
  const abstractEnd = new Uint32Array(size);
  const titleLength = new Uint8Array(size);
  const keys = KeyTable.of(list);
  const sortTitle: string[] = new Array(size);
  const sortFamily: string[] = new Array(size);
  const years = new Int32Array(size);
  yield;

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
    const paper = list.at(work);
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
    keys.add(paper.key, work);
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

  const sortedWords = yield* sortSteps(identityIds(wordTotal),
    (a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0));
  const defaultOrder = yield* sortSteps(identityIds(size), (a, b) =>
    years[b] - years[a] || compareStrings(sortFamily[a], sortFamily[b]) || compareStrings(sortTitle[a], sortTitle[b]) || a - b);
  const defaultRank = new Uint32Array(size);
  for (let i = 0; i < size; i++) defaultRank[defaultOrder[i]] = i;
  yield;
  const lists = yield* prefixListSteps(words, sortedWords, headOffsets, headPostings, titleLength, defaultRank);
  const alphabet = (yield* typoAlphabet(words)).join('');

  const data: IndexData = {
    size, words: new ArrayWords(words), sortedWords, headOffsets, headPostings, abstractOffsets, abstractPostings, titleLength, defaultOrder, alphabet, ...lists,
  };
  return yield* SearchIndex.assemble(data, keys, defaultRank);
}

/** For each one- and two-character prefix, the works a one-word query of it would pick, best first. */
function* prefixListSteps(words: readonly string[], sortedWords: Uint32Array, headOffsets: Uint32Array, headPostings: Uint32Array,
  titleLength: Uint8Array, defaultRank: Uint32Array): Steps<Pick<IndexData, 'prefixes' | 'prefixOffsets' | 'prefixWorks' | 'prefixFields'>> {
  const size = titleLength.length;
  const stamp = new Int32Array(size).fill(-1);
  const best = new Float32Array(size);
  const fields = new Uint8Array(size);
  const pool = new Uint32Array(size);
  const prefixes: string[] = [];
  const offsets = [0];
  const listed = new GrowableUint32(4096);
  const listedFields: number[] = [];
  let serial = 0;
  let moves = 0;
  for (let length = 1; length <= PREFIX_LIST_LENGTH; length++) {
    for (let i = 0; i < sortedWords.length;) {
      const first = words[sortedWords[i]];
      if (first.length < length) {
        i++;
        continue;
      }
      const prefix = first.slice(0, length);
      serial++;
      let poolSize = 0;
      for (; i < sortedWords.length && words[sortedWords[i]].startsWith(prefix); i++) {
        const id = sortedWords[i];
        const whole = words[id].length === length;
        const quality = whole ? EXACT : PREFIX_TYPING;
        for (let p = headOffsets[id], end = headOffsets[id + 1]; p < end; p++) {
          const posting = headPostings[p];
          const w = posting >>> 6;
          const mask = posting & 63;
          let weight = MASK_WEIGHT[mask];
          if (mask & TITLE) weight = Math.max(weight, titleWeight(titleLength[w]));
          const value = quality * weight;
          if (stamp[w] !== serial) {
            stamp[w] = serial;
            best[w] = value;
            fields[w] = mask | (whole ? PREFIX_WHOLE_WORD : 0);
            pool[poolSize++] = w;
          } else {
            if (value > best[w]) best[w] = value;
            fields[w] |= mask | (whole ? PREFIX_WHOLE_WORD : 0);
          }
          if (++moves === 16384) {
            moves = 0;
            yield;
          }
        }
      }
      for (const w of topWorks(pool, poolSize, PREFIX_LIST_SIZE, best, defaultRank)) {
        listed.push(w);
        listedFields.push(fields[w]);
      }
      prefixes.push(prefix);
      offsets.push(listed.length);
      yield;
    }
  }
  // Two passes (one-character prefixes, then two) leave the list out of order; lookups want it sorted.
  const order = prefixes.map((_, i) => i).sort((a, b) => (prefixes[a] < prefixes[b] ? -1 : 1));
  const prefixOffsets = new Uint32Array(prefixes.length + 1);
  const prefixWorks = new Uint32Array(listed.length);
  const prefixFields = new Uint8Array(listed.length);
  let at = 0;
  order.forEach((i, k) => {
    for (let j = offsets[i]; j < offsets[i + 1]; j++, at++) {
      prefixWorks[at] = listed.get(j);
      prefixFields[at] = listedFields[j];
    }
    prefixOffsets[k + 1] = at;
  });
  return { prefixes: order.map((i) => prefixes[i]), prefixOffsets, prefixWorks, prefixFields };
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const NON_ASCII_RE = /[\u0080-\uffff]/;

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
