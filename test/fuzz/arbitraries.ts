// Input generators for the fuzz properties: documents made of the tokens each syntax cares about, .bib files built
// from a model (so the reader's answer is known), CSL-JSON of any shape, works with hostile text, and mutation of
// any of these (or of the real fixtures) by small insertions, deletions and replacements.
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { Paper, Person, WORK_TYPES, WorkType } from '../../src/core/model';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function fixture(...parts: string[]): string {
  return fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8');
}

/** The real documents and libraries the other suites use: mutated, they are the most realistic broken input. */
export const LATEX_FIXTURES = [fixture('workspace', 'paper.tex'), fixture('workspace', 'user', 'crlf.tex')];
export const PANDOC_FIXTURES = ['paper.md', 'paper.qmd', 'paper.Rmd'].map((name) => fixture('workspace', name))
  .concat(fixture('workspace', 'user', 'cites-user.md'));
export const BIB_FIXTURES = fs.readdirSync(path.join(FIXTURES, 'bib')).map((name) => fixture('bib', name))
  .concat(fixture('workspace', 'refs.bib'), fixture('workspace', 'user', 'library.bib'), fixture('workspace', 'user', 'crlf.bib'));
export const CSL_FIXTURES = [
  fixture('workspace', 'user', 'refs.json'),
  // Keys that would reach Object.prototype if an item were copied field by field into a plain object.
  '[{"id": "p", "__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "title": "T"}]',
];

/** Characters and short strings that break parsers: delimiters, escapes, line ends, controls, lone surrogates. */
const HOSTILE_UNITS = [
  '{', '}', '[', ']', '(', ')', '@', '\\', '%', '"', "'", '#', ',', '=', ';', ':', '`', '~', '^', '_', '$', '&', '*', '-',
  '--', '<', '>', '<!--', '-->', '\n', '\r', '\r\n', '\n\n', ' ', '\t', '\u0000', '\u0007', '\u007f', '\u0085', '\u00a0',
  '\u2028', '\u202e', '\ufeff', '\ud800', '\udc00', '😀', 'é', 'e\u0301', 'ß', 'İ', '@{', '\\cite{', '[@', '@misc{',
];

/** Any text: binary strings reach every code unit, the hostile units what parsers single out. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom(...HOSTILE_UNITS, 'a', 'B', '1'), maxLength: 60 }),
);

interface Mutation {
  kind: 'insert' | 'delete' | 'replace' | 'duplicate';
  at: number;
  length: number;
  unit: string;
}

function mutationOf(units: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'replace', 'duplicate'),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 24 }),
    unit: fc.constantFrom(...units),
  });
}

/** Applies mutations to text[from, to) only (the whole text by default); positions wrap into that span. */
export function applyMutations(text: string, mutations: readonly Mutation[], from = 0, to = text.length): string {
  let head = text.slice(0, from);
  let span = text.slice(from, to);
  const tail = text.slice(to);
  for (const { kind, at, length, unit } of mutations) {
    const i = at % (span.length + 1);
    const j = Math.min(span.length, i + length);
    if (kind === 'insert') span = span.slice(0, i) + unit + span.slice(i);
    else if (kind === 'delete') span = span.slice(0, i) + span.slice(j);
    else if (kind === 'replace') span = span.slice(0, i) + unit + span.slice(j);
    else span = span.slice(0, j) + span.slice(i, j) + span.slice(j);
  }
  head += span;
  return head + tail;
}

/** The text with one to eight small mutations. */
export function mutated(base: fc.Arbitrary<string>, units: readonly string[] = HOSTILE_UNITS): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(mutationOf(units), { minLength: 1, maxLength: 8 })).map(([text, mutations]) => applyMutations(text, mutations));
}

/** Generated documents, the same mutated, mutated fixtures, and arbitrary text: what each target is fed. */
export function fuzzInput(generated: fc.Arbitrary<string>, fixtures: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: generated, weight: 4 },
    { arbitrary: mutated(generated), weight: 4 },
    { arbitrary: mutated(fc.constantFrom(...fixtures)), weight: 2 },
    { arbitrary: anyText, weight: 1 },
  );
}

function joined(tokens: readonly string[], maxLength = 60): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...tokens), { maxLength }).map((parts) => parts.join(''));
}

// Citation syntax ---------------------------------------------------------------------------------------------------

