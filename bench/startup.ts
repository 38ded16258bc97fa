// Start-up: the core work activation does with the corpus alone, and the time from activation to a searchable
// 100k-entry library, cold (the parse worker parses the file) and warm (the worker reads its parse cache; the search
// index comes from a snapshot, or is rebuilt). Each runs in a fresh process of plain Node, from this file bundled
// (bundles.ts, buildStartupProbe):
//   node --expose-gc startup.js corpus <activationProbe.js>
//   node --expose-gc startup.js cold|warm|warm-rebuild <file.bib> <cacheDir> <parseWorker.js>
// or, for the start-up figures alone (three rounds of each mode, medians; what `npm run bench` does at 100k):
//   node --import tsx bench/startup.ts rounds <file.bib> [<workDir>]
// The main thread's longest stall is measured with event-loop delay histograms, as the extension host would feel it:
// one per phase (load and decode, merge into the library, index, first search) and one over all of them; the longest
// task is the longest of our own slices and blocks (decode and index slices, the merge, the first search).
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { IntervalHistogram, monitorEventLoopDelay } from 'perf_hooks';
import { StallFigures, StallProbe } from './stallProbe';

/** The event-loop delay histograms' sampling interval. */
const RESOLUTION_MS = 5;

export interface CorpusActivation {
  /** Loading the core modules (corpus, library, search, fuse.js), bundled and minified, in a fresh process. */
  importMs: number;
  readMs: number;
  validateMs: number;
  indexMs: number;
  firstSearchMs: number;
  totalMs: number;
  works: number;
  /** Every run's total, when several fresh processes were timed and this is the median one. */
  runsMs?: number[];
}

export interface LibraryStartup {
  mode: 'cold' | 'warm' | 'warm-rebuild';
  works: number;
  /** From the request to the works being decoded here (parse or cache read in the worker, transfer, decoding). */
  loadMs: number;
  /** Of it: reading (or parsing) and packing in the worker. */
  workerMs: number;
  /** Putting the works into the library, as the bibliography manager does, to its merged list and a lookup. */
  mergeMs: number;
  /** From the works being in the library to an index of them (snapshot, or a build in slices). */
  indexMs: number;
  firstSearchMs: number;
  totalMs: number;
  /**
   * Longest stall of the main thread's event loop during all of it, and in each phase: the load (the worker's
   * reading and the decoding here), the merge into the library, the indexing, the first search.
   */
  longestStallMs: number;
  longestLoadStallMs: number;
  longestMergeStallMs: number;
  longestIndexStallMs: number;
  longestSearchStallMs: number;
  /** The load's and the indexing's longest stalls again, with the time the thread waited for a CPU (stallProbe.ts). */
  loadStall: StallFigures;
  indexStall: StallFigures;
  /**
   * Longest single task of ours on the main thread: a slice of decoding, indexing or the Papers view, the merge, the
   * first search.
   */
  longestTaskMs: number;
  /** Longest slice of decoding the works. */
  longestDecodeSliceMs: number;
  /** Longest slice of our indexing work (the event loop's stalls also count time the process was not running). */
  longestSliceMs: number;
  /**
   * The Papers view's rebuild once the works are in the library, as the extension runs it while the view is open:
   * the library sorted (the parse worker's order merged with the corpus) and grouped by theme, in slices that run
   * beside the indexing. Its time from the end of the merge, and its longest slice.
   */
  papersViewMs: number;
  longestViewSliceMs: number;
  /** Of the file's works, how many the host made into objects by the end (a page, a search's candidates). */
  worksMade: number;
  fromCache: boolean;
  /** The index came from a snapshot: saved by the cold run, or built by the parse worker. */
  restored: boolean;
  /** The parse worker built the index (and the main thread only restored it). */
  builtElsewhere: boolean;
  snapshotMB?: number;
}

/** `probe` is bench/activationProbe.ts bundled and minified, as the extension's code is. */
async function corpus(probe: string): Promise<CorpusActivation> {
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the load is the point
  const { parseCorpus, Library, SearchService, searchEngine } = require(probe) as typeof import('./activationProbe');
  const t1 = performance.now();
  const text = await fs.readFile(path.join(__dirname, '..', 'resources', 'corpus.json'), 'utf8');
  const t2 = performance.now();
  const library = new Library(parseCorpus(text));
  const t3 = performance.now();
  const service = new SearchService(library, () => searchEngine);
  await service.ready();
  const t4 = performance.now();
  service.search('leadership');
  const t5 = performance.now();
  service.dispose();
  return { importMs: t1 - t0, readMs: t2 - t1, validateMs: t3 - t2, indexMs: t4 - t3, firstSearchMs: t5 - t4, totalMs: t5 - t0, works: library.papers().length };
}

