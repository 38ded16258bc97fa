// Reference-list order (first author, then year with unknown last, then title, ignoring case and accents; the key
// breaks ties), and sorting a library whose lists come in that order already. The parse worker sorts a file's works
// where it parses them, so the Papers view merges sorted lists rather than sorting every work on the extension host:
// at 100,000 works, 0.4-0.6 s of main-thread slices and 200,000 folded strings, made while the library loads.
import { Paper } from './model';
import { firstAuthorName, fullTitle } from './paperLabels';
import { identityIds, runToCompletion, sortSteps, Steps } from './search/steps';
import { WorkList, workListOf } from './workList';

/** Works folded between two yields: well under a millisecond of work. */
const WORKS_PER_STEP = 256;
/** Works copied from one list to another between two yields. */
const COPIES_PER_STEP = 16_384;

/** What a work is sorted by. */
interface SortKey {
  author: string;
  year: number;
  title: string;
  key: string;
}

function sortKeyOf(paper: Paper): SortKey {
  return { author: sortAuthor(paper), year: sortYear(paper), title: sortTitle(paper), key: paper.key };
}

function sortAuthor(paper: Paper): string {
  return foldForSort(firstAuthorName(paper) ?? '\uffff');
}

function sortYear(paper: Paper): number {
  return paper.year ?? Number.MAX_SAFE_INTEGER;
}

function sortTitle(paper: Paper): string {
  return foldForSort(fullTitle(paper));
}

