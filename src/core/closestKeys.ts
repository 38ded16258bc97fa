// Finds the library keys nearest to a key that is in no library, for "did you mean" hovers and quick fixes.
//
// Two kinds of near miss are common: a typo (a letter wrong, missing, doubled or two letters swapped, or the wrong
// case) and a shortened key ("shapiro2011" for "shapiroLeadershipNHS2011"). The first is found by the optimal string
// alignment distance (Levenshtein plus adjacent transpositions), ignoring case. Keys are kept sorted with the length
// each shares with the one before, so walking them is walking a trie: a row of the distance table computed for a
// prefix serves every key with that prefix, and a prefix already too far from the query rules out all its keys at
// once. The second is found by matching the query as a subsequence of keys that start with the same letter,
// preferring the fewest separate runs. The index is built once per key list (about 130 ms for 100,000 keys, which
// LibraryKeyMatcher spends in time slices); a query over 100,000 keys then takes 2 to 20 ms.
import { CancellableRun, identityIds, runInSlices, runToCompletion, sortSteps, Steps, YieldToHost } from './search/steps';
import { keysOf, WorkList } from './workList';

export interface KeyMatch {
  key: string;
  /** Edits (case ignored) from the query to the key; absent for a match by abbreviation. */
  distance?: number;
}

const MIN_ABBREVIATION = 4;
const MAX_RUNS = 3;

/** The largest number of edits worth suggesting for a query of this length: short keys allow fewer. */
export function maxEditsFor(length: number): number {
  if (length <= 3) return 1;
  if (length <= 7) return 2;
  return 3;
}

/** Keys prepared between two yields of KeyMatcher.build. */
const KEYS_PER_STEP = 2048;

export class KeyMatcher {
  private constructor(
    private readonly keys: string[],
    private readonly lower: string[],
    /** Key indices in lower-case order. */
    private readonly sorted: Uint32Array,
    /** For each position of `sorted`, the length of the prefix its key shares with the key before it. */
    private readonly shared: Int32Array,
    /** Indices of keys by lower-case first character, for the abbreviation pass. */
    private readonly byFirst: Map<string, number[]>,
  ) {}

  static of(keys: Iterable<string>): KeyMatcher {
    return runToCompletion(KeyMatcher.build(keys));
  }

