// The fuzz properties, shared by `npm run fuzz` (test/fuzz/fuzz.test.ts, 100,000 inputs each by default) and
// `npm test` (test/unit/fuzzSmoke.test.ts, a few hundred each). Every target is fed generated input, the same
// mutated, mutated fixtures and arbitrary text (see arbitraries.ts); no exception may escape, and what comes back must
// have the promised shape: ranges in bounds and ordered, keys non-empty and equal to the text at their range, lines
// and columns that point at their offset, writers' output that reads back to the same fields.
import * as assert from 'assert';
import fc from 'fast-check';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { writeBibtex, writeBibtexEntry } from '../../src/core/bibtex/bibtexWriter';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { latexToUnicode } from '../../src/core/bibtex/latexToUnicode';
import { SourceDiagnostic } from '../../src/core/bibtex/sourceDiagnostic';
import {
  Citation, CitationSyntax, citationAt, completionContext, findCitationKeys, findCitations, isLatexKey, isPandocKey, isQuartoCrossRef, keyAt,
  KeyOccurrence, LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS, offsetsAfterEdits, planCitationInsertion, TextEdit,
} from '../../src/core/citations';
import { readBareKey } from '../../src/core/citations/pandocKey';
import { readCslJson, writeCslJson } from '../../src/core/csl/cslJson';
import { Paper, Person, WORK_TYPES } from '../../src/core/model';
import {
  applyMutations, bibInput, bibModel, cslInput, entryMutations, insertionKeys, latexCommands, latexInput, paperArbitrary,
  pandocInput, prose, targetSeeds,
} from './arbitraries';

export interface FuzzProperty {
  /** The code under test, as the suites group it. */
  target: string;
  name: string;
  property: fc.IRawProperty<unknown>;
  /** Set while a known bug makes the property fail: the runner skips it and names the bug. */
  knownBug?: string;
}

/**
 * Runs every property as a mocha test at `runs` inputs each. FUZZ_SEED replays a reported failure; FUZZ_KNOWN_BUGS=1
 * runs the properties skipped for a known bug too, to see whether a fix holds.
 */
export function defineFuzzSuites(properties: readonly FuzzProperty[], runs: number): void {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  const runKnownBugs = process.env.FUZZ_KNOWN_BUGS === '1';
  for (const target of [...new Set(properties.map((property) => property.target))]) {
    describe(target, () => {
      for (const { name, property, knownBug } of properties.filter((candidate) => candidate.target === target)) {
        const test = () => fc.assert(property, { numRuns: runs, seed });
        if (knownBug && !runKnownBugs) it.skip(`${name} (skipped: ${knownBug})`, test);
        else it(name, test);
      }
    });
  }
}

// Shared checks -------------------------------------------------------------------------------------------------------

/** The 1-based line and column of an offset, counted the slow, obvious way. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function checkDiagnostics(text: string, diagnostics: readonly SourceDiagnostic[]): void {
  for (const diagnostic of diagnostics) {
    assert.ok(diagnostic.severity === 'error' || diagnostic.severity === 'warning');
    assert.ok(typeof diagnostic.message === 'string' && diagnostic.message.length > 0);
    assert.ok(diagnostic.offset >= 0 && diagnostic.offset <= diagnostic.endOffset && diagnostic.endOffset <= Math.max(text.length, diagnostic.offset + 1),
      `range ${diagnostic.offset}-${diagnostic.endOffset} of ${text.length}`);
    assert.deepStrictEqual({ line: diagnostic.line, column: diagnostic.column }, lineColumn(text, diagnostic.offset), diagnostic.message);
    if (diagnostic.key !== undefined) assert.ok(diagnostic.key.length > 0);
  }
}

function checkPerson(person: Person): void {
  const parts = Object.entries(person);
  assert.ok(parts.length > 0);
  for (const [part, value] of parts) {
    assert.ok(['family', 'given', 'literal', 'suffix'].includes(part), part);
    assert.ok(typeof value === 'string' && value.length > 0, `${part}: ${JSON.stringify(value)}`);
  }
}

const STRING_FIELDS = ['subtitle', 'venue', 'publisher', 'address', 'volume', 'issue', 'pages', 'doi', 'url', 'isbn', 'note', 'summary'] as const;

/** A Paper as the model promises it: known type, strings where strings go, no empty list standing for "unknown". */
function checkPaper(paper: Paper): void {
  assert.ok(typeof paper.key === 'string' && paper.key.length > 0 && !/^[ \t\n\v\f\r]|[ \t\n\v\f\r]$/.test(paper.key), JSON.stringify(paper.key));
  assert.strictEqual(typeof paper.title, 'string');
  if (paper.type !== undefined) assert.ok(WORK_TYPES.includes(paper.type), paper.type);
  if (paper.year !== undefined) assert.ok(Number.isInteger(paper.year), String(paper.year));
  for (const field of STRING_FIELDS) if (paper[field] !== undefined) assert.strictEqual(typeof paper[field], 'string', field);
  for (const people of [paper.authors, paper.editors]) {
    if (people === undefined) continue;
    assert.ok(people.length > 0);
    people.forEach(checkPerson);
  }
  if (paper.abstract) assert.ok(typeof paper.abstract.text === 'string' && (paper.abstract.kind === 'abstract' || paper.abstract.kind === 'excerpt'));
  assert.ok(Array.isArray(paper.themes));
  for (const value of Object.values(paper.extraFields ?? {})) assert.strictEqual(typeof value, 'string');
}

