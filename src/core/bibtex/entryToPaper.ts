// Maps BibTeX/biblatex entries onto the shared Paper model: display fields decoded to Unicode, the rest kept raw in
// extraFields so the entry can be written back. crossref and xdata parents lend their fields first, as biber does.
import { Paper, WorkType } from '../model';
import { BibEntry } from './bibtexReader';
import { parseNames } from './bibtexNames';
import { latexToUnicode } from './latexToUnicode';

/** Entry types, BibTeX's and biblatex's, by the kind of work they hold. Anything else is `misc`. */
const WORK_TYPES: ReadonlyMap<string, WorkType> = new Map<string, WorkType>([
  ['article', 'article'], ['suppperiodical', 'article'],
  ['report', 'report'], ['techreport', 'report'], ['manual', 'report'],
  ['book', 'book'], ['mvbook', 'book'], ['booklet', 'book'], ['collection', 'book'], ['mvcollection', 'book'],
  ['proceedings', 'book'], ['mvproceedings', 'book'], ['reference', 'book'], ['mvreference', 'book'],
  ['inbook', 'chapter'], ['incollection', 'chapter'], ['bookinbook', 'chapter'], ['suppbook', 'chapter'],
  ['suppcollection', 'chapter'], ['inreference', 'chapter'],
  ['inproceedings', 'conference'], ['conference', 'conference'],
  ['thesis', 'thesis'], ['phdthesis', 'thesis'], ['mastersthesis', 'thesis'],
  ['online', 'webpage'], ['electronic', 'webpage'], ['www', 'webpage'], ['webpage', 'webpage'],
]);

/** The kind of work an entry type holds. */
export function workTypeOf(entryType: string): WorkType {
  // The reader gives types in lower case already: lowered only when not found as it is.
  return WORK_TYPES.get(entryType) ?? WORK_TYPES.get(entryType.toLowerCase()) ?? 'misc';
}

/** Fields a child never takes from its crossref parent: they describe the parent itself. */
const NOT_INHERITED = new Set([
  'ids', 'crossref', 'xref', 'xdata', 'entryset', 'entrysubtype', 'execute', 'label', 'options', 'presort', 'related',
  'relatedoptions', 'relatedstring', 'relatedtype', 'shorthand', 'shorthandintro', 'sortkey', 'sortname',
  'sorttitle', 'sortshorthand', 'sortyear', 'indextitle', 'indexsorttitle', 'title', 'subtitle', 'titleaddon',
  'shorttitle', 'abstract', 'annotation', 'keywords',
]);

/** How a parent's own title reaches its child: a book's title is the chapter's booktitle, and so on. */
function titleTargets(parentType: string): [string, string, string] {
  if (parentType.startsWith('mv')) return ['maintitle', 'mainsubtitle', 'maintitleaddon'];
  if (parentType === 'periodical') return ['journaltitle', 'journalsubtitle', 'issuetitle'];
  return ['booktitle', 'booksubtitle', 'booktitleaddon'];
}

const MAX_INHERITANCE_DEPTH = 8;

/**
 * Maps every entry of a file to a Paper, resolving crossref and xdata within the file. @xdata entries are data
 * for others to take, not works, so they are not returned.
 */
export function entriesToPapers(entries: readonly BibEntry[], file: string): Paper[] {
  let byKey: Map<string, BibEntry> | undefined;
  const papers: Paper[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (entry.type === 'xdata') continue;
    let fields = entry.fields;
    if (fields.crossref !== undefined || fields.xdata !== undefined) {
      // Built only for files that use crossref: most do not, and a 100k-entry map is not free.
      byKey ??= new Map(entries.map((candidate) => [candidate.key.toLowerCase(), candidate]));
      fields = inheritedFields(entry, byKey, 0);
    }
    papers.push(entryToPaper(entry, file, fields));
  }
  return papers;
}

