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
  return WORK_TYPES.get(entryType.toLowerCase()) ?? 'misc';
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

/** The fields the model has a place for; each entry's fields are sorted into these in one pass. */
interface Known {
  title?: string; subtitle?: string; author?: string; editor?: string; year?: string; date?: string;
  journaltitle?: string; journal?: string; booktitle?: string; publisher?: string; institution?: string;
  organization?: string; school?: string; address?: string; location?: string; volume?: string; number?: string;
  issue?: string; pages?: string; doi?: string; url?: string; howpublished?: string; isbn?: string; abstract?: string;
  note?: string;
}

/** Maps one entry, with the given (possibly inherited) fields, to a Paper from `file`. */
export function entryToPaper(entry: BibEntry, file: string, fields: Record<string, string> = entry.fields): Paper {
  // One pass over the entry's own fields, sorting each into its place: a lookup by name on objects of a thousand
  // shapes is slow, and this runs for every entry of a 100k-entry library.
  // (for-in lets V8 read each value through its enumeration cache; the named stores stay monomorphic.)
  const known: Known = {};
  const names: string[] = [];
  for (const name in fields) {
    const value = fields[name];
    names.push(name);
    switch (name) {
      case 'title': known.title = value; break;
      case 'subtitle': known.subtitle = value; break;
      case 'author': known.author = value; break;
      case 'editor': known.editor = value; break;
      case 'year': known.year = value; break;
      case 'date': known.date = value; break;
      case 'journaltitle': known.journaltitle = value; break;
      case 'journal': known.journal = value; break;
      case 'booktitle': known.booktitle = value; break;
      case 'publisher': known.publisher = value; break;
      case 'institution': known.institution = value; break;
      case 'organization': known.organization = value; break;
      case 'school': known.school = value; break;
      case 'address': known.address = value; break;
      case 'location': known.location = value; break;
      case 'volume': known.volume = value; break;
      case 'number': known.number = value; break;
      case 'issue': known.issue = value; break;
      case 'pages': known.pages = value; break;
      case 'doi': known.doi = value; break;
      case 'url': known.url = value; break;
      case 'howpublished': known.howpublished = value; break;
      case 'isbn': known.isbn = value; break;
      case 'abstract': known.abstract = value; break;
      case 'note': known.note = value; break;
    }
  }
  // The names of the fields mapped below; the rest go to extraFields.
  const used: string[] = [];
  const type = workTypeOf(entry.type);
  const paper: Paper = {
    key: entry.key,
    type,
    title: decoded(known, 'title', used) ?? '',
    themes: [],
    origin: { kind: 'user', file, line: entry.line, entryType: entry.type },
  };
  const subtitle = decoded(known, 'subtitle', used);
  if (subtitle !== undefined) paper.subtitle = subtitle;

  if (known.author !== undefined) {
    used.push('author');
    const people = parseNames(known.author);
    if (people.length > 0) paper.authors = people;
  }
  if (known.editor !== undefined) {
    used.push('editor');
    const people = parseNames(known.editor);
    if (people.length > 0) paper.editors = people;
  }

  const fromYear = yearOf(known.year);
  const year = fromYear ?? yearOf(known.date);
  if (year !== undefined) {
    paper.year = year;
    if (fromYear !== undefined) used.push('year');
    // A full date (2011-05-31) says more than the year: it stays, to be written back.
    if (known.date !== undefined && /^\s*\{?\d{4}\}?\s*$/.test(known.date)) used.push('date');
  }

  let venue = type === 'article'
    ? decoded(known, firstOf(known, 'journaltitle', 'journal', 'booktitle'), used)
    : decoded(known, firstOf(known, 'booktitle', 'journaltitle', 'journal'), used);
  // A web page or other work names where it appeared in howpublished (unless that holds only its URL).
  if (venue === undefined && (type === 'misc' || type === 'webpage') && known.howpublished !== undefined && !URL_ONLY.test(known.howpublished)) {
    venue = decoded(known, 'howpublished', used);
  }
  if (venue !== undefined) paper.venue = venue;
  const publisher = decoded(known, type === 'report' ? firstOf(known, 'institution', 'publisher', 'organization', 'school')
    : type === 'thesis' ? firstOf(known, 'school', 'institution', 'publisher', 'organization')
      : firstOf(known, 'publisher', 'institution', 'organization', 'school'), used);
  if (publisher !== undefined) paper.publisher = publisher;
  const address = decoded(known, firstOf(known, 'address', 'location'), used);
  if (address !== undefined) paper.address = address;

  const volume = decoded(known, 'volume', used);
  if (volume !== undefined) paper.volume = volume;
  const issue = decoded(known, firstOf(known, 'number', 'issue'), used);
  if (issue !== undefined) paper.issue = issue;
  const pages = decoded(known, 'pages', used);
  if (pages !== undefined) paper.pages = normalisePages(pages);

  if (known.doi !== undefined) {
    used.push('doi');
    const doi = nonEmpty(unescapeVerbatim(known.doi).replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, ''));
    if (doi !== undefined) paper.doi = doi;
  }
  let url: string | undefined;
  if (known.url !== undefined) {
    used.push('url');
    url = known.url;
  } else if (known.howpublished !== undefined) {
    // Classic BibTeX has no url field: `howpublished = {\url{...}}` stands in for it.
    const match = URL_ONLY.exec(known.howpublished);
    if (match) {
      url = match[1];
      used.push('howpublished');
    }
  }
  if (url !== undefined) {
    const clean = nonEmpty(unescapeVerbatim(url));
    if (clean !== undefined) paper.url = clean;
  }
  const isbn = decoded(known, 'isbn', used);
  if (isbn !== undefined) paper.isbn = isbn;
  const abstract = decoded(known, 'abstract', used);
  if (abstract !== undefined) paper.abstract = { text: abstract, kind: 'abstract' };
  const note = decoded(known, 'note', used);
  if (note !== undefined) paper.note = note;

  let extra: Record<string, string> | undefined;
  for (const name of names) {
    if (used.includes(name)) continue;
    const value = fields[name];
    if (value.trim() === '') continue;
    extra ??= {};
    extra[name] = value;
  }
  if (extra !== undefined) paper.extraFields = extra;
  return paper;
}