const LATEX_TOKENS = [
  '\\cite', '\\citep', '\\citet*', '\\parencite', '\\textcite', '\\nocite', '\\cites', '\\parencites', '\\autocites',
  '\\citeauthor', '\\emph', '\\textbf', '\\begin{verbatim}', '\\end{verbatim}', '\\begin{lstlisting}', '\\end{lstlisting}',
  '\\begin{comment}', '\\end{comment}', '\\begin{document}', '\\verb|', '\\verb*+', '\\lstinline{', '\\mintinline{py}{',
  '{', '}', '[', ']', '(', ')', ',', ', ', ' ', '\t', '\n', '\r\n', '\n\n', '%', '\\%', '\\\\', '\\{', '*', '[p.~4]', '(see)',
  'a', 'key', 'b:2', 'x.y', 'smith2020', 'é', '😀', '\ud800', '@', '|', '+',
];

const PANDOC_TOKENS = [
  '@', '@{', '}', '{', '[', ']', ';', '; ', '-', '-@', ' ', '\t', '\n', '\r\n', '\n\n', '`', '``', '```\n', '~~~\n', '---\n',
  '...\n', '<!--', '-->', '\\', '\\@', 'a', 'key', 'x.y', 'a:b', 'doe99', 'fig-1', 'sec-intro', 'mail@host.org', '.', ':',
  ',', 'p. 4', 'see ', 'é', '😀', '\u00a0', '\ud800', '_', '#', '$', '%', '&', '+', '?', '<', '>', '~', '/', '(', ')', '*',
];

export const latexDocument = joined(LATEX_TOKENS);
export const pandocDocument = joined(PANDOC_TOKENS);
export const latexInput = fuzzInput(latexDocument, LATEX_FIXTURES);
export const pandocInput = fuzzInput(pandocDocument, PANDOC_FIXTURES);

/** Prose without any syntax: a citation inserted anywhere in it must be found again. */
export const prose = joined(['word', ' ', '\n', 'x', 'é', 'Leadership', ',', '.'], 30);

/** Keys to insert: ordinary ones, ones pandoc must brace, ones LaTeX cannot cite at all. */
export const insertionKeys = fc.array(fc.oneof(
  fc.constantFrom('k1', 'k2', 'smith2020', 'a:b', 'x.y', 'ünï', '_u', '9lives', 'doi/10.1', 'fig-1'),
  fc.constantFrom('with space', 'br{ace', 'pct%', 'back\\slash', 'semi;colon', '@at', 'tail.', ''),
), { minLength: 1, maxLength: 4 });

/** Cursors and selections, as seeds that the property wraps into the text's length. */
export const targetSeeds = fc.array(fc.oneof(fc.nat(), fc.tuple(fc.nat(), fc.nat({ max: 12 }))), { maxLength: 5 });

export const latexCommands = fc.option(fc.constantFrom('\\cite', '\\citep', '\\parencite*', 'cite', '\\', '\\cite{x}', '\\9', ''), { nil: undefined });

// BibTeX --------------------------------------------------------------------------------------------------------------

/** One part of a field value as written, with the raw text the reader must give back for it. */
interface ValuePart {
  written: string;
  raw: string;
}

export interface BibModelEntry {
  type: string;
  key: string;
  /** Field names in lower case, each once, with the raw value the reader must return. */
  fields: [string, string][];
  text: string;
}

export interface BibModel {
  entries: BibModelEntry[];
  strings: Record<string, string>;
  text: string;
  /** [start, end) of each entry's text, for mutating one entry alone. */
  spans: [number, number][];
}

/** Balanced brace content with no `@` and no line break, so no line inside it can start an entry. */
const bracedContent: fc.Arbitrary<string> = fc.letrec<{ content: string }>((tie) => ({
  content: fc.array(fc.oneof(
    { arbitrary: fc.constantFrom('a', 'B', ' ', ',', '=', '"', '#', '%', '\\"u', '\\&', '~', '--', 'é', '(', ')', 'x y', '\t'), weight: 6 },
    { arbitrary: tie('content').map((inner) => `{${inner}}`), weight: 1 },
  ), { maxLength: 8 }).map((parts) => parts.join('')),
})).content;

const MACROS: Record<string, string> = { hsj: 'Health Service Journal', nhse: 'NHS {England}', jun: 'June' };