function assertPrototypeClean(): void {
  assert.strictEqual(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
}

// Citation scanners ---------------------------------------------------------------------------------------------------

function checkKey(text: string, key: KeyOccurrence): void {
  assert.ok(key.key.length > 0, 'an empty key');
  assert.ok(key.start >= 0 && key.start < key.end && key.end <= text.length, `key range ${key.start}-${key.end}`);
  assert.strictEqual(text.slice(key.start, key.end), key.key);
}

function checkOrdered(items: readonly { start: number; end: number }[], what: string): void {
  for (let i = 1; i < items.length; i++) assert.ok(items[i - 1].end <= items[i].start, `${what} ${i - 1} and ${i} overlap or are out of order`);
}

function checkLatexCitation(text: string, citation: Citation): void {
  assert.strictEqual(citation.form, 'latex');
  assert.ok(citation.start >= 0 && citation.start < citation.end && citation.end <= text.length);
  assert.strictEqual(text[citation.start], '\\');
  const command = citation.command ?? '';
  const name = command.endsWith('*') ? command.slice(0, -1) : command;
  assert.ok(LATEX_CITE_COMMANDS.has(name) || LATEX_MULTICITE_COMMANDS.has(name), command);
  assert.strictEqual(text.slice(citation.start + 1, citation.start + 1 + command.length), command);
  assert.ok(citation.lists.length > 0, 'a citation without a key group');
  checkOrdered(citation.lists, 'key groups');
  citation.lists.forEach((list, index) => {
    assert.ok(citation.start < list.start && list.start <= list.end && list.end <= citation.end);
    assert.strictEqual(text[list.start - 1], '{');
    if (list.closed) assert.strictEqual(text[list.end], '}');
    else assert.strictEqual(index, citation.lists.length - 1, 'only the last group may be open');
    checkOrdered(list.keys, 'keys');
    for (const key of list.keys) {
      checkKey(text, key);
      assert.ok(list.start <= key.start && key.end <= list.end);
      assert.ok(isLatexKey(key.key) && key.key !== '*', key.key);
    }
  });
  const last = citation.lists[citation.lists.length - 1];
  assert.strictEqual(citation.end, last.closed ? last.end + 1 : last.end);
  assert.deepStrictEqual(citation.keys, citation.lists.flatMap((list) => list.keys));
}

/** White space as pandoc (Haskell's isSpace) reads it: a braced key holds none. */
const PANDOC_SPACE = /[\t-\r \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/;

const MAY_PRECEDE_AT = new Set(['\n', ' ', '\t', '\r', '[', ';', '-', '\u00a0']);

function checkPandocCitation(text: string, citation: Citation): void {
  assert.ok(citation.start >= 0 && citation.start < citation.end && citation.end <= text.length);
  assert.strictEqual(citation.command, undefined);
  if (citation.form === 'bracketed') {
    assert.strictEqual(text[citation.start], '[');
    assert.strictEqual(text[citation.end - 1], ']');
    assert.strictEqual(citation.lists.length, 1);
    const [list] = citation.lists;
    assert.deepStrictEqual([list.start, list.end, list.closed], [citation.start + 1, citation.end - 1, true]);
    assert.ok(list.keys.length > 0, 'a bracketed citation without keys');
    assert.deepStrictEqual(citation.keys, list.keys);
  } else {
    assert.strictEqual(citation.form, 'inText');
    assert.strictEqual(citation.lists.length, 0);
    assert.strictEqual(citation.keys.length, 1);
    const [key] = citation.keys;
    assert.strictEqual(text[citation.start], '@');
    const braced = text[citation.start + 1] === '{' && key.start === citation.start + 2;
    assert.strictEqual(key.start, citation.start + (braced ? 2 : 1));
    assert.strictEqual(citation.end, key.end + (braced ? 1 : 0));
    if (braced) assert.strictEqual(text[key.end], '}');
  }
  checkOrdered(citation.keys, 'keys');
  for (const key of citation.keys) {
    checkKey(text, key);
    assert.ok(citation.start < key.start && key.end <= citation.end);
    checkPandocKey(text, key);
  }
}

/** A key follows `@` (or `@{`), where a citation may start, and is the whole bare key there or the whole braced one. */
function checkPandocKey(text: string, key: KeyOccurrence): void {
  assert.ok(!isQuartoCrossRef(key.key), `a Quarto cross-reference read as a key: ${key.key}`);
  const braced = text[key.start - 1] === '{' && text[key.start - 2] === '@';
  const at = key.start - (braced ? 2 : 1);
  assert.strictEqual(text[at], '@');
  assert.ok(at === 0 || MAY_PRECEDE_AT.has(text[at - 1]), `"@" after ${JSON.stringify(text[at - 1])}`);
  if (braced) {
    assert.strictEqual(text[key.end], '}');
    // eslint-disable-next-line no-control-regex -- the scanner's rule: no control character, no brace, no space
    assert.ok(!/[\u0000-\u0020{}]/.test(key.key) && !PANDOC_SPACE.test(key.key), key.key);
  } else {
    assert.strictEqual(readBareKey(text, key.start), key.end, `"${key.key}" is not the whole bare key`);
  }
}

function checkScan(text: string, syntax: CitationSyntax): void {
  const citations = findCitations(text, syntax);
  for (let i = 1; i < citations.length; i++) assert.ok(citations[i - 1].start <= citations[i].start, 'citations out of order');
  if (syntax === 'latex') checkOrdered(citations, 'citations');
  for (const citation of citations) (syntax === 'latex' ? checkLatexCitation : checkPandocCitation)(text, citation);
  const keys = findCitationKeys(text, syntax);
  checkOrdered(keys, 'keys');
  keys.forEach((key) => checkKey(text, key));
  assert.deepStrictEqual(citations.flatMap((citation) => citation.keys).sort((a, b) => a.start - b.start), keys);
}

function checkQueries(text: string, syntax: CitationSyntax, seed: number): void {
  const offset = seed % (text.length + 1);
  const keys = findCitationKeys(text, syntax);
  const found = keyAt(text, offset, syntax);
  if (found) assert.ok(keys.some((key) => key.start === found.start && key.end === found.end) && found.start <= offset && offset <= found.end);
  else assert.ok(keys.every((key) => offset < key.start || offset > key.end));
  const citation = citationAt(text, offset, syntax);
  if (citation) assert.ok(citation.start <= offset && offset <= citation.end);
  // It reads only near the offset, with the answer of a whole scan: the innermost citation holding it.
  const holding = findCitations(text, syntax).filter((candidate) => candidate.start <= offset && offset <= candidate.end);
  assert.deepStrictEqual(citation, holding.length > 0 ? holding.reduce((a, b) => (b.start > a.start ? b : a)) : undefined);
  const context = completionContext(text, offset, syntax);
  if (context) {
    assert.strictEqual(context.syntax, syntax);
    assert.ok(context.replaceStart <= offset && offset <= context.replaceEnd && context.replaceEnd <= text.length);
    assert.strictEqual(context.prefix, text.slice(context.replaceStart, offset));
    if (syntax === 'latex') {
      assert.ok(context.replaceStart === context.replaceEnd || isLatexKey(text.slice(context.replaceStart, context.replaceEnd)));
    } else {
      assert.strictEqual(text[context.replaceStart - (context.braced ? 2 : 1)], '@');
    }
  }
}

// Insertion planner ---------------------------------------------------------------------------------------------------

/** The text after the edits, each applied to the original text as VS Code does: by range, an insertion first. */
function apply(text: string, edits: readonly TextEdit[]): string {
  let result = '';
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start || a.end - b.end)) {
    result += text.slice(at, edit.start) + edit.newText;
    at = edit.end;
  }
  return result + text.slice(at);
}

