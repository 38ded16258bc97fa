// Start-up: the core work activation does with the corpus alone, and the time from activation to a searchable
// 100k-entry library, cold (the parse worker parses the file) and warm (the worker reads its parse cache; the search
// index comes from a snapshot, or is rebuilt). Each runs in a fresh process:
//   node --expose-gc --import tsx bench/startup.ts corpus <activationProbe.js>
//   node --expose-gc --import tsx bench/startup.ts cold|warm|warm-rebuild <file.bib> <cacheDir> <parseWorker.js>
// The main thread's longest stall is measured with an event-loop delay histogram, as the extension host would feel it.
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { monitorEventLoopDelay } from 'perf_hooks';

export interface CorpusActivation {
  /** Loading the core modules (corpus, library, search, fuse.js), bundled and minified, in a fresh process. */
  importMs: number;
  readMs: number;
  validateMs: number;
  indexMs: number;
  firstSearchMs: number;
  totalMs: number;
  works: number;
}

export interface LibraryStartup {
  mode: 'cold' | 'warm' | 'warm-rebuild';
  works: number;
  /** From the request to the works being in the library (parse or cache read in the worker, plus transfer). */
  loadMs: number;
  /** From the works being in the library to an index of them (snapshot, or a build in slices). */
  indexMs: number;
  firstSearchMs: number;
  totalMs: number;
  /** Longest stall of the main thread's event loop during all of it, during the load, during the indexing. */
  longestStallMs: number;
  longestLoadStallMs: number;
  longestIndexStallMs: number;
  /** Longest slice of our indexing work (the event loop's stalls also count time the process was not running). */
  longestSliceMs: number;
  fromCache: boolean;
  /** The index came from a snapshot saved by the cold run. */
  restored: boolean;
  snapshotMB?: number;
}

/** `probe` is bench/activationProbe.ts bundled and minified, as the extension's code is. */
async function corpus(probe: string): Promise<CorpusActivation> {
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the load is the point
  const { parseCorpus, Library, SearchService } = require(probe) as typeof import('./activationProbe');
  const t1 = performance.now();
  const text = await fs.readFile(path.join(__dirname, '..', 'resources', 'corpus.json'), 'utf8');
  const t2 = performance.now();
  const library = new Library(parseCorpus(text));
  const t3 = performance.now();
  const service = new SearchService(library);
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
  const { snapshotFiles } = require('../src/core/search/snapshotFiles') as typeof import('../src/core/search/snapshotFiles');
  const { ParserClient } = require('../src/bibliography/parserClient') as typeof import('../src/bibliography/parserClient');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const corpusData = parseCorpus(readFileSync(path.join(__dirname, '..', 'resources', 'corpus.json'), 'utf8'));
  const lib = new Library(corpusData);
  const client = new ParserClient(workerFile, { cacheDir, cacheSalt: 'bench', themes: corpusData.themes });
  // As the composition root would set it up: snapshots in global storage, except in the rebuild run.
  let restored = false;
  let longestSliceMs = 0;
  const service = new SearchService(lib, {
    debounceMs: 0,
    onSlice: (ms) => (longestSliceMs = Math.max(longestSliceMs, ms)),
    store: mode === 'warm-rebuild' ? undefined : snapshotFiles(cacheDir),
    onDidIndex: (_search, _ms, fromSnapshot) => (restored = fromSnapshot),
  });
  service.search('');

  // One event-loop delay histogram per phase, so a stall is put down to the loading or to the indexing.
  const loadDelay = monitorEventLoopDelay({ resolution: 5 });
  const indexDelay = monitorEventLoopDelay({ resolution: 5 });
  loadDelay.enable();
  const start = performance.now();
  const loaded = await client.load({ file, format: 'bibtex', path: file, useCache: mode !== 'cold' });
  lib.setUserPapers(file, loaded.papers);
  lib.papers();
  loadDelay.disable();
  indexDelay.enable();
  const loadedAt = performance.now();
  const search = await service.ready();
  const indexedAt = performance.now();
  search.search('leadership');
  const end = performance.now();
  indexDelay.disable();

  if (mode === 'cold') {
    // Leave the warm runs what they need: the worker's parse cache and our index snapshot, both written just after.
    const written = async () => {
      const names = await fs.readdir(cacheDir);
      return names.some((name) => name.startsWith('bib-') && name.endsWith('.json')) && names.some((name) => name.startsWith('search-index-') && name.endsWith('.bin'));
    };
    for (let i = 0; i < 600 && !(await written()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const snapshot = (await fs.readdir(cacheDir)).find((name) => name.startsWith('search-index-'));
  client.dispose();
  service.dispose();
  return {
    mode,
    works: loaded.papers.length,
    loadMs: loadedAt - start,
    indexMs: indexedAt - loadedAt,
    firstSearchMs: end - indexedAt,
    totalMs: end - start,
    longestStallMs: Math.max(loadDelay.max, indexDelay.max) / 1e6,
    longestLoadStallMs: loadDelay.max / 1e6,
    longestIndexStallMs: indexDelay.max / 1e6,
    longestSliceMs,
    fromCache: loaded.fromCache,
    restored,
    snapshotMB: snapshot ? (await fs.stat(path.join(cacheDir, snapshot))).size / 1024 / 1024 : undefined,
  };
}

if (require.main === module) {
  const [mode, file, cacheDir, workerFile] = process.argv.slice(2);
  const work = mode === 'corpus' ? corpus(path.resolve(file)) : library(mode as LibraryStartup['mode'], path.resolve(file), path.resolve(cacheDir), path.resolve(workerFile));
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
