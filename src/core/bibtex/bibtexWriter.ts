// Writes Papers as BibTeX entries that compile with both bibtex and biber and read back to the same fields.
//
// Choices, each for a reason:
// - Two dialects. `bibtex` (the default) uses the classic types and fields (@techreport with institution, journal,
//   address, year) that every .bst style knows; biber reads them too, through its own aliases, so the default
//   output works everywhere. `biblatex` uses the native ones (@report, @online, journaltitle, location, date).
// - Text is escaped, not transliterated: { } % & # _ $ ~ ^ \ become LaTeX, and other characters stay UTF-8.
//   biber and modern LaTeX read UTF-8; classic 8-bit bibtex copies the bytes through (sorting may differ).
// - Titles keep their capitals where a style would lower-case them: acronyms and words with inner capitals
//   ({NHS}, {McDonald}) always; in a sentence-case title also the capitalised words after the first, which are
//   then proper nouns ({England}).
// - A field is written only when its value is known; corpus notes, summaries and excerpts are ours or partial,
//   so they never reach a user's bibliography.
import { Paper, Person, WorkType } from '../model';
import { workTypeOf } from './entryToPaper';
import { latexToUnicode } from './latexToUnicode';
import { splitPunctuation } from './splitPunctuation';

export type BibDialect = 'bibtex' | 'biblatex';

export interface BibtexWriteOptions {
  dialect?: BibDialect;
}

const BIBTEX_TYPES: Record<WorkType, string> = {
  article: 'article', report: 'techreport', book: 'book', chapter: 'incollection', thesis: 'phdthesis',
  conference: 'inproceedings', webpage: 'misc', misc: 'misc',
};

const BIBLATEX_TYPES: Record<WorkType, string> = {
  article: 'article', report: 'report', book: 'book', chapter: 'incollection', thesis: 'thesis',
  conference: 'inproceedings', webpage: 'online', misc: 'misc',
};

/** Entry types each dialect knows; a user's own type is kept when it is one of these and means the same work. */
const KNOWN_TYPES: Record<BibDialect, ReadonlySet<string>> = {
  bibtex: new Set(['article', 'book', 'booklet', 'conference', 'inbook', 'incollection', 'inproceedings', 'manual',
    'mastersthesis', 'misc', 'phdthesis', 'proceedings', 'techreport', 'unpublished']),
  biblatex: new Set(['article', 'book', 'mvbook', 'inbook', 'bookinbook', 'suppbook', 'booklet', 'collection',
    'mvcollection', 'incollection', 'suppcollection', 'dataset', 'manual', 'misc', 'online', 'patent', 'periodical',
    'suppperiodical', 'proceedings', 'mvproceedings', 'inproceedings', 'reference', 'mvreference', 'inreference',
    'report', 'set', 'software', 'thesis', 'unpublished', 'conference', 'electronic', 'mastersthesis', 'phdthesis',
    'techreport', 'www']),
};

/** References to parents whose fields are already written into the entry (entriesToPapers inlines them). */
const NOT_WRITTEN = new Set(['crossref', 'xdata']);

/** Names that mean the same field, so an extra field never repeats one written from the model. */
const SAME_FIELD: Record<string, string[]> = {
  journal: ['journaltitle'], journaltitle: ['journal'], address: ['location'], location: ['address'],
  year: ['date'], date: ['year'], number: ['issue'], institution: ['school'], school: ['institution'],
};

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** The entries for several papers, separated by blank lines, ending with a newline. */
export function writeBibtex(papers: readonly Paper[], options: BibtexWriteOptions = {}): string {
  return papers.map((paper) => writeBibtexEntry(paper, options)).join('\n');
}

