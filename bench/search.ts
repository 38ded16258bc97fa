// Search: our index + fuse.js against fuse.js alone over the same fields, in the same process, on the same
// keystrokes; precision@5 on queries whose right answers the generator knows.
import Fuse from 'fuse.js';
import { Paper } from '../src/core/model';
import { PaperSearch } from '../src/core/search/paperSearch';
import { FIELD_WEIGHTS, personName } from '../src/core/search/searchFields';
import { BenchQuery, GeneratedLibrary, QueryKind } from './generate';
import { gc, MB, memoryInUse, Stats, stats } from './stats';

export interface EngineFigures {
  /** Synchronous build, ms (for fuse.js: its index). */
  buildMs: number;
  /** Memory the index holds, MB (heap + ArrayBuffers, after GC). */
  memoryMB: number;
  latency: Stats;
  /** Mean precision@5 per kind of query, and over all queries. */
  precision: Partial<Record<QueryKind | 'all', number>>;
}

export interface SearchFigures {
  size: number;
  queries: number;
  ours: EngineFigures & {
    /** Build in 8 ms slices with yields, as the extension does it: wall time, slices, longest slice. */
    slicedBuildMs: number;
    slices: number;
    longestSliceMs: number;
    /** Our latency on the keystrokes fuse.js was timed on, for the ratio. */
    sameKeystrokes: Stats;
    /** Mean precision@5 over every query (when fuse.js is compared on a subset). */
    precisionAllQueries: number;
    allQueries: number;
    indexStats: ReturnType<PaperSearch['indexStats']>;
  };
  fuse: EngineFigures & { keystrokesTimed: string };
  speedup: { median: number; p95: number };
}

/** fuse.js as the skeleton used it, over the same fields and weights as ours, with the year as one more field. */
export function plainFuse(papers: readonly Paper[]): Fuse<Paper> {
  return new Fuse(papers as Paper[], {
    includeScore: true,
    ignoreLocation: true,
    ignoreDiacritics: true,
    threshold: 0.4,
    keys: [
      { name: 'title', weight: FIELD_WEIGHTS.title },
      { name: 'authors', weight: FIELD_WEIGHTS.authors, getFn: (paper) => [...(paper.authors ?? []), ...(paper.editors ?? [])].map(personName) },
      { name: 'key', weight: FIELD_WEIGHTS.key },
      { name: 'venue', weight: FIELD_WEIGHTS.venue, getFn: (paper) => [paper.venue, paper.publisher].filter((v): v is string => !!v) },
      { name: 'themes', weight: FIELD_WEIGHTS.themes },
      { name: 'abstract', weight: FIELD_WEIGHTS.abstract, getFn: (paper) => paper.abstract?.text ?? '' },
      { name: 'year', weight: 1, getFn: (paper) => (paper.year === undefined ? '' : String(paper.year)) },
    ],
  });
}

function precisionAt5(found: readonly string[], query: BenchQuery): number {
  const relevant = new Set(query.relevant);
  if (!relevant.size) return NaN;
  return found.slice(0, 5).filter((key) => relevant.has(key)).length / Math.min(5, relevant.size);
}

function meanByKind(values: { kind: QueryKind; value: number }[]): EngineFigures['precision'] {
  const result: EngineFigures['precision'] = {};
  const groups = new Map<QueryKind | 'all', number[]>();
  for (const { kind, value } of values) {
    if (Number.isNaN(value)) continue;
    for (const group of [kind, 'all'] as const) groups.set(group, [...(groups.get(group) ?? []), value]);
  }
  for (const [kind, list] of groups) result[kind] = list.reduce((a, b) => a + b, 0) / list.length;
  return result;
}

/** The prefixes a user types, one character at a time. */
function keystrokes(query: string): string[] {
  return Array.from({ length: query.length }, (_, i) => query.slice(0, i + 1));
}

const WARM_UP = ['health', 'nurse staffing', 'smith 2001', 'retnetion', 'board'];

/**
 * fuse.js with diacritics ignored takes most of a second per search at 10k and ten at 100k, so it is timed on a
 * sample of keystrokes (one query of each kind: every second keystroke at 10k, every fourth with --quick, every
 * sixth at 100k, and the last), and at 100k or with --quick its precision is compared on one query of each kind.
 * Ours is timed on every keystroke of every query, and its precision given on the same queries as fuse.js's.
 */
