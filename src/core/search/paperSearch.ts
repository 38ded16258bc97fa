// Ranks works for a query. An inverted index (searchIndex.ts) narrows the library to a few hundred candidates, with
// years matched exactly and one typo per word tolerated; fuse.js then ranks the candidates word by word, over title,
// authors, key, venue, themes and abstract, so every word of a multi-word query counts.
import Fuse, { IFuseOptions } from 'fuse.js';
import { Paper, Theme } from '../model';
import { WorkList, workListOf } from '../workList';
import { ParsedQuery, parseQuery } from './parseQuery';
import { FIELD_WEIGHTS, searchFields, SearchFields, ThemeLabels, themeLabels } from './searchFields';
import { buildSearchIndex } from './buildSearchIndex';
import { FieldBit } from './indexLayout';
import { Candidates, SearchIndex, SearchIndexSnapshot } from './searchIndex';
import { runInSlices, runToCompletion, SliceOptions, Steps } from './steps';

export interface PaperSearchOptions {
  /** Most works the index hands to fuse.js per query (more when a caller asks for more results). */
  candidateLimit?: number;
}

const DEFAULT_CANDIDATES = 200;

// Texts are folded before fuse.js sees them (normalize.ts), so it need not lower-case or strip accents itself.
const FUSE_OPTIONS: IFuseOptions<SearchFields> = {
  includeScore: true,
  ignoreLocation: true,
  isCaseSensitive: true,
  threshold: 0.4,
  keys: (Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[]).map((name) => ({
    name,
    // fuse.js weighs a field by 1/sqrt(its word count); it sees only an excerpt of each abstract (see rank()),
    // so the excerpt's weight is scaled to what the whole abstract of ~150 words would have had.
    weight: name === 'abstract' ? FIELD_WEIGHTS.abstract / Math.sqrt(150) : FIELD_WEIGHTS[name],
  })),
};

/** A work whose title holds the query's words in order gains as if it had matched one more word perfectly. */
const PHRASE_BONUS = Math.log(1e-3);
/** fuse.js gives an exact match a score near 0; counting every such word alike keeps one from drowning the rest. */
const SCORE_FLOOR = 1e-3;
/**
 * fuse.js finds "monran" inside "monransky" as readily as the word itself; the index knows which works have the
 * very word, and this weight lets that count (a prefix costs about what a weaker field costs in fuse.js).
 */
const EXACTNESS_WEIGHT = 6;
const NO_MATCH = 1;
/** Normalised fields of recent candidates, kept because each keystroke re-ranks much the same works. */
const FIELDS_CACHE = 4096;
/** Words of the library that prime() searches for, and the candidates fuse.js ranks for each (see prime()). */
const PRIME_WORDS = 4;
const PRIME_CANDIDATES = 12;

export class PaperSearch {
  private readonly index: SearchIndex;
  private readonly labels: ThemeLabels;
  private readonly candidateLimit: number;
  /** fuse.js's log score of each work for each word of the last query (NO_MATCH where it found none). */
  private termScores = new Map<string, Map<number, number>>();
  private readonly fieldsCache = new Map<number, SearchFields>();
  /** The works searched: only those a query ranks or returns are read (`at`), so a packed list stays mostly packed. */
  private readonly papers: WorkList;

  /** Builds the index at once: fine for the corpus and small libraries; for large ones use `PaperSearch.build`. */
  constructor(works: WorkList | readonly Paper[], themes: readonly Theme[], options: PaperSearchOptions & { index?: SearchIndex } = {}) {
    this.papers = workListOf(works);
    this.labels = themeLabels(themes);
    this.index = options.index ?? runToCompletion(buildSearchIndex(this.papers, this.labels));
    this.candidateLimit = options.candidateLimit ?? DEFAULT_CANDIDATES;
  }

  /**
   * Builds the index in slices of `sliceMs` (8 ms by default) that give the event loop back in between, so the
   * extension host's main thread is never blocked for long; rejects with CancelledError if `token` is set.
   */
  static async build(works: WorkList | readonly Paper[], themes: readonly Theme[], options: PaperSearchOptions & SliceOptions = {}): Promise<PaperSearch> {
    const index = await runInSlices(buildSearchIndex(works, themeLabels(themes)), options);
    return new PaperSearch(works, themes, { ...options, index });
  }