function counts(keys: readonly KeyOccurrence[]): Map<string, number> {
  const result = new Map<string, number>();
  for (const { key } of keys) result.set(key, (result.get(key) ?? 0) + 1);
  return result;
}

/**
 * Targets as VS Code gives them: it merges selections that overlap or touch, so no cursor sits at another
 * selection's edge. (Touching targets are a property of their own below.)
 */
function distinctTargets(targets: readonly (number | { start: number; end: number })[]): (number | { start: number; end: number })[] {
  const kept: { start: number; end: number }[] = [];
  const result: (number | { start: number; end: number })[] = [];
  for (const target of targets) {
    const range = typeof target === 'number' ? { start: target, end: target } : target;
    if (kept.some((other) => range.start <= other.end && other.start <= range.end)) continue;
    kept.push(range);
    result.push(target);
  }
  return result;
}

function targetsOf(text: string, seeds: readonly (number | [number, number])[]): (number | { start: number; end: number })[] {
  return seeds.map((seed) => {
    if (typeof seed === 'number') return seed % (text.length + 1);
    const start = seed[0] % (text.length + 1);
    return { start, end: Math.min(text.length, start + seed[1]) };
  });
}

function plan(text: string, syntax: CitationSyntax, targets: readonly (number | { start: number; end: number })[], keys: readonly string[], options: { latexCommand?: string; inText?: boolean } = {}) {
  const edits = planCitationInsertion(text, targets, keys, syntax, { latexCommand: options.latexCommand, pandocStyle: options.inText ? 'inText' : 'bracketed' });
  return { targets, edits, after: apply(text, edits) };
}