/** One entry, ending with a newline. Never throws. */
export function writeBibtexEntry(paper: Paper, options: BibtexWriteOptions = {}): string {
  const dialect = options.dialect ?? 'bibtex';
  const biblatex = dialect === 'biblatex';
  const type: WorkType = paper.type ?? 'misc';
  const entryType = entryTypeFor(paper, type, dialect);
  const fields: [string, string][] = [];
  const text = (name: string, value: string | undefined) => {
    const escaped = value === undefined ? '' : escapeLatex(value);
    if (escaped !== '') fields.push([name, `{${escaped}}`]);
  };

  if (paper.authors?.length) fields.push(['author', `{${formatNames(paper.authors)}}`]);
  if (paper.editors?.length) fields.push(['editor', `{${formatNames(paper.editors)}}`]);
  if (biblatex || paper.subtitle === undefined) {
    const title = protectTitle(paper.title);
    if (title !== '') fields.push(['title', `{${title}}`]);
    const subtitle = protectTitle(paper.subtitle ?? '');
    if (subtitle !== '') fields.push(['subtitle', `{${subtitle}}`]);
  } else {
    // BibTeX styles know no subtitle field: it joins the title.
    fields.push(['title', `{${protectTitle(`${paper.title}: ${paper.subtitle}`)}}`]);
  }
  if (paper.venue !== undefined) {
    const venueField = type === 'article' ? (biblatex ? 'journaltitle' : 'journal') : type === 'webpage' || type === 'misc' ? 'howpublished' : 'booktitle';
    text(venueField, paper.venue);
  }
  const extra = paper.extraFields ?? {};
  if (biblatex && extra.date !== undefined) fields.push(['date', `{${rawValue(extra.date)}}`]);
  else if (paper.year !== undefined) fields.push([biblatex ? 'date' : 'year', `{${paper.year}}`]);
  text('volume', paper.volume);
  text('number', paper.issue);
  // Ranges as BibTeX writes them (21--26); escaped first, or the escape would break the -- apart again.
  const pages = escapeLatex(paper.pages ?? '').replace(/(\d)\s*(?:-\{\}-|[-\u2010-\u2015])+\s*(?=\w)/g, '$1--');
  if (pages !== '') fields.push(['pages', `{${pages}}`]);
  const publisherField = type === 'report' ? 'institution' : type === 'thesis' ? (biblatex ? 'institution' : 'school') : 'publisher';
  text(publisherField, paper.publisher);
  text(biblatex ? 'location' : 'address', paper.address);
  text('isbn', paper.isbn);
  if (paper.doi !== undefined) fields.push(['doi', `{${verbatim(paper.doi)}}`]);
  if (paper.url !== undefined) fields.push(['url', `{${verbatim(paper.url).replace(/ /g, '%20')}}`]);
  if (paper.abstract?.kind === 'abstract') text('abstract', paper.abstract.text);
  if (paper.origin.kind === 'user') text('note', paper.note);

  const written = new Set(fields.map(([name]) => name));
  for (const name of Object.keys(extra)) {
    if (written.has(name) || NOT_WRITTEN.has(name) || !/^[A-Za-z][A-Za-z0-9_:.+-]*$/.test(name)) continue;
    if ((SAME_FIELD[name] ?? []).some((same) => written.has(same))) continue;
    const value = extra[name];
    fields.push([name, name === 'month' ? monthValue(value) : `{${rawValue(value)}}`]);
    written.add(name);
  }

  const body = fields.map(([name, value]) => `  ${name} = ${value}`).join(',\n');
  return `@${entryType}{${safeKey(paper.key)}${body === '' ? '' : `,\n${body}`}\n}\n`;
}

function entryTypeFor(paper: Paper, type: WorkType, dialect: BibDialect): string {
  const own = paper.origin.kind === 'user' ? paper.origin.entryType.toLowerCase() : undefined;
  if (own !== undefined && KNOWN_TYPES[dialect].has(own) && workTypeOf(own) === type) return own;
  return (dialect === 'biblatex' ? BIBLATEX_TYPES : BIBTEX_TYPES)[type];
}

/** People as BibTeX names: "Family, Given" (or "Family, Jr, Given"), organisations braced, joined by "and". */
export function formatNames(people: readonly Person[]): string {
  return people.map(formatName).filter((name) => name !== '').join(' and ');
}

function formatName(person: Person): string {
  if (person.literal !== undefined) {
    // BibTeX's "and others" prints as et al.; braced, it would print as a name.
    return person.literal === 'others' ? 'others' : `{${escapeLatex(person.literal)}}`;
  }
  const family = namePart(person.family);
  const given = namePart(person.given);
  const suffix = namePart(person.suffix);
  if (family === '') return given === '' ? '' : `{${escapeLatex(person.given ?? '')}}`;
  if (suffix !== '') return `${family}, ${suffix}, ${given}`;
  if (given !== '') return `${family}, ${given}`;
  // A family name alone: one word reads as the last name; several need the comma form, or "Ilan Clarke" would
  // split; so would a braced one, which alone reads as an organisation, and "others", which alone means et al.
  return /\s/.test(family) || family.startsWith('{') || family.toLowerCase() === 'others' ? `${family},` : family;
}

/** A name part, escaped, and braced where a comma or the word "and" would otherwise split the name. */
function namePart(part: string | undefined): string {
  const escaped = escapeLatex(part ?? '');
  if (escaped === '') return '';
  return /,|(^|\s)and(\s|$)/i.test(escaped) ? `{${escaped}}` : escaped;
}

/**
 * Escapes plain text for a braced BibTeX value: LaTeX specials as commands, braces as \{ \} when they pair up and
 * as \textbraceleft{} / \textbraceright{} when they do not (a lone brace would unbalance the value), the TeX
 * ligatures -- `` '' broken with {}, control characters dropped, ASCII whitespace collapsed (other spaces, such as
 * the no-break space, stay as they are).
 */