/** An entry's fields with what its crossref and xdata parents lend it. */
function inheritedFields(entry: BibEntry, byKey: Map<string, BibEntry>, depth: number): Record<string, string> {
  const own = entry.fields;
  if (depth >= MAX_INHERITANCE_DEPTH || (own.crossref === undefined && own.xdata === undefined)) return own;
  const fields: Record<string, string> = { ...own };
  const lend = (parent: BibEntry, all: boolean) => {
    const from = inheritedFields(parent, byKey, depth + 1);
    if (!all) {
      const [title, subtitle, addon] = titleTargets(parent.type);
      if (from.title !== undefined && fields[title] === undefined) fields[title] = from.title;
      if (from.subtitle !== undefined && fields[subtitle] === undefined) fields[subtitle] = from.subtitle;
      if (from.titleaddon !== undefined && fields[addon] === undefined) fields[addon] = from.titleaddon;
    }
    for (const name of Object.keys(from)) {
      if ((all || !NOT_INHERITED.has(name)) && fields[name] === undefined && name !== 'xdata' && name !== 'crossref') fields[name] = from[name];
    }
  };
  if (own.xdata !== undefined) {
    for (const key of own.xdata.split(',')) {
      const parent = byKey.get(key.trim().toLowerCase());
      if (parent && parent !== entry) lend(parent, true);
    }
  }
  if (own.crossref !== undefined) {
    const parent = byKey.get(own.crossref.trim().toLowerCase());
    if (parent && parent !== entry) lend(parent, false);
  }
  return fields;
}

// The fields the model has a place for, by number: each entry's are sorted into an array in one pass, and the
// ones mapped are noted as bits. (An object of named fields costs V8 a new shape, or a field-type change that throws
// away optimised code, for each new order or kind of value a file brings.)
const TITLE = 0;
const SUBTITLE = 1;
const AUTHOR = 2;
const EDITOR = 3;
const YEAR = 4;
const DATE = 5;
const JOURNALTITLE = 6;
const JOURNAL = 7;
const BOOKTITLE = 8;
const PUBLISHER = 9;
const INSTITUTION = 10;
const ORGANIZATION = 11;
const SCHOOL = 12;
const ADDRESS = 13;
const LOCATION = 14;
const VOLUME = 15;
const NUMBER = 16;
const ISSUE = 17;
const PAGES = 18;
const DOI = 19;
const URL = 20;
const HOWPUBLISHED = 21;
const ISBN = 22;
const ABSTRACT = 23;
const NOTE = 24;
const FIELD_COUNT = 25;
const FIELD_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['title', TITLE],
  ['subtitle', SUBTITLE],
  ['author', AUTHOR],
  ['editor', EDITOR],
  ['year', YEAR],
  ['date', DATE],
  ['journaltitle', JOURNALTITLE],
  ['journal', JOURNAL],
  ['booktitle', BOOKTITLE],
  ['publisher', PUBLISHER],
  ['institution', INSTITUTION],
  ['organization', ORGANIZATION],
  ['school', SCHOOL],
  ['address', ADDRESS],
  ['location', LOCATION],
  ['volume', VOLUME],
  ['number', NUMBER],
  ['issue', ISSUE],
  ['pages', PAGES],
  ['doi', DOI],
  ['url', URL],
  ['howpublished', HOWPUBLISHED],
  ['isbn', ISBN],
  ['abstract', ABSTRACT],
  ['note', NOTE],
]);

// The mapping's scratch state, module-level rather than made per entry: one array reused for every entry (reset as
// it is filled), and the bits of the fields mapped. Not re-entrant, and needs not be: nothing it calls maps entries.
// (No closures in the mapping either: each would be one more object per entry, and under tsx, which keeps
// function names, a call to name it.)
const known: (string | undefined)[] = new Array<string | undefined>(FIELD_COUNT).fill(undefined);
let used = 0;

/** A field's display text (undefined when absent or empty), noting the field as mapped. */
function decoded(field: number): string | undefined {
  if (field < 0) return undefined;
  const raw = known[field];
  if (raw === undefined) return undefined;
  used |= 1 << field;
  return nonEmpty(latexToUnicode(raw));
}