async function library(mode: LibraryStartup['mode'], file: string, cacheDir: string, workerFile: string): Promise<LibraryStartup> {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded here, not by the corpus-only run */
  const { parseCorpus } = require('../src/core/corpus') as typeof import('../src/core/corpus');
  const { Library } = require('../src/core/library') as typeof import('../src/core/library');
  const { SearchService } = require('../src/core/search/searchService') as typeof import('../src/core/search/searchService');
  // The engine's own bundle, beside the worker's, as the extension loads it (its modules are not the ones above).
  const searchEngine = require(path.join(path.dirname(workerFile), 'searchEngine.js')) as typeof import('../src/core/search/searchEngine');
  const { snapshotFiles } = require('../src/core/search/snapshotFiles') as typeof import('../src/core/search/snapshotFiles');
  const { ParserClient } = require('../src/bibliography/parserClient') as typeof import('../src/bibliography/parserClient');
  const { sortPartsSteps } = require('../src/core/referenceOrder') as typeof import('../src/core/referenceOrder');
  const { groupSortedSteps } = require('../src/core/grouping') as typeof import('../src/core/grouping');
  const { runInSlices } = require('../src/core/search/steps') as typeof import('../src/core/search/steps');
  const { PickedWorkList } = require('../src/core/workList') as typeof import('../src/core/workList');
  const { TurnQueue } = require('../src/core/search/turnQueue') as typeof import('../src/core/search/turnQueue');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const corpusData = parseCorpus(readFileSync(path.join(__dirname, '..', 'resources', 'corpus.json'), 'utf8'));
  const lib = new Library(corpusData);
  // As the composition root has it: all sliced work takes the event loop's turns through one queue.
  const yieldToHost = new TurnQueue().next;
  let longestDecodeSliceMs = 0;
  const client = new ParserClient(workerFile, { cacheDir, cacheSalt: 'bench', themes: corpusData.themes }, undefined, {
    onSlice: (ms) => (longestDecodeSliceMs = Math.max(longestDecodeSliceMs, ms)),
    yieldToHost,
  });
  // As the composition root would set it up: snapshots in global storage, except in the rebuild run.
  let restored = false;
  let builtElsewhere = false;
  let longestSliceMs = 0;
  const service = new SearchService(lib, () => searchEngine, {
    debounceMs: 0,
    yieldToHost,
    onSlice: (ms) => (longestSliceMs = Math.max(longestSliceMs, ms)),
    store: mode === 'warm-rebuild' ? undefined : snapshotFiles(cacheDir),
    // As the composition root has it: the worker that parsed the library builds its index.
    buildElsewhere: (papers, themes, token) => client.buildIndex(papers, themes, token),
    onDidIndex: (_search, _ms, fromSnapshot, elsewhere) => {
      restored = fromSnapshot;
      builtElsewhere = elsewhere;
    },
  });
  service.search('');

  // One event-loop delay histogram per phase, so a stall is put down to its phase, and one over them all. A stall is
  // recorded when the histogram's timer next fires, so each phase ends with a turn of the event loop that lets it
  // fire (not counted in the phase's time, but the index build the merge set off may start meanwhile, as it would;
  // the total is the sum of the phases' times).
  const [allDelay, loadDelay, mergeDelay, indexDelay, searchDelay] = [0, 1, 2, 3, 4].map(() => monitorEventLoopDelay({ resolution: RESOLUTION_MS }));
  let lastEnd = 0;
  /** `since`: the phase's time counts from the end of the last one's work (it may have set this one off). */
  const phase = async <T>(delay: IntervalHistogram, work: () => Promise<T> | T, since = false): Promise<[T, number, StallFigures]> => {
    delay.enable();
    const probe = new StallProbe(RESOLUTION_MS);
    probe.start();
    // A turn first, so the histogram's timer is running before a task that blocks at once.
    if (!since) await new Promise((resolve) => setTimeout(resolve, RESOLUTION_MS));
    const phaseStart = since ? lastEnd : performance.now();
    const result = await work();
    lastEnd = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2 * RESOLUTION_MS));
    delay.disable();
    return [result, lastEnd - phaseStart, probe.stop()];
  };
  allDelay.enable();
  const [loaded, loadMs, loadStall] = await phase(loadDelay, () => client.load({ file, format: 'bibtex', path: file, useCache: mode !== 'cold' }));
  // As the bibliography manager does it: the works go into the library, whose listeners look keys up at once.
  const [, mergeMs] = await phase(mergeDelay, () => {
    lib.setUserPapers(file, loaded.works, { keys: loaded.keys, hashes: loaded.hashes, order: loaded.order });
    lib.works();
    lib.lookup(loaded.works.length ? loaded.works.keyAt(loaded.works.length - 1) : '');
  });
  // The library's change also has an open Papers view rebuild itself (its slices as long as the tree's).
  let longestViewSliceMs = 0;
  const viewSlices = { sliceMs: 8, yieldToHost, onSlice: (ms: number) => (longestViewSliceMs = Math.max(longestViewSliceMs, ms)) };
  const viewStart = performance.now();
  const papersView = runInSlices(sortPartsSteps(lib.sortParts(), lib.works()), viewSlices)
    .then((sorted) => runInSlices(groupSortedSteps(new PickedWorkList(lib.works(), sorted), corpusData.themes, 'theme'), viewSlices))
    .then(() => performance.now() - viewStart);
  // The library's change set the index build off (as in the extension): timed from the end of the merge.
  const [search, indexMs, indexStall] = await phase(indexDelay, () => service.ready(), true);
  const [, firstSearchMs] = await phase(searchDelay, () => search.search('leadership'));
  const papersViewMs = await papersView;
  allDelay.disable();

  if (mode === 'cold') {
    // Leave the warm runs what they need: the worker's parse cache and our index snapshot, both written just after.
    const written = async () => {
      const names = await fs.readdir(cacheDir);
      return names.some((name) => name.startsWith('bib-') && name.endsWith('.works')) && names.some((name) => name.startsWith('search-index-') && name.endsWith('.bin'));
    };
    for (let i = 0; i < 600 && !(await written()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const snapshot = (await fs.readdir(cacheDir)).find((name) => name.startsWith('search-index-'));
  client.dispose();
  service.dispose();
  return {
    mode,
    works: loaded.works.length,
    loadMs,
    workerMs: loaded.millis,
    mergeMs,
    indexMs,
    firstSearchMs,
    totalMs: loadMs + mergeMs + indexMs + firstSearchMs,
    longestStallMs: allDelay.max / 1e6,
    longestLoadStallMs: loadDelay.max / 1e6,
    longestMergeStallMs: mergeDelay.max / 1e6,
    longestIndexStallMs: indexDelay.max / 1e6,
    longestSearchStallMs: searchDelay.max / 1e6,
    loadStall,
    indexStall,
    longestTaskMs: Math.max(longestDecodeSliceMs, longestSliceMs, longestViewSliceMs, mergeMs, firstSearchMs),
    longestDecodeSliceMs,
    longestSliceMs,
    papersViewMs,
    longestViewSliceMs,
    worksMade: (loaded.works as { madeCount?: number }).madeCount ?? loaded.works.length,
    fromCache: loaded.fromCache,
    restored,
    builtElsewhere,
    snapshotMB: snapshot ? (await fs.stat(path.join(cacheDir, snapshot))).size / 1024 / 1024 : undefined,
  };
}

/**
 * Three rounds of cold, warm and warm-rebuild start-ups of one library, each in a fresh process of the bundled
 * probe. Each round starts from an empty cache folder, so its cold run parses and builds, and leaves its warm runs
 * the parse cache and the index snapshot. Every run, by mode; `onRun` is told of each as it ends.
 */
export async function startupRounds(probe: string, file: string, cacheDir: string, worker: string, onRun: (figures: LibraryStartup) => void): Promise<Record<LibraryStartup['mode'], LibraryStartup[]>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the benchmark's own helpers, not loaded by the probes
  const { runChild } = require('./stats') as typeof import('./stats');
  const runs: Record<LibraryStartup['mode'], LibraryStartup[]> = { cold: [], warm: [], 'warm-rebuild': [] };
  for (let round = 0; round < 3; round++) {
    await fs.rm(cacheDir, { recursive: true, force: true });
    await fs.mkdir(cacheDir, { recursive: true });
    for (const mode of ['cold', 'warm', 'warm-rebuild'] as const) {
      const figures = await runChild<LibraryStartup>([probe, mode, file, cacheDir, worker]);
      runs[mode].push(figures);
      onRun(figures);
    }
  }
  return runs;
}

/** The run with the median total of a mode's three. */
export function medianRun(runs: readonly LibraryStartup[]): LibraryStartup {
  return [...runs].sort((a, b) => a.totalMs - b.totalMs)[1];
}

/**
 * startupRounds on one library, with the worker and this probe bundled for production into `workDir`; the median
 * run of each mode, with every run's total.
 */
async function rounds(file: string, workDir: string): Promise<(LibraryStartup & { runs: number[] })[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the benchmark's own helpers, not loaded by the probes
  const { benchBundles, buildStartupProbe } = require('./bundles') as typeof import('./bundles');
  const distDir = path.join(workDir, 'dist');
  await benchBundles(path.join(__dirname, '..'), distDir);
  const probe = path.join(workDir, 'startup.js');
  await buildStartupProbe(path.join(__dirname, '..'), probe);
  const runs = await startupRounds(probe, file, path.join(workDir, 'cache'), path.join(distDir, 'parseWorker.js'),
    (figures) => process.stderr.write(`${figures.mode}: ${JSON.stringify(figures)}\n`));
  return Object.values(runs).map((list) => ({ ...medianRun(list), runs: list.map((run) => run.totalMs) }));
}

if (require.main === module) {
  const [mode, file, cacheDir, workerFile] = process.argv.slice(2);
  const work = mode === 'corpus' ? corpus(path.resolve(file))
    : mode === 'rounds' ? rounds(path.resolve(file), path.resolve(cacheDir ?? path.join(__dirname, '.data', 'startup')))
      : library(mode as LibraryStartup['mode'], path.resolve(file), path.resolve(cacheDir), path.resolve(workerFile));
  work.then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