/** True when two edits start at one offset (an insertion there and a replacement from there). */
function editsMeet(edits: readonly TextEdit[]): boolean {
  return new Set(edits.map((edit) => edit.start)).size < edits.length;
}

function checkEdits(text: string, targets: readonly unknown[], edits: readonly TextEdit[], after: string, checkCursors = true): void {
  assert.ok(edits.length <= targets.length);
  for (const edit of edits) {
    assert.ok(edit.start >= 0 && edit.start <= edit.end && edit.end <= text.length, `edit ${edit.start}-${edit.end}`);
    assert.ok(edit.newText.length > 0);
  }
  for (let i = 0; i < edits.length; i++) {
    for (let j = i + 1; j < edits.length; j++) {
      const [a, b] = [edits[i], edits[j]];
      assert.ok(!(a.start < b.end && b.start < a.end) && !(a.start === a.end && b.start === b.end && a.start === b.start), 'overlapping edits');
    }
  }
  if (!checkCursors) return;
  offsetsAfterEdits(edits).forEach((offset, index) => assert.ok(after.slice(0, offset).endsWith(edits[index].newText), `cursor ${index} at ${offset}`));
}

/**
 * Where a user inserting a citation would not change what is code and what is text: between two white-space
 * characters (or a line's end) after the line's first word, or within a key. Inside a delimiter (`<!|--`, a fence, a
 * command name) an insertion rightly changes the syntax around it, and with it which keys are read.
 */