  /** The matcher of these keys, built in small steps (see runInSlices). */
  static *build(keys: Iterable<string>): Steps<KeyMatcher> {
    const seen = new Set<string>();
    const unique: string[] = [];
    for (const key of keys) {
      if (!seen.has(key)) {
        seen.add(key);
        unique.push(key);
        if (unique.length % KEYS_PER_STEP === 0) yield;
      }
    }
    const lower = new Array<string>(unique.length);
    const byFirst = new Map<string, number[]>();
    for (let index = 0; index < unique.length; index++) {
      const key = (lower[index] = unique[index].toLowerCase());
      if (key) {
        const list = byFirst.get(key[0]);
        if (list) list.push(index);
        else byFirst.set(key[0], [index]);
      }
      if (index % KEYS_PER_STEP === KEYS_PER_STEP - 1) yield;
    }
    const sorted = yield* sortSteps(identityIds(unique.length), (a, b) => compare(lower[a], lower[b]) || compare(unique[a], unique[b]));
    const shared = new Int32Array(sorted.length);
    for (let s = 1; s < sorted.length; s++) {
      shared[s] = commonPrefix(lower[sorted[s - 1]], lower[sorted[s]]);
      if (s % KEYS_PER_STEP === 0) yield;
    }
    return new KeyMatcher(unique, lower, sorted, shared, byFirst);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Up to `limit` keys nearest to `query`, best first; never the query itself. */
  closest(query: string, limit = 3): KeyMatch[] {
    if (!query || limit <= 0) return [];
    const target = query.toLowerCase();
    const typos = this.byEditDistance(query, target, limit);
    const found = new Set(typos.map((match) => match.key));
    const abbreviations = typos.length < limit ? this.byAbbreviation(target, limit).filter((match) => !found.has(match.key)) : [];
    return [...typos, ...abbreviations].slice(0, limit);
  }

  private byEditDistance(query: string, target: string, limit: number): KeyMatch[] {
    const n = target.length;
    let bound = maxEditsFor(n);
    const width = n + 1;
    // Row i holds the distances from the candidate's first i characters to each prefix of the query. A candidate
    // longer than n + bound fails by row n + bound + 1, so no more rows are ever needed.
    const rows = new Int32Array((n + bound + 2) * width);
    for (let j = 0; j <= n; j++) rows[j] = j;
    const hits: { index: number; distance: number }[] = [];
    // How many hits lie at each distance: once `limit` lie within d, nothing farther than d can be shown.
    const atDistance = new Array<number>(bound + 1).fill(0);
    let failedAt = Infinity;
    for (let s = 0; s < this.sorted.length; s++) {
      // Keys sharing the prefix that failed are as far off: skip them without a look.
      if (this.shared[s] >= failedAt) continue;
      failedAt = Infinity;
      const index = this.sorted[s];
      const candidate = this.lower[index];
      const m = candidate.length;
      // Rows up to the shared prefix were computed for an earlier key and still hold.
      for (let i = this.shared[s] + 1; i <= m; i++) {
        const row = i * width;
        const above = row - width;
        const c = candidate.charCodeAt(i - 1);
        const previousChar = i > 1 ? candidate.charCodeAt(i - 2) : -1;
        rows[row] = i;
        let rowMin = i;
        for (let j = 1; j <= n; j++) {
          const t = target.charCodeAt(j - 1);
          let value = rows[above + j - 1] + (c === t ? 0 : 1);
          if (rows[above + j] + 1 < value) value = rows[above + j] + 1;
          if (rows[row + j - 1] + 1 < value) value = rows[row + j - 1] + 1;
          if (i > 1 && j > 1 && c === target.charCodeAt(j - 2) && previousChar === t && rows[above - width + j - 2] + 1 < value) {
            value = rows[above - width + j - 2] + 1;
          }
          rows[row + j] = value;
          if (value < rowMin) rowMin = value;
        }
        if (rowMin > bound) {
          failedAt = i;
          break;
        }
      }
      if (failedAt !== Infinity) continue;
      const distance = rows[m * width + n];
      if (distance > bound || this.keys[index] === query) continue;
      hits.push({ index, distance });
      atDistance[distance]++;
      for (let d = 0, within = 0; d < bound; d++) {
        within += atDistance[d];
        if (within >= limit) {
          bound = d;
          break;
        }
      }
    }
    return hits
      .filter((hit) => hit.distance <= bound)
      .sort((a, b) => a.distance - b.distance
        || Math.abs(this.keys[a.index].length - query.length) - Math.abs(this.keys[b.index].length - query.length)
        || compare(this.keys[a.index], this.keys[b.index]))
      .slice(0, limit)
      .map(({ index, distance }) => ({ key: this.keys[index], distance }));
  }

  private byAbbreviation(target: string, limit: number): KeyMatch[] {
    if (target.length < MIN_ABBREVIATION) return [];
    const hits: { index: number; runs: number }[] = [];
    for (const index of this.byFirst.get(target[0]) ?? []) {
      const candidate = this.lower[index];
      if (candidate.length <= target.length) continue;
      const runs = subsequenceRuns(target, candidate);
      if (runs <= MAX_RUNS) hits.push({ index, runs });
    }
    return hits
      .sort((a, b) => a.runs - b.runs
        || this.keys[a.index].length - this.keys[b.index].length
        || compare(this.keys[a.index], this.keys[b.index]))
      .slice(0, limit)
      .map(({ index }) => ({ key: this.keys[index] }));
  }
}

/** Convenience for one-off queries; build a KeyMatcher to query the same keys repeatedly. */
export function closestKeys(query: string, keys: Iterable<string>, limit = 3): KeyMatch[] {
  return KeyMatcher.of(keys).closest(query, limit);
}

/** How many separate runs `needle` falls into as a subsequence of `haystack` (greedy), or Infinity when it is not one. */
export function subsequenceRuns(needle: string, haystack: string): number {
  let runs = 0;
  let last = -2;
  let from = 0;
  for (let i = 0; i < needle.length; i++) {
    const at = haystack.indexOf(needle[i], from);
    if (at < 0) return Infinity;
    if (at !== last + 1) runs++;
    last = at;
    from = at + 1;
  }
  return runs;
}

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the index reads of a list of works: its keys. */
type KeyList = Pick<WorkList, 'length' | 'keyAt'>;

/** What LibraryKeyMatcher needs of the library: its keys, its works by key, and a signal when they change. */
export interface KeySource<T extends { key: string }> {
  works(): KeyList;
  lookup(key: string): T | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

const MAX_REMEMBERED = 500;

/** Longest run of building the index between two yields to the extension host's other work. */
const SLICE_MS = 8;

/**
 * The closest works of a library to an unknown key. The index is built on the first question after the library
 * changes, in time slices (at 100,000 keys it takes over 100 ms), and answers are remembered, since a hover and its
 * quick fixes ask about the same key over and over.
 */
export class LibraryKeyMatcher<T extends { key: string }> {
  /** The index of the library's keys as they stand, once built; cancelled when the library changes. */
  private matcher: CancellableRun<KeyMatcher> | undefined;
  private readonly answers = new Map<string, T[]>();
  private readonly subscription: { dispose(): void };

  /** `yieldToHost`: how the index's slices give the event loop back (a TurnQueue shared with other sliced work). */
  constructor(private readonly library: KeySource<T>, private readonly yieldToHost?: YieldToHost) {
    this.subscription = library.onDidChange(() => this.forget());
  }

  async closest(key: string, limit = 3): Promise<T[]> {
    const id = `${limit}\u0000${key}`;
    for (;;) {
      const answer = this.answers.get(id);
      if (answer) return answer;
      const built = (this.matcher ??= new CancellableRun((token) => runInSlices(KeyMatcher.build(keysOf(this.library.works())), { sliceMs: SLICE_MS, token, yieldToHost: this.yieldToHost })));
      let matcher: KeyMatcher;
      try {
        matcher = await built.done;
      } catch (error) {
        // The library changed while the index was built: ask the index of its new keys.
        if (built.cancelled) continue;
        throw error;
      }
      if (built !== this.matcher) continue;
      const found = matcher.closest(key, limit).map((match) => this.library.lookup(match.key)).filter((paper): paper is T => paper !== undefined);
      if (this.answers.size >= MAX_REMEMBERED) this.answers.clear();
      this.answers.set(id, found);
      return found;
    }
  }

  dispose(): void {
    this.forget();
    this.subscription.dispose();
  }

  private forget(): void {
    this.matcher?.cancel();
    this.matcher = undefined;
    this.answers.clear();
  }
}
