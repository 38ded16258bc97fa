// Renders a work, or an unknown key, as the Markdown of a citation hover. Every field passes through escapeMarkdown,
// so what a .bib file or the corpus holds is shown as text, never read as Markdown, HTML or a link.
import { Commands } from '../constants';
import { Paper, Person, WorkType } from './model';
import { commandUri, doiUrl, escapeMarkdown, normaliseDoi, plainText, safeHttpUrl } from './markdownEscape';

/** The only commands a hover's links may run; the adapter passes exactly these to MarkdownString.isTrusted. */
export const HOVER_COMMANDS: readonly string[] = [Commands.showPaper, Commands.copyBibtex, Commands.revealPaper];

export interface HoverRenderOptions {
  /** Characters of the abstract to show before shortening at a word boundary; 0 hides the abstract. */
  abstractLength: number;
  /** The label of a theme id, when the theme is known. */
  themeLabel(id: string): string | undefined;
}

const MAX_AUTHORS = 3;

const TYPE_LABELS: Record<WorkType, string> = {
  article: 'Journal article',
  report: 'Report',
  book: 'Book',
  chapter: 'Book chapter',
  thesis: 'Thesis',
  conference: 'Conference paper',
  webpage: 'Web page',
  misc: 'Other',
};

/** The hover of a known work: what it is, what it says, where to read it, and what to do with it. */
export function renderPaperHover(paper: Paper, options: HoverRenderOptions): string {
  const blocks: string[] = [];

  const title = escapeMarkdown(paper.subtitle ? `${paper.title}: ${paper.subtitle}` : paper.title);
  // An empty title would leave "****", which Markdown reads as a rule.
  blocks.push(title ? `**${title}**` : '*Untitled*');

  const byline = [formatAuthors(paper.authors), paper.year === undefined ? undefined : String(paper.year)]
    .filter((part): part is string => !!part)
    .map(escapeMarkdown);
  const venue = formatVenue(paper);
  if (venue) byline.push(`*${escapeMarkdown(venue)}*`);
  if (byline.length) blocks.push(byline.join(' · '));

  const facts: string[] = [];
  if (paper.type) facts.push(escapeMarkdown(TYPE_LABELS[paper.type]));
  const themes = paper.themes.map((id) => options.themeLabel(id) ?? id);
  if (themes.length) facts.push(`Themes: ${themes.map(escapeMarkdown).join(', ')}`);
  if (paper.origin.kind === 'user') facts.push(`From ${escapeMarkdown(baseName(paper.origin.file))}`);
  if (facts.length) blocks.push(facts.join(' · '));

  // The one-sentence summary comes first: a long abstract can fill the hover's height and hide what follows.
  // It is labelled and kept apart from the abstract, so our words are never taken for the authors'.
  if (paper.summary) blocks.push(`**Our summary:** ${escapeMarkdown(paper.summary)}`);

  const abstract = renderAbstract(paper, options.abstractLength);
  if (abstract) blocks.push(abstract);

  const link = renderLink(paper);
  if (link) blocks.push(link);

  const args = [paper.key];
  blocks.push(
    [
      `[Show details](${commandUri(Commands.showPaper, args)} "Show the details of this work")`,
      `[Copy BibTeX](${commandUri(Commands.copyBibtex, args)} "Copy this work's BibTeX entry")`,
      `[Reveal in Library](${commandUri(Commands.revealPaper, args)} "Reveal this work in the Papers view")`,
    ].join(' · '),
  );
  return blocks.join('\n\n');
}

/** A work that may be offered in place of an unknown key. */
export interface KeySuggestion {
  key: string;
  title?: string;
}

/** The hover of a key that is in no library: say so, and offer the nearest keys that are. */
export function renderUnknownKeyHover(key: string, suggestions: readonly KeySuggestion[]): string {
  const blocks = [
    `**Unknown citation key** ${escapeMarkdown(key)}`,
    'It is in neither the NHS Leadership Library nor your bibliography files.',
  ];
  if (suggestions.length) {
    const lines = suggestions.map(
      (suggestion) => `- ${escapeMarkdown(suggestion.key)}${suggestion.title ? ` — ${escapeMarkdown(suggestion.title)}` : ''}`,
    );
    blocks.push(`Did you mean:\n\n${lines.join('\n')}`);
    blocks.push('A Quick Fix replaces the key with one of these.');
  }
  return blocks.join('\n\n');
}

