// `npm run fuzz`: the hostile inputs of about 1 MB that must each be read in under 100 ms, then every property of
// properties.ts at FUZZ_RUNS inputs (100,000 by default; FUZZ_SEED replays a failure). Timed here only, never in
// `npm test`: on a shared machine a timing is a measurement, not a unit test. Checks that fail for a known bug are
// skipped, each naming it; FUZZ_KNOWN_BUGS=1 runs them.
import * as assert from 'assert';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { writeBibtexEntry } from '../../src/core/bibtex/bibtexWriter';
import { citationKeyFor } from '../../src/core/bibtex/citationKey';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { declarationEdit, usesBiblatex } from '../../src/core/bibliography/declarationEdit';
import { declaredBibliographies, quartoProjectDirectories } from '../../src/core/bibliography/declaredBibliographies';
import { CitationSyntax, completionContext, findCitationKeys, findCitations, planCitationInsertion } from '../../src/core/citations';
import { readCslJson } from '../../src/core/csl/cslJson';
import { renderPaperHover } from '../../src/core/hoverContent';
import { Paper } from '../../src/core/model';
import { defineFuzzSuites, FUZZ_PROPERTIES } from './properties';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const MB = 1 << 20;
const BUDGET_MS = 100;

/** `unit` repeated to about `length` characters. */
function repeatTo(unit: string, length = MB): string {
  return unit.repeat(Math.ceil(length / unit.length));
}

/**
 * The fastest of a few runs, after one to warm the code up. Each run counts the lesser of its wall-clock and CPU time:
 * on a shared machine other processes stretch the first, and the garbage collector's helper threads the second.
 */
function fastestMillis(run: () => unknown, times = 7): number {
  run();
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    // Garbage left by earlier runs is collected first (--expose-gc, see .mocharc.json), not during the timed one.
    (globalThis as { gc?: () => void }).gc?.();
    const wall = performance.now();
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    best = Math.min(best, performance.now() - wall, (used.user + used.system) / 1000);
  }
  return best;
}

/** Every timing taken, so that the run ends by showing how close to the budget the slowest came. */
const timings: { what: string; millis: number; budget: number }[] = [];

function assertFast(what: string, run: () => unknown, budget = BUDGET_MS): void {
  const millis = fastestMillis(run);
  timings.push({ what, millis, budget });
  assert.ok(millis < budget, `${what}: ${millis.toFixed(1)} ms (budget ${budget} ms)`);
}

// The timings that came closest to their budget, printed at the end of the run (a root hook).
after(() => {
  if (timings.length === 0) return;
  const closest = [...timings].sort((a, b) => b.millis / b.budget - a.millis / a.budget).slice(0, 5);
  console.log(`\n  closest to the budget, of ${timings.length} timings:`);
  for (const { what, millis, budget } of closest) console.log(`    ${millis.toFixed(1)} of ${budget} ms: ${what}`);
});

type Operation = 'findCitations' | 'findCitationKeys' | 'completionContext' | 'planCitationInsertion';

/** Each whole-text operation of the citation module; the last two answer about the text's end. */
const OPERATIONS: Record<Operation, (text: string, syntax: CitationSyntax) => unknown> = {
  findCitations: (text, syntax) => findCitations(text, syntax),
  findCitationKeys: (text, syntax) => findCitationKeys(text, syntax),
  completionContext: (text, syntax) => completionContext(text, text.length, syntax),
  planCitationInsertion: (text, syntax) => planCitationInsertion(text, [text.length], ['k'], syntax),
};