/** The first of the fields the entry has, or -1. */
function firstOf(a: number, b: number, c: number, d: number): number {
  if (known[a] !== undefined) return a;
  if (known[b] !== undefined) return b;
  if (c >= 0 && known[c] !== undefined) return c;
  if (d >= 0 && known[d] !== undefined) return d;
  return -1;
}

/** Maps one entry, with the given (possibly inherited) fields, to a Paper from `file`. */
export function entryToPaper(entry: BibEntry, file: string, fields: Record<string, string> = entry.fields): Paper {
  // One pass over the entry's own fields, sorting each into its place: a lookup by name on objects of a thousand
  // shapes is slow, and this runs for every entry of a 100k-entry library.
  // (for-in lets V8 read each value through its enumeration cache.)
  known.fill(undefined);
  used = 0;
  for (const name in fields) {
    const number = FIELD_NUMBERS.get(name);
    if (number !== undefined) known[number] = fields[name];
  }

  const type = workTypeOf(entry.type);
  const paper: Paper = {
    key: entry.key,
    type,
    title: decoded(TITLE) ?? '',
    themes: [],
    origin: { kind: 'user', file, line: entry.line, entryType: entry.type },
  };
  const subtitle = decoded(SUBTITLE);
  if (subtitle !== undefined) paper.subtitle = subtitle;

  const author = known[AUTHOR];
  if (author !== undefined) {
    used |= 1 << AUTHOR;
    const people = parseNames(author);
    if (people.length > 0) paper.authors = people;
  }
  const editor = known[EDITOR];
  if (editor !== undefined) {
    used |= 1 << EDITOR;
    const people = parseNames(editor);
    if (people.length > 0) paper.editors = people;
  }

  const date = known[DATE];
  const fromYear = yearOf(known[YEAR]);
  const year = fromYear ?? yearOf(date);
  if (year !== undefined) {
    paper.year = year;
    if (fromYear !== undefined) used |= 1 << YEAR;
    // A full date (2011-05-31) says more than the year: it stays, to be written back.
    if (date !== undefined && YEAR_ONLY.test(date)) used |= 1 << DATE;
  }

  const howpublished = known[HOWPUBLISHED];
  let venue = type === 'article'
    ? decoded(firstOf(JOURNALTITLE, JOURNAL, BOOKTITLE, -1))
    : decoded(firstOf(BOOKTITLE, JOURNALTITLE, JOURNAL, -1));
  // A web page or other work names where it appeared in howpublished (unless that holds only its URL).
  if (venue === undefined && (type === 'misc' || type === 'webpage') && howpublished !== undefined && !URL_ONLY.test(howpublished)) {
    venue = decoded(HOWPUBLISHED);
  }
  if (venue !== undefined) paper.venue = venue;
  const publisher = decoded(type === 'report' ? firstOf(INSTITUTION, PUBLISHER, ORGANIZATION, SCHOOL)
    : type === 'thesis' ? firstOf(SCHOOL, INSTITUTION, PUBLISHER, ORGANIZATION)
      : firstOf(PUBLISHER, INSTITUTION, ORGANIZATION, SCHOOL));
  if (publisher !== undefined) paper.publisher = publisher;
  const address = decoded(firstOf(ADDRESS, LOCATION, -1, -1));
  if (address !== undefined) paper.address = address;

  const volume = decoded(VOLUME);
  if (volume !== undefined) paper.volume = volume;
  const issue = decoded(firstOf(NUMBER, ISSUE, -1, -1));
  if (issue !== undefined) paper.issue = issue;
  const rawPages = known[PAGES];
  if (rawPages !== undefined) {
    const plain = plainPages(rawPages);
    if (plain !== undefined) {
      used |= 1 << PAGES;
      paper.pages = plain;
    } else {
      const pages = decoded(PAGES);
      if (pages !== undefined) paper.pages = normalisePages(pages);
    }
  }

  const rawDoi = known[DOI];
  if (rawDoi !== undefined) {
    used |= 1 << DOI;
    const doi = nonEmpty(withoutDoiPrefix(unescapeVerbatim(rawDoi)));
    if (doi !== undefined) paper.doi = doi;
  }
  let url = known[URL];
  if (url !== undefined) {
    used |= 1 << URL;
  } else if (howpublished !== undefined) {
    // Classic BibTeX has no url field: `howpublished = {\url{...}}` stands in for it.
    const match = URL_ONLY.exec(howpublished);
    if (match) {
      url = match[1];
      used |= 1 << HOWPUBLISHED;
    }
  }
  if (url !== undefined) {
    const clean = nonEmpty(unescapeVerbatim(url));
    if (clean !== undefined) paper.url = clean;
  }
  const isbn = decoded(ISBN);
  if (isbn !== undefined) paper.isbn = isbn;
  const abstract = decoded(ABSTRACT);
  if (abstract !== undefined) paper.abstract = { text: abstract, kind: 'abstract' };
  const note = decoded(NOTE);
  if (note !== undefined) paper.note = note;

  let extra: Record<string, string> | undefined;
  for (const name in fields) {
    const number = FIELD_NUMBERS.get(name);
    if (number !== undefined && (used & (1 << number)) !== 0) continue;
    const value = fields[name];
    if (value.trim() === '') continue;
    extra ??= {};
    extra[name] = value;
  }
  if (extra !== undefined) paper.extraFields = extra;
  return paper;
}

