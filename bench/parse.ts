// .bib parse throughput: our reader against latex-utensils (LaTeX Workshop's parser) and citation-js, each in a fresh
// process so its peak memory is its own, each measured the same way: its first (cold) parse, then repeats for a
// median. Run as a child: `node --expose-gc --import tsx bench/parse.ts <parser> <file> [entries]`.
import { readFileSync } from 'fs';
import * as path from 'path';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import { bibtexParser } from 'latex-utensils';
import { parseBibliography } from '../src/core/bibliography/parseBibliography';
import { ThemePlacer } from '../src/core/bibliography/placeByThemes';
import { parseCorpus } from '../src/core/corpus';
import { gc, MB, runChild, stats } from './stats';

export const PARSERS = ['ours', 'latex-utensils', 'citation-js'] as const;
export type ParserName = (typeof PARSERS)[number];

export interface ParseFigures {
  parser: ParserName;
  /** Bytes parsed (all of the file, or the prefix of `entries` entries). */
  bytes: number;
  entries: number;
  prefix: boolean;
  /** The median of the runs (the first included): the figure the goals are judged on. */
  ms: number;
  mbPerSecond: number;
  entriesPerSecond: number;
  /** The process's first parse of the text, with nothing warmed up: what a freshly started parse worker pays. */
  firstMs: number;
  firstMbPerSecond: number;
  /** Every run, the first included, in order. */
  runsMs: number[];
  /** Peak resident memory of the process after the first run, and how much of it came after the text was in memory. */
  peakRssMB: number;
  aboveBaselineMB: number;
  note?: string;
}

/** At most this many runs per parser, and no further run once the runs so far and one more would pass TIME_BUDGET_MS. */
export const MAX_RUNS = 5;
export const TIME_BUDGET_MS = 10_000;

/** A function that parses `text` with one parser and says how many entries it produced. */
function parse(parser: ParserName, text: string): () => number {
  switch (parser) {
    case 'ours': {
      const corpus = parseCorpus(readFileSync(path.join(__dirname, '..', 'resources', 'corpus.json'), 'utf8'));
      const placer = new ThemePlacer(corpus.themes);
      return () => parseBibliography(text, 'bibtex', 'bench.bib', placer).papers.length;
    }
    case 'latex-utensils': {
      return () => bibtexParser.parse(text).content.filter((node) => 'entryType' in node && !['string', 'comment', 'preamble'].includes(String(node.entryType).toLowerCase())).length;
    }
    case 'citation-js': {
      return () => (plugins.input.chain(text, { generateGraph: false } as never) as unknown[]).length;
    }
  }
}

/** The text up to (not including) the entry after the first `entries` entries. */
function prefixOf(text: string, entries: number): string {
  let seen = 0;
  for (let at = text.indexOf('\n@'); at >= 0; at = text.indexOf('\n@', at + 1)) {
    const type = text.slice(at + 2, at + 10).toLowerCase();
    if (type.startsWith('string') || type.startsWith('comment') || type.startsWith('preamble')) continue;
    if (seen++ === entries) return text.slice(0, at + 1);
  }
  return text;
}

async function child(parser: ParserName, file: string, entries?: number): Promise<ParseFigures> {
  const full = readFileSync(file, 'utf8');
  const text = entries ? prefixOf(full, entries) : full;
  const run = parse(parser, text);
  gc();
  const baseline = process.memoryUsage().rss;
  // The first run is the process's first sight of the parser's code (no warm-up): the cold figure.
  const runsMs: number[] = [];
  const timed = () => {
    const start = performance.now();
    const count = run();
    runsMs.push(performance.now() - start);
    return count;
  };
  const count = timed();
  const peak = process.resourceUsage().maxRSS * 1024;
  // Repeats while the runs so far, and one more as long as the slowest, stay within the budget.
  for (;;) {
    const spent = runsMs.reduce((sum, ms) => sum + ms, 0);
    if (runsMs.length >= MAX_RUNS || spent + Math.max(...runsMs) > TIME_BUDGET_MS) break;
    // Each run starts on a collected heap, as the first did: the last run's results are garbage by now.
    gc();
    if (timed() !== count) throw new Error(`${parser} found a different number of entries on a repeat run`);
  }
  const bytes = Buffer.byteLength(text);
  const ms = stats(runsMs).median;
  const firstMs = runsMs[0];
  return {
    parser,
    bytes,
    entries: count,
    prefix: text.length < full.length,
    ms,
    mbPerSecond: bytes / MB / (ms / 1000),
    entriesPerSecond: count / (ms / 1000),
    firstMs,
    firstMbPerSecond: bytes / MB / (firstMs / 1000),
    runsMs,
    peakRssMB: peak / MB,
    aboveBaselineMB: Math.max(0, peak - baseline) / MB,
  };
}

/** Times every parser on `file`; a parser expected to take over ~3 minutes is timed on a prefix instead. */
export async function benchParse(file: string, size: number, bytes: number, earlier: ParseFigures[], log: (line: string) => void): Promise<ParseFigures[]> {
  const results: ParseFigures[] = [];
  for (const parser of PARSERS) {
    // Predicted from the smaller file's first run: at the larger size a slow parser runs once.
    const known = earlier.find((figures) => figures.parser === parser);
    const expectedSeconds = known ? bytes / MB / known.firstMbPerSecond : 0;
    const entries = expectedSeconds > 180 ? Math.floor(size * (120 / expectedSeconds)) : undefined;
    try {
      const figures = await runChild<ParseFigures>(['bench/parse.ts', parser, file, ...(entries ? [String(entries)] : [])]);
      if (entries) figures.note = `timed on the first ${entries} entries: the whole file would take about ${Math.round(expectedSeconds)} s`;
      log(`  ${parser}: ${figures.entries} entries, first run ${figures.firstMbPerSecond.toFixed(1)} MB/s (${(figures.firstMs / 1000).toFixed(2)} s), `
        + `median of ${figures.runsMs.length} ${figures.mbPerSecond.toFixed(1)} MB/s (${(figures.ms / 1000).toFixed(2)} s)`);
      results.push(figures);
    } catch (error) {
      log(`  ${parser}: failed: ${(error as Error).message.split('\n')[0]}`);
      results.push({
        parser, bytes, entries: 0, prefix: false, ms: NaN, mbPerSecond: NaN, entriesPerSecond: NaN, firstMs: NaN, firstMbPerSecond: NaN, runsMs: [],
        peakRssMB: NaN, aboveBaselineMB: NaN, note: `failed: ${(error as Error).message.split('\n')[0]}`,
      });
    }
  }
  return results;
}

if (require.main === module) {
  const [parser, file, entries] = process.argv.slice(2);
  child(parser as ParserName, file, entries ? Number(entries) : undefined).then(
    (figures) => console.log(JSON.stringify(figures)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