export async function benchSearch(library: GeneratedLibrary, log: (line: string) => void, quick = false): Promise<SearchFigures> {
  const { works, queries } = library;
  const size = works.length;
  const oneOfEachKind = queries.filter((query, i) => queries.findIndex((other) => other.kind === query.kind) === i);
  const precisionQueries = quick || size > 20_000 ? oneOfEachKind : queries;

  // Our index: memory of a synchronous build, then the sliced build the extension uses, whose copy we keep.
  gc();
  let before = memoryInUse();
  let start = performance.now();
  let ours: PaperSearch | undefined = new PaperSearch(works, []);
  const buildMs = performance.now() - start;
  gc();
  const memoryMB = (memoryInUse() - before) / MB;
  const indexStats = ours.indexStats();
  ours = undefined;
  gc();
  let slices = 0;
  let longestSliceMs = 0;
  start = performance.now();
  const search = await PaperSearch.build(works, [], {
    onSlice: (ms) => {
      slices++;
      longestSliceMs = Math.max(longestSliceMs, ms);
    },
  });
  const slicedBuildMs = performance.now() - start;
  log(`  our index: ${buildMs.toFixed(0)} ms at once, ${slicedBuildMs.toFixed(0)} ms in ${slices} slices (longest ${longestSliceMs.toFixed(1)} ms), ${memoryMB.toFixed(1)} MB`);

  for (const query of WARM_UP) for (const typed of keystrokes(query)) search.search(typed);
  const latencies: number[] = [];
  const timedOurs = new Map<string, number>();
  // No forced GC between queries: a full collection discards compiled code and makes the next keystrokes slow,
  // which typing in the editor never sees.
  for (const query of queries) {
    for (const typed of keystrokes(query.query)) {
      const t = performance.now();
      search.search(typed);
      const ms = performance.now() - t;
      latencies.push(ms);
      timedOurs.set(typed, ms);
    }
  }
  const oursAll = meanByKind(queries.map((query) => ({ kind: query.kind, value: precisionAt5(search.search(query.query, 5).map((p) => p.key), query) })));
  const oursPrecision = meanByKind(precisionQueries.map((query) => ({ kind: query.kind, value: precisionAt5(search.search(query.query, 5).map((p) => p.key), query) })));
  const slowest = [...timedOurs].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([typed, ms]) => `"${typed}" ${ms.toFixed(1)}`);
  log(`  our keystrokes: ${latencies.length}, median ${stats(latencies).median.toFixed(2)} ms; slowest ${slowest.join(', ')}`);

  // fuse.js alone. It takes 0.2 s a keystroke at 10k and seconds at 100k, so it is timed on a sample: one query of
  // each kind, every second keystroke (every fourth above 20k) and the last; ours is compared on the same ones.
  gc();
  before = memoryInUse();
  start = performance.now();
  const fuse = plainFuse(works);
  const fuseBuildMs = performance.now() - start;
  gc();
  const fuseMemoryMB = (memoryInUse() - before) / MB;
  fuse.search(WARM_UP[0]);
  const sample: string[] = [];
  const step = size > 20_000 ? 6 : quick ? 4 : size > 2_000 ? 2 : 1;
  for (const query of oneOfEachKind) {
    keystrokes(query.query).forEach((typed, i) => {
      if (i % step === step - 1 || i === query.query.length - 1) sample.push(typed);
    });
  }
  const fuseLatencies: number[] = [];
  for (const typed of sample) {
    const t = performance.now();
    fuse.search(typed, { limit: 50 });
    fuseLatencies.push(performance.now() - t);
  }
  log(`  fuse.js keystrokes: ${sample.length}, median ${stats(fuseLatencies).median.toFixed(0)} ms`);
  const fusePrecision = meanByKind(precisionQueries.map((query) => ({ kind: query.kind, value: precisionAt5(fuse.search(query.query, { limit: 5 }).map((r) => r.item.key), query) })));

  const sameKeystrokes = stats(sample.map((typed) => timedOurs.get(typed)!));
  const fuseStats = stats(fuseLatencies);
  return {
    size,
    queries: precisionQueries.length,
    ours: {
      buildMs,
      memoryMB,
      latency: stats(latencies),
      precision: oursPrecision,
      slicedBuildMs,
      slices,
      longestSliceMs,
      sameKeystrokes,
      precisionAllQueries: oursAll.all ?? NaN,
      allQueries: queries.length,
      indexStats,
    },
    fuse: {
      buildMs: fuseBuildMs,
      memoryMB: fuseMemoryMB,
      latency: fuseStats,
      precision: fusePrecision,
      keystrokesTimed: `${sample.length} keystrokes (one query of each kind${step > 1 ? `, every ${['', '', 'second', 'third', 'fourth', 'fifth', 'sixth'][step]} keystroke` : ''})`,
    },
    speedup: { median: fuseStats.median / sameKeystrokes.median, p95: fuseStats.p95 / sameKeystrokes.p95 },
  };
}