function compareKeys(a: SortKey, b: SortKey): number {
  return compareStrings(a.author, b.author) || a.year - b.year || compareStrings(a.title, b.title) || compareStrings(a.key, b.key);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lower case without accents, so "Ádams" sorts with "adams", before "Smith". */
function foldForSort(text: string): string {
  // eslint-disable-next-line no-control-regex -- the ASCII fast path
  return /[^\u0000-\u007f]/.test(text) ? text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase() : text.toLowerCase();
}

/** The positions of `works` in reference-list order: `order[k]` is where the k-th work of the sorted list is. */
export function referenceOrder(works: WorkList | readonly Paper[]): Uint32Array {
  return runToCompletion(referenceOrderSteps(works));
}

/** referenceOrder in small steps (about half a second at 100,000 works, in one block). */
export function* referenceOrderSteps(list: WorkList | readonly Paper[]): Steps<Uint32Array> {
  const works = workListOf(list);
  const count = works.length;
  // Folded once per work and compared with `<`: at 100,000 works, a collator in the comparator takes half a second.
  // The order of compareKeys, over parallel arrays rather than a SortKey per work: 453-481 ms against 630-652 at
  // 100,000 works.
  const authors = new Array<string>(count);
  const years = new Float64Array(count);
  const titles = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const work = works.at(i);
    authors[i] = sortAuthor(work);
    years[i] = sortYear(work);
    titles[i] = sortTitle(work);
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  return yield* sortSteps(identityIds(count), (a, b) => compareStrings(authors[a], authors[b]) || years[a] - years[b]
    || compareStrings(titles[a], titles[b]) || compareStrings(works.keyAt(a), works.keyAt(b)));
}

/** Orders remembered with the lists they are of (a list is read only once made, so its order stays true). */
const remembered = new WeakMap<WorkList, Uint32Array>();

/**
 * Records `order` as the reference-list order of `works` (as referenceOrder gives it, made elsewhere: the parse
 * worker, or its cache), if it is an order of them at all: every position once. Whether it is the right one is the
 * maker's to keep: a wrong order lists every work still, in another order.
 */
export function rememberReferenceOrder(works: WorkList | readonly Paper[], order: Uint32Array): void {
  if (order.length !== works.length) return;
  const seen = new Uint8Array(works.length);
  for (let k = 0; k < order.length; k++) {
    const at = order[k];
    if (at >= works.length || seen[at]) return;
    seen[at] = 1;
  }
  remembered.set(workListOf(works), order);
}

export function referenceOrderOf(works: WorkList | readonly Paper[]): Uint32Array | undefined {
  return remembered.get(workListOf(works));
}

/**
 * `order` (an order of `works`) for the works `kept` keeps, in the same relative order: the order of the list
 * `works.filter(kept)` is.
 */
export function keptOrder(order: Uint32Array, kept: (index: number) => boolean): Uint32Array {
  const newIndex = new Int32Array(order.length);
  let count = 0;
  for (let i = 0; i < order.length; i++) newIndex[i] = kept(i) ? count++ : -1;
  const result = new Uint32Array(count);
  let k = 0;
  for (let i = 0; i < order.length; i++) {
    const at = newIndex[order[i]];
    if (at >= 0) result[k++] = at;
  }
  return result;
}

/**
 * A list of works to sort, and where its works are in the list the sorted order is of (the library's merged list):
 * from an offset on, for a list joined whole, or each one's place (-1 for a work left out).
 */
export interface SortPart {
  works: WorkList;
  places: number | Int32Array;
}

/**
 * The positions of `merged`'s works in reference-list order, from the parts it was joined from. A list whose order
 * is remembered is not sorted again; one whose order is not is sorted here, and its order remembered (so a library
 * change elsewhere does not sort it again). Then the sorted runs are merged, the shortest first.
 */
export function* sortPartsSteps(parts: readonly SortPart[], merged: WorkList): Steps<Uint32Array> {
  const runs: Uint32Array[] = [];
  for (const { works, places } of parts) {
    let order = referenceOrderOf(works);
    if (!order) {
      order = yield* referenceOrderSteps(works);
      remembered.set(works, order);
    }
    const run = new Uint32Array(order.length);
    let length = 0;
    for (let k = 0; k < order.length; k++) {
      const place = typeof places === 'number' ? places + order[k] : places[order[k]];
      if (place >= 0) run[length++] = place;
      if (k % COPIES_PER_STEP === COPIES_PER_STEP - 1) yield;
    }
    if (length) runs.push(length === run.length ? run : run.slice(0, length));
  }
  runs.sort((a, b) => a.length - b.length);
  let sorted = runs[0] ?? new Uint32Array(0);
  for (let i = 1; i < runs.length; i++) sorted = yield* mergeSteps(sorted, runs[i], merged);
  return sorted;
}

/** Two runs of positions of `works`, each in reference-list order, as one; `short` is the shorter. */
function* mergeSteps(short: Uint32Array, long: Uint32Array, works: WorkList): Steps<Uint32Array> {
  const merged = new Uint32Array(short.length + long.length);
  let length = 0;
  let at = 0;
  /** Copies the long run's positions up to (not including) `end`. */
  const copyLong = (end: number): void => {
    merged.set(long.subarray(at, end), length);
    length += end - at;
    at = end;
  };
  const keyOf = (position: number) => sortKeyOf(works.at(position));
  // A few works into many (the corpus into a large file): each is placed by a binary search, which reads about
  // 17 of the long run's works at 100,000 rather than all of them (a packed list makes only those).
  if (short.length * Math.ceil(Math.log2(long.length + 1)) < long.length) {
    for (const position of short) {
      const key = keyOf(position);
      let low = at;
      let high = long.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compareKeys(keyOf(long[middle]), key) < 0) low = middle + 1;
        else high = middle;
      }
      copyLong(low);
      merged[length++] = position;
      yield;
    }
    copyLong(long.length);
    return merged;
  }
  let i = 0;
  let shortKey = short.length ? keyOf(short[0]) : undefined;
  let longKey = long.length ? keyOf(long[0]) : undefined;
  while (shortKey && longKey) {
    if (compareKeys(shortKey, longKey) < 0) {
      merged[length++] = short[i++];
      shortKey = i < short.length ? keyOf(short[i]) : undefined;
    } else {
      merged[length++] = long[at++];
      longKey = at < long.length ? keyOf(long[at]) : undefined;
    }
    if (length % WORKS_PER_STEP === 0) yield;
  }
  merged.set(short.subarray(i), length);
  length += short.length - i;
  copyLong(long.length);
  return merged;
}