/** "A, B, C et al.", each name as "Given Family", or an organisation's name as written. */
export function formatAuthors(authors: readonly Person[] | undefined): string | undefined {
  if (!authors?.length) return undefined;
  const names = authors.slice(0, MAX_AUTHORS).map(formatPerson).filter((name) => name !== '');
  if (!names.length) return undefined;
  return authors.length > MAX_AUTHORS ? `${names.join(', ')} et al.` : joinNames(names);
}

function formatPerson(person: Person): string {
  if (person.literal) return plainText(person.literal);
  return plainText([person.given, person.family].filter(Boolean).join(' '));
}

function joinNames(names: string[]): string {
  if (names.length < 2) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Journal 3(1):21-26"; a work outside a journal or book shows its publisher instead. */
export function formatVenue(paper: Paper): string | undefined {
  const clean = (value: string | undefined) => (value === undefined ? '' : plainText(value));
  const venue = clean(paper.venue);
  if (venue) {
    const [volume, issue, pages] = [clean(paper.volume), clean(paper.issue), clean(paper.pages)];
    let numbering = volume;
    if (issue) numbering += `(${issue})`;
    if (pages) numbering += numbering ? `:${pages}` : `pp. ${pages}`;
    return numbering ? `${venue} ${numbering}` : venue;
  }
  return clean(paper.publisher) || undefined;
}

function renderAbstract(paper: Paper, length: number): string | undefined {
  if (length <= 0) return undefined;
  if (!paper.abstract || !plainText(paper.abstract.text)) return '*No abstract available.*';
  const label = paper.abstract.kind === 'excerpt' ? 'Excerpt' : 'Abstract';
  return `**${label}:** ${escapeMarkdown(shortenAtWord(paper.abstract.text, length))}`;
}

/**
 * The text cut to at most `length` characters (plus an ellipsis) at the last word boundary, so no word is split;
 * a single word longer than the limit is cut where the limit falls.
 */
export function shortenAtWord(text: string, length: number): string {
  const clean = plainText(text);
  if (clean.length <= length) return clean;
  let cut = clean.lastIndexOf(' ', length);
  if (cut <= 0) {
    cut = length;
    // Never leave half of a surrogate pair.
    if (/[\uD800-\uDBFF]/.test(clean[cut - 1])) cut--;
  }
  // A loop, not /[…]+$/: that pattern retries from every character of a long run of punctuation (quadratic).
  while (cut > 0 && TRAILING_PUNCTUATION.test(clean[cut - 1])) cut--;
  return `${clean.slice(0, cut)}…`;
}

const TRAILING_PUNCTUATION = /[\s,;:.\u2013\u2014-]/;

function renderLink(paper: Paper): string | undefined {
  if (paper.doi) {
    const doi = normaliseDoi(paper.doi);
    const url = doiUrl(paper.doi);
    if (doi && url) return `[doi:${escapeMarkdown(doi)}](${url})`;
  }
  if (paper.url) {
    const url = safeHttpUrl(paper.url);
    if (url) return `[${escapeMarkdown(displayUrl(url))}](${url})`;
  }
  // A DOI or URL we will not link is still worth showing, as text.
  if (paper.doi) return `DOI: ${escapeMarkdown(paper.doi)}`;
  return undefined;
}

/** The URL without its scheme, decoded for reading, shortened if long. */
function displayUrl(url: string): string {
  let shown = url.replace(/^https?:\/\//, '');
  try {
    shown = decodeURI(shown);
  } catch {
    // Keep the encoded form.
  }
  return shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
}

function baseName(file: string): string {
  const parts = file.split(/[\\/]/);
  return parts[parts.length - 1] || file;
}