describe(`no 1 MB input takes a reader ${BUDGET_MS} ms or more`, () => {
  const latex: [string, string][] = [
    ['\\cite{ repeated', repeatTo('\\cite{')],
    ['\\cite[ repeated', repeatTo('\\cite[')],
    ['\\cites( repeated', repeatTo('\\cites(')],
    ['unclosed braces', repeatTo('{')],
    ['an optional argument of unclosed braces', `\\cite[${repeatTo('{')}`],
    ['deep nesting', `\\cite[${repeatTo('{', MB / 2)}${repeatTo('}', MB / 2)}]{a}`],
    ['\\begin{ repeated', repeatTo('\\begin{')],
    ['\\verb| repeated', repeatTo('\\verb|')],
    ['% repeated', repeatTo('%')],
    ['a key list of half a million keys', `\\cite{${repeatTo('a,')}}`],
    ['a multicite of 200,000 groups', `\\cites${repeatTo('{a}', 600_000)}`],
    // A one-offset query starts at a paragraph no argument or verbatim environment reaches into: these have none.
    ['paragraphs each joined to the next by a % line', repeatTo('\\cite{a}%\n\n')],
    ['unclosed verbatim environments', repeatTo('\\begin{verbatim}\n\n')],
  ];
  const pandoc: [string, string][] = [
    ['[@ repeated', repeatTo('[@')],
    ['@ repeated', repeatTo('@')],
    ['@{ repeated', repeatTo('@{')],
    ['unclosed brackets', repeatTo('[')],
    ['deep nesting', `${repeatTo('[', MB / 2)}@a${repeatTo(']', MB / 2)}`],
    ['<!-- repeated', repeatTo('<!--')],
    ['backticks', repeatTo('`')],
    ['fences', repeatTo('```\n')],
    ['a line of " @a." repeated', repeatTo(' @a.')],
    ['paragraphs that each open a comment', repeatTo('<!-- x @a\n\n')],
  ];
  for (const [syntax, inputs] of [['latex', latex], ['pandoc', pandoc]] as const) {
    for (const [name, text] of inputs) {
      const operations = Object.keys(OPERATIONS) as Operation[];
      it(`${syntax}: ${name}: ${operations.join(', ')}`, () => {
        for (const operation of operations) assertFast(`${syntax}, ${name}: ${operation}`, () => OPERATIONS[operation](text, syntax));
      });
    }
  }

  const bib: [string, string][] = [
    ['@ repeated', repeatTo('@')],
    ['@misc{ repeated', repeatTo('@misc{')],
    ['unclosed braces in a value', `@misc{a, title = {${repeatTo('{')}`],
    ['deep nesting in a value', `@misc{a, title = {${repeatTo('{', MB / 2)}${repeatTo('}', MB / 2)}}}`],
    ['unclosed quotes', repeatTo('@misc{a, title = "x\n')],
    ['@string{ repeated', repeatTo('@string{')],
    ['% repeated', repeatTo('%')],
    ['a value of LaTeX accents', `@misc{a, title = {${repeatTo('{\\"u}\\\'e\\c{c} ')}}}`],
    ['an author list of 100,000 names', `@misc{a, author = {${repeatTo('Smith, J. and ')}x}}`],
  ];
  for (const [name, text] of bib) {
    it(`.bib reader: ${name}`, () => assertFast(`${name}: readBibtex and entriesToPapers`, () => entriesToPapers(readBibtex(text).entries, 'x.bib')));
  }
  it('.bib reader: @comment{ or @comment( repeated', () => {
    for (const unit of ['@comment{', '@comment(']) {
      const text = repeatTo(unit);
      assertFast(unit, () => readBibtex(text));
    }
  });

  it('CSL-JSON reader: deep nesting', () => {
    assertFast('readCslJson, deep nesting', () => readCslJson(`${repeatTo('[', MB / 2)}${repeatTo(']', MB / 2)}`, 'x.json'));
  });

  it('CSL-JSON reader: 1 MB of items without keys', () => {
    assertFast('readCslJson, items without keys', () => readCslJson(`[${repeatTo('{"title":"x"},', MB)}{}]`, 'x.json'));
  });

  it('hover: an abstract of punctuation cut at the longest setting', () => {
    const paper: Paper = { key: 'k', title: 't', themes: [], origin: { kind: 'corpus' }, abstract: { text: `${repeatTo('.', 9_998)}x${repeatTo('y', 100)}`, kind: 'abstract' } };
    // A hover is rendered per mouse rest, and completion renders one per item: a few milliseconds at most.
    assertFast('renderPaperHover', () => renderPaperHover(paper, { abstractLength: 10_000, themeLabel: () => undefined }), 10);
  });
});