const valuePart: fc.Arbitrary<ValuePart> = fc.oneof(
  bracedContent.map((inner) => ({ written: `{${inner}}`, raw: inner })),
  // Inside quotes, a `"` only counts outside braces, so the content keeps its quotes braced.
  bracedContent.map((inner) => inner.replace(/"/g, '{"}')).map((inner) => ({ written: `"${inner}"`, raw: inner })),
  fc.integer({ min: 0, max: 99999 }).map((n) => ({ written: String(n), raw: String(n) })),
  fc.constantFrom(...Object.keys(MACROS)).map((name) => ({ written: name, raw: MACROS[name] })),
);

const fieldValue: fc.Arbitrary<ValuePart> = fc.array(valuePart, { minLength: 1, maxLength: 3 }).chain((parts) =>
  fc.constantFrom(' # ', '#', ' #\n    ').map((joiner) => ({ written: parts.map((part) => part.written).join(joiner), raw: parts.map((part) => part.raw).join('') })));

const FIELD_NAMES = ['title', 'author', 'year', 'journal', 'booktitle', 'publisher', 'pages', 'doi', 'url', 'abstract',
  'note', 'keywords', 'x-custom', 'Title2', 'date', 'editor', 'volume', 'number'];
const ENTRY_TYPES = ['article', 'Book', 'misc', 'inproceedings', 'report', 'online', 'thesis', 'techreport'];

const spaceOrComment = fc.constantFrom(' ', '\n  ', '\n  % a comment\n  ', '\t', '\r\n  ');

/**
 * A well-formed .bib file and what reading it must give. Keys are `key<i>_<i>`: no single mutation of one key can
 * turn it into another, so an entry broken on purpose never hides a later one as a duplicate.
 */
export const bibModel: fc.Arbitrary<BibModel> = fc.tuple(
  fc.array(fc.tuple(
    fc.constantFrom(...ENTRY_TYPES),
    fc.uniqueArray(fc.constantFrom(...FIELD_NAMES), { maxLength: 6, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }),
    fc.array(fieldValue, { minLength: 6, maxLength: 6 }),
    spaceOrComment,
    fc.boolean(),
    fc.constantFrom('', '\n', 'Text between entries.\n', '% comment line\n', '@comment{ junk @misc{no} }\n'),
  ), { maxLength: 6 }),
  fc.boolean(),
).map(([entries, withStrings]) => {
  let text = withStrings ? '@string{hsj = "Health Service Journal"}\n@STRING{nhse = {NHS {England}}}\n\n' : '';
  const strings: Record<string, string> = withStrings ? { hsj: MACROS.hsj, nhse: MACROS.nhse } : {};
  const model: BibModel = { entries: [], strings, text: '', spans: [] };
  entries.forEach(([type, names, values, space, trailingComma, between], index) => {
    text += between;
    // Without the @string block, the macros a value uses are undefined: leave them out of such a file.
    const usable = names.map((name, i) => [name.toLowerCase(), values[i]] as const)
      .filter(([, value]) => withStrings || !/(^|#\s*)(hsj|nhse)\b/.test(value.written));
    const key = `key${index + 1}_${index + 1}`;
    const body = usable.map(([name, value]) => `${space}${name} = ${value.written}`).join(',');
    const entry = `@${type}{${key}${body ? `,${body}` : ''}${trailingComma && body ? ',' : ''}\n}`;
    model.spans.push([text.length, text.length + entry.length]);
    text += `${entry}\n`;
    model.entries.push({ type: type.toLowerCase(), key, fields: usable.map(([name, value]) => [name, value.raw]), text: entry });
  });
  model.text = text;
  return model;
});

export const bibInput = fuzzInput(bibModel.map((model) => model.text), BIB_FIXTURES);

/** Mutations that stay inside one entry: no `@`, so they cannot start a new entry. */
export const ENTRY_MUTATION_UNITS = HOSTILE_UNITS.filter((unit) => !unit.includes('@'));
export const entryMutations = fc.array(mutationOf(ENTRY_MUTATION_UNITS), { minLength: 1, maxLength: 8 });

// Works -------------------------------------------------------------------------------------------------------------

/** Text a .bib file or a data file could hold: LaTeX specials, markup, controls, combining marks, words. */
export const hostileText = fc.string({
  unit: fc.oneof(
    fc.constantFrom('{', '}', '\\', '%', '&', '#', '_', '$', '~', '^', '`', "'", '-', '"', '@', ',', ' ', '\n', '\t', 'and', 'A',
      'NHS', 'McDonald', 'é', 'e\u0301', '\u00a0', '\u0007', '<script>', '[x](command:y)', ':', '.', '--', "''", 'of'),
    fc.string({ unit: 'binary', maxLength: 1 }),
  ),
  maxLength: 30,
});

const person: fc.Arbitrary<Person> = fc.oneof(
  fc.record({ family: hostileText, given: fc.option(hostileText, { nil: undefined }), suffix: fc.option(fc.constantFrom('Jr.', 'III', 'Jr'), { nil: undefined }) }, { requiredKeys: ['family'] }),
  fc.record({ literal: hostileText }),
);

const URL_SAFE = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '9', '-', '.', '_', '/', '~', '?', '=', '&', '%20', '#', ':', '(', ')', ';'), minLength: 1, maxLength: 20 });