  /**
   * Rebuilds a search from a snapshot taken of the same works (see toSnapshot; snapshotCodec.ts writes one to
   * bytes), at once; undefined when the snapshot is of other works. Milliseconds where a build takes seconds.
   */
  static fromSnapshot(works: WorkList | readonly Paper[], themes: readonly Theme[], snapshot: SearchIndexSnapshot, options: PaperSearchOptions = {}): PaperSearch | undefined {
    const index = runToCompletion(SearchIndex.fromSnapshot(snapshot, works));
    return index && new PaperSearch(works, themes, { ...options, index });
  }

  /**
   * Like fromSnapshot, in slices that give the event loop back (the check and keying take ~100 ms at 100k).
   * `fingerprint` is that of the works (fingerprintSteps), if already known.
   */
  static async restore(works: WorkList | readonly Paper[], themes: readonly Theme[], snapshot: SearchIndexSnapshot, options: PaperSearchOptions & SliceOptions & { fingerprint?: number } = {}): Promise<PaperSearch | undefined> {
    const index = await runInSlices(SearchIndex.fromSnapshot(snapshot, works, options.fingerprint), options);
    return index && new PaperSearch(works, themes, { ...options, index });
  }

  /**
   * The index as typed arrays and strings: post it from a worker (transferring the arrays' buffers), or encode it
   * for a disk cache. Store it under the same cache key as the parsed works, as it holds their words.
   */
  toSnapshot(fingerprint?: number): SearchIndexSnapshot {
    return this.index.toSnapshot(this.papers, fingerprint);
  }

  get size(): number {
    return this.papers.length;
  }

  /**
   * Searches for a few of the library's own words, a small query a step, in each shape a user's query takes (two
   * letters, a finished word, a word being typed, a word and the first letters of the next, two words, a word and a
   * year). A large library's first search otherwise runs the index's loops and fuse.js before V8 has compiled them,
   * over tens of thousands of postings (60-120 ms at 100k works, against ~10 ms once compiled); these queries give
   * V8 the same code paths at a small scale, in steps a caller runs in slices. Results never depend on them: what
   * they leave in the caches of fuse.js's scores is put back after each.
   */
  *prime(): Steps<void> {
    // The shortest first: the first time through, a word's ~500 typo variants are looked up by uncompiled code.
    const words = this.index.sampleWords(PRIME_WORDS, 100, 2000).sort((a, b) => a.length - b.length);
    // The oldest year, which few works have: a year's query visits every work of that year.
    const { defaultOrder } = this.index;
    const year = defaultOrder.length ? this.papers.at(defaultOrder[defaultOrder.length - 1]).year : undefined;
    for (const [i, word] of words.entries()) {
      const next = words[(i + 1) % words.length];
      // "primary c": a second word's first letters reach many words, whose postings are intersected with the first
      // word's. Met uncompiled, it was the slowest keystroke of a session's first queries at 100k works (a median
      // of 44 ms over 10 runs; 25 ms with this shape primed). Two letters rather than one keep this step short.
      for (const query of [word.slice(0, 2), `${word} `, word, `${word} ${next.slice(0, 2)}`, `${word} ${next}`, year === undefined ? `${word} ` : `${word} ${year}`]) {
        const parsed = parseQuery(query);
        // The first time, the index's part in a step of its own: most of a first step is V8 compiling its code.
        if (i === 0) {
          this.index.candidates(parsed, PRIME_CANDIDATES);
          yield;
        }
        const scores = this.termScores;
        this.searchParsed(parsed, 10, PRIME_CANDIDATES);
        this.termScores = scores;
        yield;
      }
    }
  }

  /** The index's size: works, distinct words, postings, and bytes held (not counting the works themselves). */
  indexStats(): ReturnType<SearchIndex['stats']> & { bytes: number } {
    return { ...this.index.stats(), bytes: this.index.byteSize() };
  }

  /**
   * Best first. An empty query gives works newest first, then by first author and title. When `limit` exceeds the
   * candidate limit (a filter asking for every match), fuse.js ranks the best candidates and the other matches
   * follow in library order.
   */
  search(query: string, limit = 50): Paper[] {
    const found = this.searchParsed(parseQuery(query), limit);
    if (found.length) return found;
    // A mistyped citation key ("martinCriticalAcountRise2012") is one word that no index holds: read it as the
    // words it is made of, so the typo is forgiven as it would be in those words.
    const spelledOut = spellOutKey(query);
    return spelledOut === query ? found : this.searchParsed(parseQuery(spelledOut), limit);
  }