type KnownField = keyof Known;

/** The first of the named fields the entry has. */
function firstOf(known: Known, a: KnownField, b: KnownField, c?: KnownField, d?: KnownField): KnownField | undefined {
  if (known[a] !== undefined) return a;
  if (known[b] !== undefined) return b;
  if (c !== undefined && known[c] !== undefined) return c;
  if (d !== undefined && known[d] !== undefined) return d;
  return undefined;
}

/** A field's display text (undefined when absent or empty), noting the field as mapped. */
function decoded(known: Known, name: KnownField | undefined, used: string[]): string | undefined {
  if (name === undefined) return undefined;
  const raw = known[name];
  if (raw === undefined) return undefined;
  used.push(name);
  return nonEmpty(latexToUnicode(raw));
}

const URL_ONLY = /^\s*\\url\{([^{}]*)\}\s*$/;

/** The year in a `year` or `date` value: its first four-digit number. */
function yearOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const match = /\d{4}/.exec(raw);
  return match ? Number(match[0]) : undefined;
}

/** Page ranges read as "21-26" whether written 21--26, 21–26 or 21 - 26: the corpus's form. */
function normalisePages(pages: string): string {
  return pages.replace(/\s*[-\u2010-\u2015]+\s*/g, '-');
}

/** URLs and DOIs are verbatim in biblatex, but BibTeX users escape LaTeX specials in them. */
function unescapeVerbatim(raw: string): string {
  return raw.replace(/\\([_%&#$~])/g, '$1').replace(/[{}]/g, '').trim();
}

function nonEmpty(value: string): string | undefined {
  return value === '' ? undefined : value;
}