/** Extra fields a user's entry may carry; month, date and the mapped fields have rules of their own. */
const EXTRA_FIELD_NAMES = ['keywords', 'series', 'edition', 'language', 'shorttitle', 'eprint', 'x-custom'];

export const paperArbitrary: fc.Arbitrary<Paper> = fc.record({
  key: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_:.-]{0,15}$/),
  type: fc.constantFrom<WorkType>(...WORK_TYPES),
  title: hostileText,
  subtitle: hostileText,
  authors: fc.array(person, { minLength: 1, maxLength: 4 }),
  editors: fc.array(person, { minLength: 1, maxLength: 2 }),
  year: fc.integer({ min: 1000, max: 2999 }),
  venue: hostileText,
  publisher: hostileText,
  address: hostileText,
  volume: hostileText,
  issue: hostileText,
  pages: fc.oneof(hostileText, fc.constantFrom('21-26', '21--26', '431–456, 791-823', 'd3375', 'e1 - e9')),
  doi: URL_SAFE.map((suffix) => `10.1136/${suffix}`),
  url: URL_SAFE.map((rest) => `https://example.org/${rest}`),
  isbn: hostileText,
  abstract: fc.record({ text: hostileText, kind: fc.constantFrom<'abstract' | 'excerpt'>('abstract', 'excerpt') }),
  summary: hostileText,
  note: hostileText,
  user: fc.option(fc.record({
    entryType: fc.constantFrom('article', 'mastersthesis', 'www', 'online', 'unknowntype', 'techreport'),
    // Without Unicode spaces: the writer keeps raw values on one line by trimming and collapsing JavaScript's \s,
    // no-break spaces included, which changes what a `~`-less raw value holds (reported, minor).
    extra: fc.dictionary(fc.constantFrom(...EXTRA_FIELD_NAMES), hostileText.map((value) => value.replace(/(?![ \t\n\r\v\f])\s/g, '')), { maxKeys: 3 }),
  }), { nil: undefined }),
}, { requiredKeys: ['key', 'title', 'user'] }).map(({ user, ...fields }) => {
  const paper: Paper = { ...fields, themes: [], origin: user ? { kind: 'user', file: 'fuzz.bib', line: 1, entryType: user.entryType } : { kind: 'corpus' } };
  if (user && Object.keys(user.extra).length) paper.extraFields = { ...user.extra };
  return paper;
});

// CSL-JSON ------------------------------------------------------------------------------------------------------------

const cslName = fc.oneof(
  fc.record({ family: fc.oneof(hostileText, fc.integer()), given: hostileText, suffix: hostileText, 'non-dropping-particle': hostileText }, { requiredKeys: [] }),
  fc.record({ literal: fc.oneof(hostileText, fc.constant(null)) }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A CSL-JSON item: mostly the right shape, any field sometimes of the wrong type, sometimes not an item at all. */
const cslItem = fc.oneof(
  { weight: 6, arbitrary: fc.record({
    id: fc.oneof(hostileText, fc.integer(), fc.constant(null), fc.double()),
    'citation-key': hostileText,
    type: fc.oneof(fc.constantFrom('article-journal', 'book', 'chapter', 'report', 'webpage', 'thesis', 'no-such-type'), fc.integer()),
    title: fc.oneof(hostileText, fc.integer(), fc.array(fc.string(), { maxLength: 2 })),
    author: fc.oneof(fc.array(cslName, { maxLength: 3 }), hostileText),
    editor: fc.array(cslName, { maxLength: 2 }),
    issued: fc.oneof(
      fc.record({ 'date-parts': fc.array(fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }), { maxLength: 2 }) }),
      fc.record({ raw: hostileText }), fc.record({ literal: hostileText }), hostileText, fc.jsonValue({ maxDepth: 1 })),
    'container-title': hostileText,
    page: fc.oneof(hostileText, fc.integer()),
    DOI: fc.oneof(hostileText, fc.constantFrom('https://doi.org/10.1/x', 'doi:10.2/y')),
    URL: hostileText,
    abstract: hostileText,
    note: fc.oneof(hostileText, fc.constantFrom('Citation Key: fromNote2020', 'Citation Key: k\nother')),
    keyword: hostileText,
  }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** CSL-JSON text: an array of items (or `{ items }`), laid out compactly or indented. */
export const cslDocument = fc.tuple(
  fc.array(cslItem, { maxLength: 6 }),
  fc.constantFrom(0, 2, '\t'),
  fc.constantFrom('array', 'items', 'bom'),
).map(([items, indent, shape]) => {
  const json = JSON.stringify(shape === 'items' ? { items } : items, null, indent);
  return shape === 'bom' ? `\ufeff${json}` : json;
});

export const cslInput = fuzzInput(cslDocument, CSL_FIXTURES);