// Inputs on which a regular expression used to backtrack: found by reading every pattern in src/ and confirmed by
// timing. At 100 KB a linear reading takes a few milliseconds and those patterns took seconds to tens of seconds;
// each check names the function and the input.
describe(`no 100 KB field or line takes a regular expression ${BUDGET_MS} ms or more`, () => {
  const KB100 = 100 * 1024;
  it('.bib reader: an author field with a long run of spaces', () => {
    assertFast('parseNames', () => entriesToPapers(readBibtex(`@misc{a, author = {a${repeatTo(' ', KB100)}b}}`).entries, 'x.bib'));
  });
  it('.bib reader: pages holding a long run of ties (~, a no-break space)', () => {
    assertFast('normalisePages', () => entriesToPapers(readBibtex(`@misc{a, pages = {1${repeatTo('~', KB100)}x}}`).entries, 'x.bib'));
  });
  const user = { kind: 'user', file: 'f', line: 1, entryType: 'misc' } as const;
  // [input, the function whose pattern was quadratic on it, a run]
  const checks: [string, string, () => unknown][] = [
    ['CSL-JSON reader: a note of blank lines', 'citationKeyInNote', () => readCslJson(JSON.stringify([{ id: 'a', note: `${repeatTo('\n', KB100)}x` }]), 'x.json')],
    ['BibTeX writer: an extra field with a long run of spaces', 'rawValue', () => writeBibtexEntry({ key: 'k', title: 't', themes: [], origin: user, extraFields: { series: `a${repeatTo(' ', KB100)}b` } })],
    ['BibTeX writer: a title word of punctuation', 'splitPunctuation', () => writeBibtexEntry({ key: 'k', title: `a${repeatTo('!', KB100)}b`, themes: [], origin: { kind: 'corpus' } })],
    ['citation key: a title word of punctuation', 'titleWords', () => citationKeyFor({ title: `a${repeatTo('!', KB100)}b` })],
    ['citation key: a title of unclosed <span', 'titleWords', () => citationKeyFor({ title: repeatTo('<span', KB100) })],
    ['Markdown front matter: a line with a long run of spaces and no colon', 'findYamlBibliographies', () => declaredBibliographies(`---\na${repeatTo(' ', KB100)}b\n---\n`, 'markdown')],
    ['Markdown front matter: a line of "bibliography: [" repeated', 'readFlowList', () => declaredBibliographies(`---\n${repeatTo('bibliography: [\n', KB100)}---\n`, 'markdown')],
    ['Markdown front matter: a list of quotes after a long run of spaces', 'readFlowList', () => declaredBibliographies(`---\nbibliography: [${repeatTo(' ', KB100 / 2)}'a' ${repeatTo('"', KB100 / 2)}\n---\n`, 'markdown')],
    ['LaTeX declarations: \\bibliography[ repeated', 'declaredInLatex', () => declaredBibliographies(repeatTo('\\bibliography[', KB100), 'latex')],
    ['LaTeX declarations: \\bibliography{ repeated', 'declaredInLatex', () => declaredBibliographies(repeatTo('\\bibliography{', KB100), 'latex')],
    ['LaTeX declarations: \\bibliography and a long run of spaces', 'declaredInLatex', () => declaredBibliographies(`\\bibliography${repeatTo(' ', KB100)}x`, 'latex')],
    ['LaTeX declarations: \\usepackage{ with many words and no closing brace', 'usesBiblatex', () => usesBiblatex(`\\usepackage{${repeatTo('biblatex ', KB100)}`)],
    ['LaTeX declaration edit: \\usepackage{ repeated', 'declarationEdit', () => declarationEdit(`\\end{document}${repeatTo('\\usepackage{natbib ', KB100)}`, 'latex', 'r.bib')],
    ['Quarto project lookup: a folder path of slashes', 'quartoProjectDirectories', () => quartoProjectDirectories('/a/b.qmd', `/a${repeatTo('/', KB100)}b`)],
  ];
  for (const [name, what, run] of checks) it(name, () => assertFast(what, run));
});

// Last: a heap grown by hundreds of thousands of inputs would slow the timed reads above.
describe(`fuzzing (${RUNS} inputs per property)`, () => {
  defineFuzzSuites(FUZZ_PROPERTIES, RUNS);
});
