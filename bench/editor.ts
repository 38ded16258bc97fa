// Hover and diagnostics on a 5,000-line document: the core work behind them (find the keys, look them up, render
// the hover; for an unknown key, find the closest keys), without VS Code.
import { KeyMatcher } from '../src/core/closestKeys';
import { findCitationKeys, keyAt } from '../src/core/citations/find';
import { CitationSyntax } from '../src/core/citations/types';
import { renderPaperHover } from '../src/core/hoverContent';
import { Library } from '../src/core/library';
import { Paper } from '../src/core/model';
import { prng } from './generate';
import { Stats, stats } from './stats';

export interface EditorFigures {
  syntax: CitationSyntax;
  lines: number;
  citations: number;
  unknown: number;
  /** All keys found and looked up, as a diagnostics pass does (one run per edit, debounced). */
  diagnostics: Stats;
  /** keyAt (which reads the text near the offset), lookup, and the hover's Markdown. */
  hover: Stats;
  /** The closest keys to an unknown key: building the matcher once, then one query. */
  closestBuildMs: number;
  closest: Stats;
}

/** A 5,000-line document citing works of the library, with a few unknown keys and a code block now and then. */
function document(syntax: CitationSyntax, papers: readonly Paper[], lines: number): { text: string; offsets: number[]; unknown: number } {
  const random = prng(7);
  const key = () => papers[Math.floor(random() * papers.length)].key;
  const out: string[] = [];
  const offsets: number[] = [];
  let length = 0;
  let unknown = 0;
  const push = (line: string) => {
    out.push(line);
    length += line.length + 1;
  };
  for (let i = 0; out.length < lines; i++) {
    if (i % 97 === 50) {
      push(syntax === 'latex' ? '\\begin{verbatim}' : '```r');
      push('x <- c(1, 2, 3) # @notakey and \\cite{notakey}');
      push(syntax === 'latex' ? '\\end{verbatim}' : '```');
      continue;
    }
    if (i % 3) {
      push('Leadership in the NHS has been studied from many angles, with mixed results for staff and patients.');
      continue;
    }
    let cited = key();
    if (random() < 0.03) {
      cited = `${cited}x`;
      unknown++;
    }
    const second = key();
    const prefix = 'As shown by ';
    const citation = syntax === 'latex' ? `\\citep[see][p.~4]{${cited},${second}}` : `[see @${cited}, p. 4; @${second}]`;
    offsets.push(length + prefix.length + citation.indexOf(cited) + 2);
    push(`${prefix}${citation}, leadership matters.`);
  }
  return { text: out.join('\n'), offsets, unknown };
}

function time(runs: number, work: () => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return times;
}

export function benchEditor(library: Library, lines = 5000): EditorFigures[] {
  const papers = library.papers();
  return (['pandoc', 'latex'] as const).map((syntax) => {
    const { text, offsets, unknown } = document(syntax, papers, lines);
    let citations = 0;
    const diagnostics = time(30, () => {
      const keys = findCitationKeys(text, syntax);
      citations = keys.length;
      for (const occurrence of keys) library.lookup(occurrence.key);
    });
    const hoverOptions = { abstractLength: 400, themeLabel: (id: string) => library.theme(id)?.label };
    const hover = time(Math.min(200, offsets.length), () => {
      const occurrence = keyAt(text, offsets[Math.floor(Math.random() * offsets.length)], syntax);
      const paper = occurrence && library.lookup(occurrence.key);
      if (paper) renderPaperHover(paper, hoverOptions);
    });
    const buildStart = performance.now();
    const matcher = KeyMatcher.of(papers.map((paper) => paper.key));
    const closestBuildMs = performance.now() - buildStart;
    const random = prng(11);
    const closest = time(100, () => {
      const known = papers[Math.floor(random() * papers.length)].key;
      matcher.closest(`${known.slice(0, -2)}zq`, 3);
    });
    return { syntax, lines, citations, unknown, diagnostics: stats(diagnostics), hover: stats(hover), closestBuildMs, closest: stats(closest) };
  });
}