const YEAR_ONLY = /^\s*\{?\d{4}\}?\s*$/;
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;
const URL_ONLY = /^\s*\\url\{([^{}]*)\}\s*$/;

/** The year in a `year` or `date` value: its first four-digit number. */
function yearOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  // As /\d{4}/ finds it, without a match array per entry.
  let digits = 0;
  let year = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) {
      digits = 0;
      year = 0;
    } else {
      year = year * 10 + (c - 48);
      if (++digits === 4) return year;
    }
  }
  return undefined;
}

/**
 * Pages written with letters, digits and hyphens alone (21--26, e101-e110): what decoding and normalisePages would
 * make of them (each run of hyphens one), made in one pass. Undefined for anything else, which takes the long way.
 */
function plainPages(raw: string): string | undefined {
  let out = '';
  let from = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 45) {
      let end = i + 1;
      while (raw.charCodeAt(end) === 45) end++;
      if (end - i > 1) {
        out += raw.slice(from, i + 1);
        from = end;
      }
      i = end - 1;
    } else if (!((c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122))) {
      return undefined;
    }
  }
  if (raw === '') return undefined;
  return from === 0 ? raw : out + raw.slice(from);
}

/** Page ranges read as "21-26" whether written 21--26, 21–26 or 21 - 26: the corpus's form. */
function normalisePages(pages: string): string {
  return pages.replace(PAGE_DASH, '-');
}

// The spaces before a dash are taken only from where their run starts: from each space of a long run of no-break
// spaces (ties) the run would be read again (quadratic). A dash right after a match's spaces starts a match itself.
const PAGE_DASH = /(?:(?<!\s)\s*)?[-\u2010-\u2015]+\s*/g;

/** A DOI without a resolver or `doi:` prefix; most DOIs start "10." and have none, so need no search for one. */
function withoutDoiPrefix(doi: string): string {
  const first = doi.charCodeAt(0) | 32;
  return first === 104 /* h */ || first === 100 /* d */ ? doi.replace(DOI_PREFIX, '') : doi;
}

/** URLs and DOIs are verbatim in biblatex, but BibTeX users escape LaTeX specials in them. */
function unescapeVerbatim(raw: string): string {
  if (!VERBATIM_SPECIAL.test(raw)) return raw.trim();
  return raw.replace(/\\([_%&#$~])/g, '$1').replace(/[{}]/g, '').trim();
}

const VERBATIM_SPECIAL = /[\\{}]/;

function nonEmpty(value: string): string | undefined {
  return value === '' ? undefined : value;
}