function cursorsBetweenWordsOrInKeys(text: string, syntax: CitationSyntax): number[] {
  const cursors = new Set<number>();
  const lines = text.split('\n');
  let lineStart = 0;
  for (const line of lines) {
    const content = line.trimStart();
    const delimiterLine = /^(```|~~~|---|\.\.\.)/.test(content);
    const firstWordEnd = line.length - content.length + (/^\S*/.exec(content)?.[0].length ?? 0);
    for (let column = firstWordEnd + 1; column <= line.length && !delimiterLine; column++) {
      const before = line[column - 1];
      const after = line[column];
      if ((before === ' ' || before === '\t') && (after === undefined || after === ' ' || after === '\t')) cursors.add(lineStart + column);
    }
    lineStart += line.length + 1;
  }
  for (const key of findCitationKeys(text, syntax)) for (let offset = key.start; offset <= key.end; offset++) cursors.add(offset);
  return [...cursors].sort((a, b) => a - b);
}

/** Only the keys asked for are added, and no key of the document is lost or changed. */
function checkKeysKept(text: string, after: string, syntax: CitationSyntax, keys: readonly string[]): void {
  const before = counts(findCitationKeys(text, syntax));
  const now = counts(findCitationKeys(after, syntax));
  for (const [key, count] of now) if (count > (before.get(key) ?? 0)) assert.ok(keys.includes(key), `"${key}" appeared, not asked for: ${JSON.stringify(after)}`);
  for (const [key, count] of before) assert.ok((now.get(key) ?? 0) >= count, `"${key}" was lost: ${JSON.stringify(after)}`);
}

// BibTeX reader -------------------------------------------------------------------------------------------------------

function checkBibFile(text: string): void {
  const file = readBibtex(text);
  checkDiagnostics(text, file.diagnostics);
  checkOrdered(file.entries, 'entries');
  const keys = new Set<string>();
  for (const entry of file.entries) {
    assert.ok(entry.type.length > 0 && entry.type === entry.type.toLowerCase() && !/[\s{}(),="#%'@]/.test(entry.type), entry.type);
    assert.ok(entry.key.length > 0 && !/[ \t\n\v\f\r,={}"]/.test(entry.key), JSON.stringify(entry.key));
    assert.ok(!keys.has(entry.key), `duplicate key ${entry.key}`);
    keys.add(entry.key);
    assert.ok(entry.start >= 0 && entry.start < entry.end && entry.end <= text.length);
    assert.strictEqual(text[entry.start], '@');
    assert.deepStrictEqual({ line: entry.line, column: entry.column }, lineColumn(text, entry.start));
    for (const name of Object.keys(entry.fields)) {
      assert.ok(name.length > 0 && name === name.toLowerCase(), name);
      assert.strictEqual(typeof entry.fields[name], 'string');
    }
  }
  for (const value of Object.values(file.strings)) assert.strictEqual(typeof value, 'string');
  for (const paper of entriesToPapers(file.entries, 'fuzz.bib')) checkPaper(paper);
  assertPrototypeClean();
}

// Writers: what reading their output must give back ------------------------------------------------------------------

/** Text as the reader returns it: no control characters, ASCII whitespace collapsed, NFC. */
function normalised(text: string): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  return text.replace(/[\u0000-\u0008\u000e-\u001f\u007f]/g, '').replace(/[ \t\n\v\f\r]+/g, ' ').replace(/^ | $/g, '').normalize('NFC');
}

function optional(text: string | undefined): string | undefined {
  const value = text === undefined ? undefined : normalised(text);
  return value === '' ? undefined : value;
}

function expectedPerson(person: Person): Person | undefined {
  if (person.literal !== undefined) return optional(person.literal) === undefined ? undefined : { literal: normalised(person.literal) };
  const result: Person = {};
  const family = optional(person.family);
  const given = optional(person.given);
  const suffix = optional(person.suffix);
  if (family === undefined && given === undefined) return undefined;
  // A given name alone is written as one braced name, which reads back as a literal.
  if (family === undefined) return { literal: given! };
  result.family = family;
  if (given !== undefined) result.given = given;
  if (suffix !== undefined) result.suffix = suffix;
  return result;
}

function expectedPeople(people: readonly Person[] | undefined): Person[] | undefined {
  const list = (people ?? []).map(expectedPerson).filter((person): person is Person => person !== undefined);
  return list.length ? list : undefined;
}

/** The fields a written BibTeX entry must read back to. */
function bibtexExpectation(paper: Paper, dialect: 'bibtex' | 'biblatex'): Record<string, unknown> {
  const type = paper.type ?? 'misc';
  const joinSubtitle = dialect === 'bibtex' && paper.subtitle !== undefined;
  return {
    type: dialect === 'bibtex' && type === 'webpage' ? 'misc' : type,
    title: normalised(joinSubtitle ? `${paper.title}: ${paper.subtitle}` : paper.title),
    subtitle: joinSubtitle ? undefined : optional(paper.subtitle),
    authors: expectedPeople(paper.authors),
    editors: expectedPeople(paper.editors),
    year: paper.year,
    venue: optional(paper.venue),
    publisher: optional(paper.publisher),
    address: optional(paper.address),
    volume: optional(paper.volume),
    issue: optional(paper.issue),
    pages: optional(paper.pages)?.replace(/\s*[-\u2010-\u2015]+\s*/g, '-'),
    doi: paper.doi,
    url: paper.url,
    isbn: optional(paper.isbn),
    abstract: paper.abstract?.kind === 'abstract' ? optional(paper.abstract.text) : undefined,
    note: paper.origin.kind === 'user' ? optional(paper.note) : undefined,
  };
}

function readBackFields(paper: Paper): Record<string, unknown> {
  return {
    type: paper.type, title: paper.title, subtitle: paper.subtitle, authors: paper.authors, editors: paper.editors, year: paper.year,
    venue: paper.venue, publisher: paper.publisher, address: paper.address, volume: paper.volume, issue: paper.issue,
    pages: paper.pages, doi: paper.doi, url: paper.url, isbn: paper.isbn, abstract: paper.abstract?.text, note: paper.note,
  };
}

function checkBibtexRoundTrip(paper: Paper, dialect: 'bibtex' | 'biblatex'): void {
  const text = writeBibtexEntry(paper, { dialect });
  assert.ok(text.startsWith('@') && text.endsWith('}\n'));
  assert.ok(!/\n[ \t]*@/.test(text), 'a written line starts with "@"');
  const file = readBibtex(text);
  assert.deepStrictEqual(file.diagnostics, [], text);
  assert.strictEqual(file.entries.length, 1);
  const [back] = entriesToPapers(file.entries, 'written.bib');
  assert.strictEqual(back.key, paper.key);
  assert.deepStrictEqual(readBackFields(back), bibtexExpectation(paper, dialect), text);
  // Fields without a place in the model go back raw; decoded, they read as the value that was written.
  for (const [name, value] of Object.entries(paper.origin.kind === 'user' ? paper.extraFields ?? {} : {})) {
    const raw = file.entries[0].fields[name];
    // A raw value is put on one line, its line breaks and the space around them (a no-break space too) made one
    // space, which can change how LaTeX reads it ($x_\n~y$): compare the text without its white space.
    const shown = (latex: string) => normalised(latexToUnicode(latex)).replace(/\s+/g, '');
    if (shown(value) === '') continue;
    assert.strictEqual(shown(raw ?? ''), shown(value), `${name} in ${text}`);
  }
}

/** The fields written CSL-JSON must read back to. */
function cslExpectation(paper: Paper): Record<string, unknown> {
  const clean = (value: string | undefined) => (value === undefined ? undefined : value.replace(/\s+/g, ' ').trim().normalize('NFC') || undefined);
  const people = (list: readonly Person[] | undefined) => {
    const result = (list ?? []).map((person): Person | undefined => {
      if (person.literal !== undefined) return clean(person.literal) === undefined ? undefined : { literal: clean(person.literal) };
      const out: Person = {};
      if (clean(person.family) !== undefined) out.family = clean(person.family);
      if (clean(person.given) !== undefined) out.given = clean(person.given);
      if (out.family === undefined && out.given === undefined) return undefined;
      if (clean(person.suffix) !== undefined) out.suffix = clean(person.suffix);
      return out;
    }).filter((person): person is Person => person !== undefined);
    return result.length ? result : undefined;
  };
  const title = paper.subtitle !== undefined ? `${paper.title}: ${paper.subtitle}` : paper.title;
  return {
    type: paper.type ?? 'misc', title: clean(title) ?? '', subtitle: undefined, authors: people(paper.authors), editors: people(paper.editors),
    year: paper.year, venue: clean(paper.venue), publisher: clean(paper.publisher), address: clean(paper.address), volume: clean(paper.volume),
    issue: clean(paper.issue), pages: clean(paper.pages)?.replace(/\s*[-\u2010-\u2015]+\s*/g, '-'), doi: paper.doi, url: paper.url,
    isbn: clean(paper.isbn), abstract: paper.abstract?.kind === 'abstract' ? clean(paper.abstract.text) : undefined,
    note: paper.origin.kind === 'user' ? clean(paper.note) : undefined,
  };
}

function checkCsl(text: string): void {
  const { papers, diagnostics } = readCslJson(text, 'fuzz.json');
  checkDiagnostics(text, diagnostics);
  const keys = new Set<string>();
  for (const paper of papers) {
    checkPaper(paper);
    assert.ok(!keys.has(paper.key), `duplicate key ${paper.key}`);
    keys.add(paper.key);
    assert.ok(paper.origin.kind === 'user' && paper.origin.line >= 1 && paper.origin.line <= text.split('\n').length);
  }
  // When the text is an array of items, each item is either read or reported.
  let items: unknown;
  try {
    items = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    items = undefined;
  }
  if (Array.isArray(items)) assert.strictEqual(papers.length + diagnostics.length, items.length);
  assertPrototypeClean();
}

// The properties --------------------------------------------------------------------------------------------------

export const FUZZ_PROPERTIES: FuzzProperty[] = [];

for (const syntax of ['latex', 'pandoc'] as const) {
  const input = syntax === 'latex' ? latexInput : pandocInput;
  const target = `${syntax === 'latex' ? 'LaTeX' : 'pandoc'} citation scanner`;
  FUZZ_PROPERTIES.push(
    {
      target,
      name: 'finds well-formed citations: ranges in bounds and ordered, keys non-empty and equal to the text at their range',
      property: fc.property(input, (text) => checkScan(text, syntax)),
    },
    {
      target,
      name: 'answers keyAt, citationAt and completionContext with ranges that hold the offset',
      property: fc.property(input, fc.nat(), (text, seed) => checkQueries(text, syntax, seed)),
    },
    {
      target: 'insertion planner',
      name: `${syntax}: plans edits in bounds, one per target at most, never overlapping, with each cursor after its edit`,
      property: fc.property(input, targetSeeds, insertionKeys, latexCommands, fc.boolean(), (text, seeds, keys, latexCommand, inText) => {
        const targets = distinctTargets(targetsOf(text, seeds));
        const { edits, after } = plan(text, syntax, targets, keys, { latexCommand, inText });
        // Edits that meet at one offset have a property of their own below.
        checkEdits(text, targets, edits, after, !editsMeet(edits));
      }),
    },
    {
      target: 'insertion planner',
      name: `${syntax}: puts each cursor after its own edit when two edits meet at one offset`,
      // A cursor in a key whose keys go in after it (`@do|e`), and a selection from where they go.
      property: fc.property(input, fc.nat(), fc.nat({ max: 12 }), insertionKeys, fc.boolean(), (text, seed, length, keys, inText) => {
        const cursor = seed % (text.length + 1);
        const [alone] = plan(text, syntax, [cursor], keys, { inText }).edits;
        fc.pre(alone !== undefined && alone.start === alone.end && alone.start > cursor && alone.start < text.length);
        const targets = [cursor, { start: alone.start, end: Math.min(text.length, alone.start + 1 + length) }];
        const { edits, after } = plan(text, syntax, targets, keys, { inText });
        checkEdits(text, targets, edits, after);
      }),
    },
    {
      target: 'insertion planner',
      name: `${syntax}: adds only the keys asked for, and loses or changes no key, at cursors between words or in keys`,
      property: fc.property(input, fc.array(fc.nat(), { maxLength: 5 }), insertionKeys, latexCommands, (text, seeds, keys, latexCommand) => {
        const candidates = cursorsBetweenWordsOrInKeys(text, syntax);
        fc.pre(candidates.length > 0);
        // Pandoc reads `:` or `/` into a key when a `/` follows (`@a:/`, for URLs), so text typed after such a key
        // rightly shortens it.
        fc.pre(syntax === 'latex' || !findCitationKeys(text, syntax).some((key) => /[:/]$/.test(key.key)));
        const { after } = plan(text, syntax, seeds.map((seed) => candidates[seed % candidates.length]), keys, { latexCommand });
        checkKeysKept(text, after, syntax, keys);
      }),
    },
    {
      target: 'insertion planner',
      name: `${syntax}: cites every key at every cursor in prose`,
      property: fc.property(prose, fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 3 }), (text, seeds) => {
        const targets = [...new Set(seeds.map((seed) => seed % (text.length + 1)))];
        const keys = ['k1', 'a:b', 'x.y', 'ünï'];
        const { after } = plan(text, syntax, targets, keys);
        const found = findCitationKeys(after, syntax).map((key) => key.key);
        for (const key of keys) assert.strictEqual(found.filter((candidate) => candidate === key).length, targets.length, `${key} in ${JSON.stringify(after)}`);
      }),
    },
  );
}

FUZZ_PROPERTIES.push(
  {
    target: 'LaTeX citation scanner',
    name: 'finds no empty key where a key list holds a control character',
    property: fc.property(
      fc.array(fc.constantFrom('a', 'b1', ',', ' ', '\n', '%', '}', '\u0000', '\u0007', '\u000b', '\u000c', '\u001f'), { maxLength: 12 }),
      latexInput,
      (parts, after) => checkScan(`\\cite{${parts.join('')}${after}`, 'latex'),
    ),
  },
  {
    target: 'pandoc citation scanner',
    name: 'reads no braced key holding a Unicode space, as pandoc does not',
    // Spaces as Haskell's isSpace knows them (category Zs and ASCII white space); U+2028 is not one of them.
    property: fc.property(prose, fc.constantFrom('\u00a0', '\u1680', '\u3000', '\u2003', '\u202f'), prose, (before, space, after) => {
      const text = `${before} @{a${space}b} ${after}`;
      for (const key of findCitationKeys(text, 'pandoc')) assert.ok(!PANDOC_SPACE.test(key.key), JSON.stringify(key.key));
    }),
  },
  {
    target: 'insertion planner',
    name: 'pandoc, in-text style: the inserted keys stay apart from the text after the cursor',
    property: fc.property(prose, fc.nat(), (text, seed) => {
      const { after } = plan(text, 'pandoc', [seed % (text.length + 1)], ['k1'], { inText: true });
      assert.deepStrictEqual(findCitationKeys(after, 'pandoc').map((found) => found.key), ['k1'], after);
    }),
  },
  {
    target: 'insertion planner',
    name: 'pandoc: a citation inserted at the "@" of an in-text citation leaves that citation whole',
    property: fc.property(pandocInput, fc.nat(), insertionKeys, fc.boolean(), (text, seed, keys, inText) => {
      const starts = findCitations(text, 'pandoc').filter((citation) => citation.form === 'inText').map((citation) => citation.start);
      fc.pre(starts.length > 0);
      const { after } = plan(text, 'pandoc', [starts[seed % starts.length]], keys, { inText });
      checkKeysKept(text, after, 'pandoc', keys);
    }),
  },
  {
    target: 'insertion planner',
    name: 'pandoc: writes every key it inserts so that the scanner reads that key back, and leaves out keys it cannot write',
    property: fc.property(prose, fc.nat(), fc.constantFrom('with space', 'tab\tkey', 'new\nline', 'a{b', 'nbsp\u00a0key', 'fig-1', 'doe.', 'ok'), (text, seed, key) => {
      const { after } = plan(text, 'pandoc', [seed % (text.length + 1)], [key, 'k1']);
      const found = findCitationKeys(after, 'pandoc').map((occurrence) => occurrence.key);
      assert.deepStrictEqual(found, isPandocKey(key) ? [key, 'k1'] : ['k1'], after);
    }),
  },
  {
    target: '.bib reader',
    name: 'never throws, and returns entries and diagnostics whose offsets, lines and columns agree with the text',
    property: fc.property(bibInput, checkBibFile),
  },
  {
    target: '.bib reader',
    name: 'reads no key that begins or ends with white space (U+0085 and zero-width ones included) or a byte order mark',
    property: fc.property(bibInput, (text) => {
      for (const entry of readBibtex(text).entries) assert.ok(!/^[\s\u0085\u200b\u2060]|[\s\u0085\u200b\u2060]$/.test(entry.key), JSON.stringify(entry.key));
    }),
  },
  {
    target: '.bib reader',
    name: 'reads a well-formed file to exactly the entries, fields and @string macros it holds',
    property: fc.property(bibModel, (model) => {
      const file = readBibtex(model.text);
      assert.deepStrictEqual(file.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), [], model.text);
      assert.deepStrictEqual(file.entries.map((entry) => ({ type: entry.type, key: entry.key, fields: Object.entries(entry.fields) })),
        model.entries.map((entry) => ({ type: entry.type, key: entry.key, fields: entry.fields })), model.text);
      assert.deepStrictEqual(file.strings, model.strings);
    }),
  },
  {
    target: '.bib reader',
    name: 'loses no other entry when one entry is broken anywhere',
    property: fc.property(bibModel.filter((model) => model.entries.length > 1), fc.nat(), entryMutations, (model, seed, mutations) => {
      const broken = seed % model.entries.length;
      const [from, to] = model.spans[broken];
      const text = applyMutations(model.text, mutations, from, to);
      const read = new Map(readBibtex(text).entries.map((entry) => [entry.key, entry]));
      model.entries.forEach((entry, index) => {
        if (index === broken) return;
        const found = read.get(entry.key);
        assert.ok(found, `entry ${entry.key} was lost:\n${text}`);
        assert.deepStrictEqual(Object.entries(found.fields), entry.fields, text);
      });
    }),
  },
  {
    target: 'BibTeX writer',
    name: 'writes any work so that our reader reads it back to the same fields (BibTeX and biblatex)',
    property: fc.property(paperArbitrary, fc.constantFrom<'bibtex' | 'biblatex'>('bibtex', 'biblatex'), checkBibtexRoundTrip),
  },
  {
    target: 'BibTeX writer',
    name: 'writes a list of works as that many entries, in order',
    property: fc.property(fc.uniqueArray(paperArbitrary, { maxLength: 5, selector: (paper) => paper.key }), (papers) => {
      const file = readBibtex(writeBibtex(papers));
      assert.deepStrictEqual(file.entries.map((entry) => entry.key), papers.map((paper) => paper.key));
      assert.deepStrictEqual(file.diagnostics, []);
    }),
  },
  {
    target: 'CSL-JSON reader',
    name: 'never throws; reads or reports every item; keys unique; diagnostics point at their offset',
    property: fc.property(cslInput, checkCsl),
  },
  {
    target: 'CSL-JSON reader',
    name: 'reads no key that a citation cannot name (white space or control characters inside)',
    property: fc.property(cslInput, (text) => {
      // eslint-disable-next-line no-control-regex -- control characters are what is looked for
      for (const paper of readCslJson(text, 'fuzz.json').papers) assert.ok(!/[\s\u0000-\u001f]/.test(paper.key), JSON.stringify(paper.key));
    }),
  },
  {
    target: 'CSL-JSON reader',
    name: 'reads written CSL-JSON back to the same fields',
    property: fc.property(fc.uniqueArray(paperArbitrary, { maxLength: 4, selector: (paper) => paper.key }), (papers) => {
      const { papers: back, diagnostics } = readCslJson(writeCslJson(papers), 'written.json');
      assert.deepStrictEqual(diagnostics, []);
      assert.deepStrictEqual(back.map(readBackFields), papers.map(cslExpectation));
    }),
  },
);
