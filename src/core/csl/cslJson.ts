// Reads CSL-JSON (as Zotero, Better BibTeX and pandoc write it) into Papers, and writes Papers as CSL-JSON.
// A malformed item is reported with its position and skipped; the other items still load.
import { Paper, Person, WorkType } from '../model';
import { LineIndex, SourceDiagnostic } from '../bibtex/sourceDiagnostic';

export interface CslReadResult {
  papers: Paper[];
  diagnostics: SourceDiagnostic[];
}

/** A CSL-JSON item as we write it (CSL 1.0.2 variable names). */
export interface CslItem {
  id: string;
  'citation-key': string;
  type: string;
  title?: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: { 'date-parts': [[number]] };
  'container-title'?: string;
  publisher?: string;
  'publisher-place'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  DOI?: string;
  URL?: string;
  ISBN?: string;
  abstract?: string;
  note?: string;
}

export interface CslName {
  family?: string;
  given?: string;
  suffix?: string;
  literal?: string;
}

const CSL_TO_WORK: ReadonlyMap<string, WorkType> = new Map<string, WorkType>([
  ['article-journal', 'article'], ['article-magazine', 'article'], ['article-newspaper', 'article'], ['article', 'article'],
  ['review', 'article'], ['review-book', 'article'],
  ['report', 'report'],
  ['book', 'book'], ['classic', 'book'], ['periodical', 'book'],
  ['chapter', 'chapter'], ['entry', 'chapter'], ['entry-dictionary', 'chapter'], ['entry-encyclopedia', 'chapter'],
  ['paper-conference', 'conference'],
  ['thesis', 'thesis'],
  ['webpage', 'webpage'], ['post', 'webpage'], ['post-weblog', 'webpage'],
]);

const WORK_TO_CSL: Record<WorkType, string> = {
  article: 'article-journal', report: 'report', book: 'book', chapter: 'chapter', thesis: 'thesis',
  conference: 'paper-conference', webpage: 'webpage', misc: 'document',
};

/** CSL variables with no place in the model, kept under their BibTeX names so a BibTeX export keeps them. */
const EXTRA_AS_BIBTEX: Readonly<Record<string, string>> = {
  'collection-title': 'series', 'collection-number': 'number', edition: 'edition', language: 'language',
  ISSN: 'issn', 'title-short': 'shorttitle', 'container-title-short': 'shortjournal', keyword: 'keywords',
  'event-title': 'eventtitle', 'event-place': 'venue', genre: 'type', 'number-of-pages': 'pagetotal',
  'original-date': 'origdate', medium: 'howpublished',
};

/** Reads a CSL-JSON array (or an object with an `items` array). Never throws. */
export function readCslJson(text: string, file: string): CslReadResult {
  const diagnostics: SourceDiagnostic[] = [];
  const lines = new LineIndex(text);
  const problem = (offset: number, message: string, key?: string) => {
    const { line, column } = lines.position(offset);
    const diagnostic: SourceDiagnostic = { severity: 'error', message, line, column, offset, endOffset: offset + 1 };
    if (key !== undefined) diagnostic.key = key;
    diagnostics.push(diagnostic);
  };

  const tooDeep = offsetNestedDeeperThan(text, MAX_NESTING);
  if (tooDeep >= 0) {
    problem(tooDeep, `Nested more than ${MAX_NESTING} levels deep here: CSL-JSON items need about 6, so this file is not read.`);
    return { papers: [], diagnostics };
  }
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    problem(at ? Number(at[1]) : 0, `Not valid JSON: ${message}`);
    return { papers: [], diagnostics };
  }
  const items = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.items) ? data.items : undefined;
  if (items === undefined) {
    problem(0, 'A CSL-JSON file holds an array of items.');
    return { papers: [], diagnostics };
  }

  const papers: Paper[] = [];
  const seen = new Set<string>();
  const locator = new ItemLocator(text);
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    const where = `Item ${index + 1}`;
    if (!isObject(item)) {
      problem(locator.findValue(item), `${where} is not an object.`);
      continue;
    }
    const id = item.id;
    const offset = locator.find(typeof id === 'string' || typeof id === 'number' ? id : undefined);
    const key = citationKeyOf(item);
    if (key === undefined) {
      problem(offset, `${where} has no "id" (or "citation-key") to cite it by.`);
      continue;
    }
    const unciteable = unciteableKeyProblem(key);
    if (unciteable !== undefined) {
      // Loaded, it would offer completions that neither pandoc nor LaTeX can resolve: reported and skipped instead.
      problem(offset, `${where}: the key ${JSON.stringify(key)} holds ${unciteable}, which no citation can name; this item is ignored.`, key);
      continue;
    }
    const failure = checkItem(item);
    if (failure !== undefined) {
      problem(offset, `${where} ("${key}"): ${failure}`, key);
      continue;
    }
    if (seen.has(key)) {
      problem(offset, `${where}: the key "${key}" is used by an earlier item; this one is ignored.`, key);
      continue;
    }
    seen.add(key);
    papers.push(itemToPaper(item, key, file, lines.lineAt(offset)));
  }
  return { papers, diagnostics };
}

