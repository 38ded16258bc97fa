// The shape of the search index, shared by its builder, its queries and its snapshots.
//
// Compressed sparse rows, so 100k works cost a few typed arrays rather than millions of small objects: every
// distinct folded word has an id; `headPostings[headOffsets[id] .. headOffsets[id + 1])` lists, in work order,
// `work * 64 + fields` for the short fields (title, people, key, venue, themes, year); `abstractPostings` lists the
// works whose abstract has the word. Stop words are left out of abstracts, where they would be a third of all
// postings. For each one- and two-character prefix the best works are listed ahead of time, since such a prefix
// matches thousands of words (a one-letter query would otherwise walk a fifth of all postings at every keystroke).
import type { WordList } from './wordList';
import { FIELD_WEIGHTS } from './searchFields';

export const TITLE = 1;
export const AUTHORS = 2;
export const KEY = 4;
export const VENUE = 8;
export const THEMES = 16;
export const YEAR = 32;
/** Head postings keep the fields in the low 6 bits. */
export const FIELD_BITS = 64;
export const ABSTRACT = 64;
export const ALL_FIELDS = 127;

/** Where the index found a query word, as flags: which fields fuse.js needs to look at for it. */
export const FieldBit = { title: TITLE, authors: AUTHORS, key: KEY, venue: VENUE, themes: THEMES, year: YEAR, abstract: ABSTRACT } as const;

/** Best field weight for each combination of head field bits, the title's left out (see titleWeight). */
export const MASK_WEIGHT = Float32Array.from({ length: FIELD_BITS }, (_, mask) => Math.max(
  0,
  mask & AUTHORS ? FIELD_WEIGHTS.authors : 0,
  mask & KEY ? FIELD_WEIGHTS.key : 0,
  mask & VENUE ? FIELD_WEIGHTS.venue : 0,
  mask & THEMES ? FIELD_WEIGHTS.themes : 0,
  mask & YEAR ? FIELD_WEIGHTS.venue : 0,
));

/** Weight of a title match: higher for short titles, as fuse.js's field-length norm has it. */
export function titleWeight(titleWords: number): number {
  return FIELD_WEIGHTS.title * (0.5 + 0.5 / Math.sqrt(titleWords || 1));
}

// How well a word of the index matches a query word; a work's pre-score for the query word is quality x weight.
export const EXACT = 1;
export const PREFIX_TYPING = 0.8;
export const PREFIX_FINISHED = 0.6;
export const TYPO = 0.5;
export const TYPO_PREFIX = 0.4;

/** Works listed for each one- and two-character prefix. */
export const PREFIX_LIST_SIZE = 256;
export const PREFIX_LIST_LENGTH = 2;

/** Everything an index holds but the keys map and scratch space; a snapshot is this plus a fingerprint. */
export interface IndexData {
  size: number;
  /** The words, by id. */
  words: WordList;
  /** Word ids in code-unit order of the words, for prefix ranges and lookups. */
  sortedWords: Uint32Array;
  headOffsets: Uint32Array;
  headPostings: Uint32Array;
  abstractOffsets: Uint32Array;
  abstractPostings: Uint32Array;
  /** Number of words in each title (at most 255), for the field-length norm. */
  titleLength: Uint8Array;
  /** Works newest first, then by first author and title: the order of an empty query and of ties. */
  defaultOrder: Uint32Array;
  /** Letters tried when looking for a typo: a-z, and the commonest other letters of the library's words. */
  alphabet: string;
  /** The one- and two-character prefixes with a list, in code-unit order. */
  prefixes: readonly string[];
  /** Prefix i lists `prefixWorks[prefixOffsets[i] .. prefixOffsets[i + 1])`, best first. */
  prefixOffsets: Uint32Array;
  prefixWorks: Uint32Array;
  /** Per listed work: the head fields where the prefix matched, and 128 when it is a whole word there. */
  prefixFields: Uint8Array;
}

export const PREFIX_WHOLE_WORD = 128;

/**
 * The `cap` best works of `pool[0 .. size)` by score (higher first), ties in the default order; a min-heap of the
 * best so far, O(n log cap) rather than sorting the pool.
 */
export function topWorks(pool: Uint32Array, size: number, cap: number, score: Float32Array, defaultRank: Uint32Array): number[] {
  const below = (a: number, b: number) => score[a] < score[b] || (score[a] === score[b] && defaultRank[a] > defaultRank[b]);
  let best: number[];
  if (size > cap) {
    const heap = Array.from(pool.subarray(0, cap));
    const siftDown = (i: number) => {
      for (;;) {
        const left = 2 * i + 1;
        let least = i;
        if (left < cap && below(heap[left], heap[least])) least = left;
        if (left + 1 < cap && below(heap[left + 1], heap[least])) least = left + 1;
        if (least === i) return;
        const swap = heap[i];
        heap[i] = heap[least];
        heap[least] = swap;
        i = least;
      }
    };
    for (let i = (cap >> 1) - 1; i >= 0; i--) siftDown(i);
    for (let i = cap; i < size; i++) {
      if (below(heap[0], pool[i])) {
        heap[0] = pool[i];
        siftDown(0);
      }
    }
    best = heap;
  } else {
    best = Array.from(pool.subarray(0, size));
  }
  return best.sort((a, b) => (below(a, b) ? 1 : below(b, a) ? -1 : 0));
}