  private searchParsed(parsed: ParsedQuery, limit: number, candidateLimit = this.candidateLimit): Paper[] {
    if (!parsed.terms.length && !parsed.years.length) return this.inDefaultOrder(limit);
    const candidates = this.index.candidates(parsed, Math.max(candidateLimit, limit), candidateLimit);
    const { works, yearInField, exactness, exactKey } = candidates;
    const ranked = Math.min(works.length, candidateLimit);
    const { matched, logScore } = this.rank(parsed, candidates, ranked);
    // Works arrive best pre-score first, so position breaks the last ties the same way every time.
    const order = Array.from({ length: ranked }, (_, i) => i);
    order.sort((a, b) =>
      Number(works[b] === exactKey) - Number(works[a] === exactKey)
      || matched[b] - matched[a]
      || Number(yearInField[b]) - Number(yearInField[a])
      || (logScore[a] - EXACTNESS_WEIGHT * exactness[a]) - (logScore[b] - EXACTNESS_WEIGHT * exactness[b])
      || a - b);
    for (let i = ranked; i < works.length && order.length < limit; i++) order.push(i);
    return order.slice(0, limit).map((i) => this.papers.at(works[i]));
  }

  /**
   * Scores the first `count` candidates with fuse.js, one search per query word, so a work is ranked by how well
   * it matches each word wherever it matches: how many words fuse.js found, and the sum of their log scores.
   */
  private rank(query: ParsedQuery, candidates: Candidates, count: number): { matched: Uint8Array; logScore: Float64Array } {
    const { works, fields, abstractWord } = candidates;
    const all = works.slice(0, count).map((work) => this.fields(work));
    const matched = new Uint8Array(count);
    const logScore = new Float64Array(count);
    // Scores of earlier words carry over from the last keystroke; only the word being typed is new.
    const cache = new Map<string, Map<number, number>>();
    query.terms.forEach((term, t) => {
      // Numbers are matched exactly by the index; fuse.js would accept 2018 for 2019.
      if (term.kind !== 'word') return;
      // A word being typed also matches longer words, so it is scored apart from the same word finished.
      const id = term.partial ? `${term.text}…` : term.text;
      const scores = this.termScores.get(id) ?? new Map<number, number>();
      cache.set(id, scores);
      const missing: number[] = [];
      for (let i = 0; i < count; i++) if (!scores.has(works[i])) missing.push(i);
      if (missing.length) {
        // fuse.js looks only at the fields where the index found the word: scanning the others costs most of the
        // time and adds only near-misses ("lumcal" in "lumpel"). Of an abstract (~1,000 characters to scan once
        // per tolerated error) it sees the best matching word, which is where its best match would be.
        const records = missing.map((i): SearchFields => {
          const record = all[i];
          const where = fields[i][t];
          return {
            title: where & FieldBit.title ? record.title : '',
            authors: where & FieldBit.authors ? record.authors : [],
            key: where & FieldBit.key ? record.key : '',
            venue: where & FieldBit.venue ? record.venue : [],
            themes: where & FieldBit.themes ? record.themes : [],
            abstract: where & FieldBit.abstract ? abstractWord[i][t] : '',
          };
        });
        for (const i of missing) scores.set(works[i], NO_MATCH);
        for (const result of new Fuse(records, FUSE_OPTIONS).search(term.text)) {
          scores.set(works[missing[result.refIndex]], Math.log(Math.max(result.score ?? 1, SCORE_FLOOR)));
        }
      }
      for (let i = 0; i < count; i++) {
        const score = scores.get(works[i])!;
        if (score === NO_MATCH) continue;
        matched[i]++;
        logScore[i] += score;
      }
    });
    this.termScores = cache;
    if (query.phrase.includes(' ')) {
      all.forEach((record, i) => {
        if (record.title.includes(query.phrase)) logScore[i] += PHRASE_BONUS;
      });
    }
    return { matched, logScore };
  }

  private inDefaultOrder(limit: number): Paper[] {
    const result: Paper[] = [];
    const order = this.index.defaultOrder;
    for (let i = 0; i < order.length && result.length < limit; i++) result.push(this.papers.at(order[i]));
    return result;
  }

  private fields(work: number): SearchFields {
    let fields = this.fieldsCache.get(work);
    if (!fields) {
      if (this.fieldsCache.size >= FIELDS_CACHE) this.fieldsCache.clear();
      fields = searchFields(this.papers.at(work), this.labels, false);
      this.fieldsCache.set(work, fields);
    }
    return fields;
  }
}

/** Splits camelCase and letter-digit joins, as in Better BibTeX keys: "martinCriticalRise2012" -> "martin Critical Rise 2012". */
export function spellOutKey(query: string): string {
  return query.replace(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])/g, ' ');
}
