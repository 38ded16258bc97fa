// How a work is named in lists: a short title, "First author et al. · year", a name for its type and its icon.
// Every function copes with the unknown parts of a work by leaving them out, never by inventing them.
import { doiUrl, escapeMarkdown, plainText, safeHttpUrl } from './markdownEscape';
import { Paper, Person, WorkType } from './model';

/** Titles longer than this are cut at a word boundary in lists; the full title stays in tooltips and details. */
export const SHORT_TITLE_LENGTH = 60;

/** A subtitle after ": " only goes when what stays is long enough to name the work on its own. */
const MIN_MAIN_TITLE_LENGTH = 12;

/** The title without its subtitle, shortened at a word boundary when still long. */
export function shortTitle(paper: Pick<Paper, 'title'>, maxLength = SHORT_TITLE_LENGTH): string {
  const title = collapseSpace(paper.title);
  const colon = title.indexOf(': ');
  const main = colon >= MIN_MAIN_TITLE_LENGTH ? title.slice(0, colon) : title;
  return truncateAtWord(main, maxLength);
}

/** The name a list shows for a person: the family name, or the literal name of an organisation. */
export function personShortName(person: Person): string {
  return collapseSpace(person.family ?? person.literal ?? person.given ?? '');
}

/** "Given Family", or the literal name. */
export function personFullName(person: Person): string {
  if (person.literal) return collapseSpace(person.literal);
  return collapseSpace([person.given, person.family].filter(Boolean).join(' '));
}

/** "Smith", "Smith & Jones" or "Smith et al.": authors, or editors when a work has none. Empty when unknown. */
export function authorsShort(paper: Pick<Paper, 'authors' | 'editors'>): string {
  const people = (paper.authors?.length ? paper.authors : paper.editors) ?? [];
  const names = people.map(personShortName).filter((name) => name !== '');
  if (names.length === 0) return '';
  if (names.length === 1) return names[0];
  if (names.length === 2) return `${names[0]} & ${names[1]}`;
  return `${names[0]} et al.`;
}

/** "Smith et al. · 2014", "Smith et al.", "2014" or "", whichever parts are known. */
export function authorYearDescription(paper: Pick<Paper, 'authors' | 'editors' | 'year'>): string {
  return [authorsShort(paper), paper.year !== undefined ? String(paper.year) : ''].filter(Boolean).join(' · ');
}

/** The family name of the first author (or editor), for grouping; undefined when unknown. */
export function firstAuthorName(paper: Pick<Paper, 'authors' | 'editors'>): string | undefined {
  const person = paper.authors?.[0] ?? paper.editors?.[0];
  const name = person ? personShortName(person) : '';
  return name || undefined;
}

/** The journal, or the publisher for works that have no container (reports, books). */
export function venueName(paper: Pick<Paper, 'venue' | 'publisher'>): string | undefined {
  const name = collapseSpace(paper.venue ?? paper.publisher ?? '');
  return name || undefined;
}

const TYPE_NAMES: Record<WorkType, { singular: string; plural: string; icon: string }> = {
  article: { singular: 'Article', plural: 'Articles', icon: 'file-text' },
  report: { singular: 'Report', plural: 'Reports', icon: 'graph' },
  book: { singular: 'Book', plural: 'Books', icon: 'book' },
  chapter: { singular: 'Book chapter', plural: 'Book chapters', icon: 'bookmark' },
  thesis: { singular: 'Thesis', plural: 'Theses', icon: 'mortar-board' },
  conference: { singular: 'Conference paper', plural: 'Conference papers', icon: 'comment-discussion' },
  webpage: { singular: 'Web page', plural: 'Web pages', icon: 'globe' },
  misc: { singular: 'Other work', plural: 'Other works', icon: 'file' },
};

/** "Article", "Report"...; "Work of unknown type" when the type is not known. */
export function typeName(type: WorkType | undefined): string {
  return type ? TYPE_NAMES[type].singular : 'Work of unknown type';
}

export function typePluralName(type: WorkType | undefined): string {
  return type ? TYPE_NAMES[type].plural : 'Unknown type';
}

/** The id of the product icon (codicon) that stands for a type of work. */
export function typeIconId(type: WorkType | undefined): string {
  return type ? TYPE_NAMES[type].icon : 'file';
}

/** "1 work", "3 works", "55,994 works". */
export function workCount(count: number): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? 'work' : 'works'}`;
}

/** Where "Open DOI or URL" goes: the DOI first (it outlives publishers' addresses), else an http(s) URL. */
export function sourceUrl(paper: Pick<Paper, 'doi' | 'url'>): string | undefined {
  return (paper.doi ? doiUrl(paper.doi) : undefined) ?? (paper.url ? safeHttpUrl(paper.url) : undefined);
}

/**
 * The tooltip of a work in the tree, as Markdown whose every piece of data is escaped: the full title, who and when,
 * where, and our one-line summary (marked as ours).
 */
export function paperTooltipMarkdown(paper: Paper): string {
  const lines = [`**${escapeMarkdown(collapseSpace(fullTitle(paper)))}**`];
  const people = (paper.authors ?? []).map(personFullName).filter(Boolean);
  const byline = [people.length > 6 ? `${people.slice(0, 6).join(', ')} et al.` : people.join(', '),
    paper.year !== undefined ? String(paper.year) : ''].filter(Boolean).join(' · ');
  if (byline) lines.push(escapeMarkdown(byline));
  const where = [typeName(paper.type), venueName(paper)].filter(Boolean).join(' · ');
  lines.push(`*${escapeMarkdown(where)}*`);
  if (paper.summary) lines.push(`${escapeMarkdown(collapseSpace(paper.summary))} *(summary ours, not the authors')*`);
  else lines.push('*No summary available.*');
  lines.push(codeSpan(plainText(paper.key)));
  return lines.join('\n\n');
}

/** The title joined with its subtitle where the source keeps them apart, as one clean line (see collapseSpace). */
export function fullTitle(paper: Pick<Paper, 'title' | 'subtitle'>): string {
  return collapseSpace(paper.subtitle ? `${paper.title}: ${paper.subtitle}` : paper.title);
}

/** A Markdown code span whose fence is longer than any run of backticks inside, so no key can break out of it. */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * One line of plain text for labels, descriptions and pickers, which VS Code shows as text: white space collapsed,
 * and control and bidirectional-override characters dropped, as they could make one label look like another.
 */
function collapseSpace(text: string): string {
  return plainText(text);
}

function truncateAtWord(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const space = cut.lastIndexOf(' ');
  // A single very long word is cut where it is rather than left whole.
  const head = space > maxLength / 2 ? cut.slice(0, space) : cut;
  return `${head.replace(/[\s,;:.\-–—]+$/, '')}…`;
}