/**
 * Deeper than any CSL-JSON (an item's date is 6 levels down) and shallow enough to refuse before JSON.parse: V8
 * parses a megabyte of nested arrays in 80-110 ms here, a flat megabyte in 12-40 ms.
 */
const MAX_NESTING = 64;

/** The offset of the first `[` or `{` at depth `limit` + 1, outside strings; -1 when the text never nests that deep. */
function offsetNestedDeeperThan(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: to the next quote not escaped (an unclosed string is JSON.parse's to report).
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return -1;
}

/** Better BibTeX writes `citation-key` (older: `citationKey`); Zotero's own export keeps it in `note`. */
function citationKeyOf(item: Json): string | undefined {
  for (const candidate of [item['citation-key'], item.citationKey]) {
    if (typeof candidate === 'string' && candidate.trim() !== '') return candidate.trim();
  }
  if (typeof item.note === 'string') {
    const inNote = citationKeyInNote(item.note);
    if (inNote !== undefined) return inNote;
  }
  if (typeof item.id === 'string' && item.id.trim() !== '') return item.id.trim();
  if (typeof item.id === 'number' && Number.isFinite(item.id)) return String(item.id);
  return undefined;
}

/**
 * The key of a note line `Citation Key: key` (leading white space, blank lines included, allowed). A loop over line
 * starts: the equivalent /^\s*Citation Key:\s*(\S+)/im retries its \s* from every line start of a run of blank
 * lines, which is quadratic.
 */
function citationKeyInNote(note: string): string | undefined {
  const label = /Citation Key:\s*(\S+)/iy;
  const lineBreak = /[\n\r\u2028\u2029]/g;
  let at = 0;
  while (at < note.length) {
    while (at < note.length && /\s/.test(note[at])) at++;
    label.lastIndex = at;
    const match = label.exec(note);
    if (match) return match[1];
    lineBreak.lastIndex = at;
    if (lineBreak.exec(note) === null) return undefined;
    at = lineBreak.lastIndex;
  }
  return undefined;
}

/**
 * What makes a key unciteable, or undefined when it is fine: white space (as JavaScript's `\s` has it, a little
 * wider than pandoc's or LaTeX's) ends a key, and a control character has no place in a document.
 */
function unciteableKeyProblem(key: string): string | undefined {
  const bad = /[\s\p{Cc}]/u.exec(key);
  if (bad === null) return undefined;
  // Named by code point, as most of them are invisible in a message.
  const code = `U+${bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return /\s/.test(bad[0]) ? `white space (${code})` : `a control character (${code})`;
}

/** Why an item cannot be read, or undefined when it can. */
function checkItem(item: Json): string | undefined {
  for (const field of ['title', 'container-title', 'publisher', 'publisher-place', 'DOI', 'URL', 'ISBN', 'abstract', 'note', 'type']) {
    const value = item[field];
    if (value !== undefined && typeof value !== 'string' && !(field !== 'type' && typeof value === 'number')) {
      return `field "${field}" must be text.`;
    }
  }
  for (const field of ['author', 'editor']) {
    const value = item[field];
    if (value === undefined) continue;
    if (!Array.isArray(value) || !value.every(isObject)) return `field "${field}" must be a list of names.`;
  }
  if (item.issued !== undefined && !isObject(item.issued) && typeof item.issued !== 'string') return 'field "issued" must be a date.';
  return undefined;
}

function itemToPaper(item: Json, key: string, file: string, line: number): Paper {
  const type = typeof item.type === 'string' ? CSL_TO_WORK.get(item.type) ?? 'misc' : 'misc';
  const paper: Paper = {
    key,
    type,
    title: text(item.title) ?? '',
    themes: [],
    origin: { kind: 'user', file, line, entryType: typeof item.type === 'string' ? item.type : 'document' },
  };
  const authors = names(item.author);
  if (authors) paper.authors = authors;
  const editors = names(item.editor);
  if (editors) paper.editors = editors;
  const year = yearOf(item.issued);
  if (year !== undefined) paper.year = year;
  const strings: [keyof Paper, string][] = [
    ['venue', 'container-title'], ['publisher', 'publisher'], ['address', 'publisher-place'], ['volume', 'volume'],
    ['issue', 'issue'], ['doi', 'DOI'], ['url', 'URL'], ['isbn', 'ISBN'],
  ];
  for (const [field, variable] of strings) {
    const value = text(item[variable]);
    if (value !== undefined) (paper as unknown as Record<string, string>)[field] = value;
  }
  const pages = text(item.page);
  if (pages !== undefined) paper.pages = pages.replace(/\s*[-\u2010-\u2015]+\s*/g, '-');
  if (paper.doi !== undefined) paper.doi = paper.doi.replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  const abstract = text(item.abstract);
  if (abstract !== undefined) paper.abstract = { text: abstract, kind: 'abstract' };
  const note = text(item.note);
  if (note !== undefined && !/^\s*Citation Key:\s*\S+\s*$/i.test(note)) paper.note = note;

  const extra: Record<string, string> = {};
  for (const [variable, field] of Object.entries(EXTRA_AS_BIBTEX)) {
    const value = text(item[variable]);
    if (value !== undefined && extra[field] === undefined) extra[field] = value;
  }
  if (Object.keys(extra).length > 0) paper.extraFields = extra;
  return paper;
}

function names(value: unknown): Person[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const people: Person[] = [];
  for (const name of value) {
    if (!isObject(name)) continue;
    const literal = text(name.literal);
    if (literal !== undefined) {
      people.push({ literal });
      continue;
    }
    // Particles ("van", "de") read as part of the family name, as the model keeps no particle field.
    const family = [text(name['dropping-particle']), text(name['non-dropping-particle']), text(name.family)]
      .filter((part) => part !== undefined).join(' ');
    const person: Person = {};
    if (family !== '') person.family = family;
    const given = text(name.given);
    if (given !== undefined) person.given = given;
    const suffix = text(name.suffix);
    if (suffix !== undefined) person.suffix = suffix;
    if (person.family !== undefined || person.given !== undefined) people.push(person);
  }
  return people.length > 0 ? people : undefined;
}

/** The year of a CSL date: date-parts, a raw or literal string, or a bare string. */
function yearOf(issued: unknown): number | undefined {
  if (typeof issued === 'string') return firstYear(issued);
  if (!isObject(issued)) return undefined;
  const parts = issued['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    const year = Number(parts[0][0]);
    if (Number.isInteger(year)) return year;
  }
  for (const field of ['raw', 'literal']) {
    if (typeof issued[field] === 'string') return firstYear(issued[field] as string);
  }
  return undefined;
}

function firstYear(text: string): number | undefined {
  const match = /\d{4}/.exec(text);
  return match ? Number(match[0]) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed.normalize('NFC');
}

/** Papers as CSL-JSON items. Corpus notes, summaries and excerpts are ours or partial: they are not written. */
export function papersToCsl(papers: readonly Paper[]): CslItem[] {
  return papers.map(paperToCsl);
}

export function paperToCsl(paper: Paper): CslItem {
  const item: CslItem = { id: paper.key, 'citation-key': paper.key, type: WORK_TO_CSL[paper.type ?? 'misc'] };
  const title = paper.subtitle !== undefined ? `${paper.title}: ${paper.subtitle}` : paper.title;
  if (title.trim() !== '') item.title = title;
  if (paper.authors?.length) item.author = paper.authors.map(cslName);
  if (paper.editors?.length) item.editor = paper.editors.map(cslName);
  if (paper.year !== undefined) item.issued = { 'date-parts': [[paper.year]] };
  if (paper.venue !== undefined) item['container-title'] = paper.venue;
  if (paper.publisher !== undefined) item.publisher = paper.publisher;
  if (paper.address !== undefined) item['publisher-place'] = paper.address;
  if (paper.volume !== undefined) item.volume = paper.volume;
  if (paper.issue !== undefined) item.issue = paper.issue;
  if (paper.pages !== undefined) item.page = paper.pages;
  if (paper.doi !== undefined) item.DOI = paper.doi;
  if (paper.url !== undefined) item.URL = paper.url;
  if (paper.isbn !== undefined) item.ISBN = paper.isbn;
  if (paper.abstract?.kind === 'abstract') item.abstract = paper.abstract.text;
  if (paper.note !== undefined && paper.origin.kind === 'user') item.note = paper.note;
  return item;
}

function cslName(person: Person): CslName {
  const name: CslName = {};
  if (person.literal !== undefined) {
    name.literal = person.literal;
    return name;
  }
  if (person.family !== undefined) name.family = person.family;
  if (person.given !== undefined) name.given = person.given;
  if (person.suffix !== undefined) name.suffix = person.suffix;
  return name;
}

/** The text of a CSL-JSON file for the papers: an array, two-space indented, ending with a newline. */
export function writeCslJson(papers: readonly Paper[]): string {
  return `${JSON.stringify(papersToCsl(papers), null, 2)}\n`;
}

/**
 * Finds where each item sits in the text, for diagnostics and go-to-definition: its `"id"`, searched for from the
 * previous item on, so the whole file is searched about once.
 */
class ItemLocator {
  private from = 0;

  constructor(private readonly text: string) {}

  find(id: string | number | undefined): number {
    if (id !== undefined) {
      const needle = JSON.stringify(id);
      const pattern = /"id"\s*:\s*/y;
      // Bounded, so a short id that occurs everywhere but never after "id" cannot make reading quadratic.
      let tries = 0;
      for (let at = this.text.indexOf(needle, this.from); at !== -1 && tries < 1000; at = this.text.indexOf(needle, at + 1), tries++) {
        // Check that `"id": ` stands just before the value.
        const before = this.text.lastIndexOf('"id"', at);
        if (before !== -1) {
          pattern.lastIndex = before;
          if (pattern.test(this.text) && pattern.lastIndex === at) {
            this.from = at + needle.length;
            return before;
          }
        }
      }
    }
    return this.next('{');
  }

  /** Where a value that is not an item (a string, a number, a list) sits. */
  findValue(value: unknown): number {
    return this.next(Array.isArray(value) ? '[' : JSON.stringify(value) ?? '{');
  }

  private next(needle: string): number {
    const at = this.text.indexOf(needle, this.from);
    if (at === -1) return this.from;
    this.from = at + 1;
    return at;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