export function escapeLatex(text: string): string {
  const clean = withoutControls(text).replace(/[ \t\n\v\f\r]+/g, ' ').replace(/^ | $/g, '');
  const paired = pairedBraces(clean);
  let out = '';
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i];
    switch (ch) {
      case '\\': out += '\\textbackslash{}'; break;
      case '{': out += paired.has(i) ? '\\{' : '\\textbraceleft{}'; break;
      case '}': out += paired.has(i) ? '\\}' : '\\textbraceright{}'; break;
      case '%': case '&': case '#': case '_': case '$': out += `\\${ch}`; break;
      case '~': out += '\\textasciitilde{}'; break;
      case '^': out += '\\textasciicircum{}'; break;
      case '`': out += '\\textasciigrave{}'; break;
      case '-': out += clean[i + 1] === '-' ? '-{}' : '-'; break;
      case "'": out += clean[i + 1] === "'" ? "'{}" : "'"; break;
      default: out += ch;
    }
  }
  return out;
}

/** The text without control characters, which have no place in a .bib file (tabs and line breaks stay). */
function withoutControls(text: string): string {
  let out = '';
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && (c < 9 || c > 13)) || c === 127) {
      out += text.slice(run, i);
      run = i + 1;
    }
  }
  return run === 0 ? text : out + text.slice(run);
}

/** Indices of the braces that pair up, in order, in plain text. */
function pairedBraces(text: string): Set<number> {
  const paired = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') open.push(i);
    else if (text[i] === '}' && open.length > 0) {
      paired.add(open.pop()!);
      paired.add(i);
    }
  }
  return paired;
}

const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'nor', 'of', 'on', 'onto', 'or', 'over', 'per', 'the', 'to', 'up', 'via', 'vs', 'with']);

/** A title escaped for BibTeX with {}-protection on the capitals a style must not lower-case. */
export function protectTitle(title: string): string {
  const tokens = withoutControls(title).replace(/[ \t\n\v\f\r]+/g, ' ').replace(/^ | $/g, '').split(' ');
  const cores = tokens.map(splitPunctuation);
  let capitalised = 0;
  let counted = 0;
  for (let i = 1; i < cores.length; i++) {
    const core = cores[i][1];
    if (!/^\p{L}/u.test(core) || SMALL_WORDS.has(core.toLowerCase())) continue;
    counted++;
    if (/^\p{Lu}/u.test(core)) capitalised++;
  }
  // Title Case capitalises most words, so there a capital says nothing; in sentence case it marks a proper noun.
  const sentenceCase = capitalised * 2 < counted;
  const protect = cores.map(([, core], i) => {
    if (core === '') return false;
    if (/^.+\p{Lu}/u.test(core)) return true;
    if (!sentenceCase || i === 0 || !/^\p{Lu}/u.test(core)) return false;
    // The first word after a colon or a full stop starts a sentence of its own.
    return !/[:.?!]$/.test(tokens[i - 1]);
  });
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0) out += ' ';
    if (!protect[i]) {
      out += escapeLatex(tokens[i]);
      continue;
    }
    let last = i;
    while (last + 1 < tokens.length && protect[last + 1] && cores[last][2] === '' && cores[last + 1][0] === '') last++;
    const inner = [cores[i][1], ...tokens.slice(i + 1, last), ...(last > i ? [cores[last][0] + cores[last][1]] : [])].join(' ');
    const escaped = escapeLatex(inner);
    // A group that starts with a command is a BibTeX "special character", whose letters styles still change.
    const group = escaped.startsWith('\\') ? `{{${escaped}}}` : `{${escaped}}`;
    out += escapeLatex(cores[i][0]) + group + escapeLatex(cores[last][2]);
    i = last;
  }
  return out;
}

/** A URL or DOI: biblatex reads it verbatim, so only what would break the value is changed. */
function verbatim(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** An extra field's raw LaTeX, kept as read when its braces balance (else decoded and escaped), on one line. */
function rawValue(raw: string): string {
  let depth = 0;
  for (const ch of raw) {
    if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) break;
  }
  const value = depth === 0 ? raw : escapeLatex(latexToUnicode(raw));
  // Each run of white space that breaks a line becomes one space. Matched whole (\s+), as /\s*\n\s*/ would retry a
  // long run of spaces from each of them (quadratic).
  return value.replace(/\s+/g, (run) => (run.includes('\n') ? ' ' : run)).trim();
}

/** Months as BibTeX's predefined macros (bare `jun`), which both bibtex styles and biber understand. */
function monthValue(raw: string): string {
  const value = latexToUnicode(raw).toLowerCase();
  const number = Number(value);
  if (Number.isInteger(number) && number >= 1 && number <= 12) return MONTHS[number - 1];
  const index = MONTHS.indexOf(value.slice(0, 3));
  if (index !== -1 && /^[a-z]+\.?$/.test(value)) return MONTHS[index];
  return `{${rawValue(raw)}}`;
}

/** A key BibTeX can read: characters that would end or break it are dropped (keys are checked on the way in). */
function safeKey(key: string): string {
  const safe = key.replace(/[\s,{}()"=#%'\\]/g, '');
  return safe === '' ? 'unknown' : safe;
}
