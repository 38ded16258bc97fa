// The HTML of the paper details webview. Every piece of data is HTML-escaped (titles and abstracts come from files we
// do not control), only http(s) addresses become links, and the page loads nothing but the stylesheet and script it
// is given, under a Content-Security-Policy that admits only them.
import { Paper, Theme } from './model';
import { doiUrl, plainText, safeHttpUrl } from './markdownEscape';
import { fullTitle, personFullName, sourceUrl, typeName } from './paperLabels';

export interface DetailsPageResources {
  /** The webview's `cspSource`: where the stylesheet, script and images may come from. */
  cspSource: string;
  /** A fresh random nonce per render; the only script that runs is the one carrying it. */
  nonce: string;
  styleUri: string;
  scriptUri: string;
}

/** The actions the page's buttons ask the extension for. */
export const DETAILS_ACTIONS = ['insert', 'copyBibtex', 'copyReference', 'openSource'] as const;
export type DetailsAction = (typeof DETAILS_ACTIONS)[number];

export function isDetailsAction(value: unknown): value is DetailsAction {
  return (DETAILS_ACTIONS as readonly unknown[]).includes(value);
}

export const SUMMARY_HEADING = "Summary (ours, not the authors')";
export const NO_ABSTRACT = 'No abstract available';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Data as HTML text: control and bidirectional-override characters dropped, whitespace collapsed, escaped. */
function text(value: string): string {
  return escapeHtml(plainText(value));
}

export function renderPaperDetailsHtml(paper: Paper, themes: readonly Theme[], page: DetailsPageResources): string {
  const title = fullTitle(paper);
  const people = (list: Paper['authors']) => (list ?? []).map(personFullName).filter(Boolean).join(', ');
  const meta: [string, string | undefined][] = [
    ['Authors', people(paper.authors) || undefined],
    ['Editors', people(paper.editors) || undefined],
    ['Year', paper.year !== undefined ? String(paper.year) : undefined],
    ['Type', typeName(paper.type)],
    [paper.type === 'chapter' || paper.type === 'conference' ? 'In' : 'Journal', paper.venue],
    ['Volume', paper.volume],
    ['Issue', paper.issue],
    ['Pages', paper.pages],
    ['Publisher', paper.publisher],
    ['Place', paper.address],
    ['ISBN', paper.isbn],
  ];
  const rows = meta
    .filter((row): row is [string, string] => row[1] !== undefined && row[1].trim() !== '')
    .map(([label, value]) => `<dt>${text(label)}</dt><dd>${text(value)}</dd>`);
  rows.unshift(`<dt>Key</dt><dd><code>${text(paper.key)}</code></dd>`);
  if (paper.doi) rows.push(`<dt>DOI</dt><dd>${link(doiUrl(paper.doi), paper.doi)}</dd>`);
  if (paper.url) rows.push(`<dt>URL</dt><dd>${link(paper.url, paper.url)}</dd>`);
  rows.push(`<dt>From</dt><dd>${text(paper.origin.kind === 'corpus'
    ? 'The bundled NHS leadership library'
    : `${paper.origin.file}, line ${paper.origin.line}`)}</dd>`);

  const themeLabels = new Map(themes.map((theme) => [theme.id, theme]));
  const themeItems = paper.themes.map((id) => {
    const theme = themeLabels.get(id);
    return theme
      ? `<li title="${text(theme.description)}">${text(theme.label)}</li>`
      : `<li>${text(id)}</li>`;
  });

  const sourceItems = Object.entries(paper.sources ?? {}).map(([fields, where]) =>
    `<li><span class="fields">${text(fields.split(',').map((field) => field.trim()).join(', '))}</span>: ${link(where, where)}</li>`);

  const abstractSection = paper.abstract
    ? section(paper.abstract.kind === 'excerpt' ? 'Excerpt' : 'Abstract', paragraphs(paper.abstract.text),
      paper.abstract.kind === 'excerpt' ? 'A passage from the work itself: no abstract of it is known.' : undefined)
    : section('Abstract', `<p class="empty">${NO_ABSTRACT}</p>`);

  const linked = sourceUrl(paper) !== undefined;
  const buttons = [
    button('insert', 'Insert Citation', 'Insert a citation of this work in the last active editor'),
    button('copyBibtex', 'Copy BibTeX'),
    button('copyReference', 'Copy Reference…', 'Copy a formatted reference (APA, Harvard, Vancouver)'),
    linked ? button('openSource', paper.doi ? 'Open DOI' : 'Open URL', sourceUrl(paper)) : '',
  ].join('');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${page.cspSource}; script-src 'nonce-${page.nonce}'; img-src ${page.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>${text(title)}</title>
</head>
<body data-key="${escapeHtml(paper.key)}">
<header>
<p class="kicker">${text([typeName(paper.type), paper.year].filter((part) => part !== undefined).join(' · '))}</p>
<h1>${text(title)}</h1>
${paper.authors?.length ? `<p class="byline">${text(people(paper.authors))}</p>` : ''}
<div class="actions">${buttons}</div>
</header>
<main>
<dl class="meta">${rows.join('')}</dl>
${section(SUMMARY_HEADING, paper.summary ? paragraphs(paper.summary) : '<p class="empty">No summary yet.</p>')}
${abstractSection}
${themeItems.length ? section('Themes', `<ul class="themes">${themeItems.join('')}</ul>`) : ''}
${sourceItems.length ? section('Sources', `<ul class="sources">${sourceItems.join('')}</ul>`) : ''}
${paper.note ? section('Note', paragraphs(paper.note)) : ''}
</main>
<script nonce="${page.nonce}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}

/** The page shown when the panel's work has left the library (its bibliography file changed, say). */
export function renderMissingPaperHtml(key: string, page: DetailsPageResources): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${page.cspSource}; script-src 'nonce-${page.nonce}'; img-src ${page.cspSource};">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>${text(key)}</title>
</head>
<body data-key="${escapeHtml(key)}">
<h1><code>${text(key)}</code></h1>
<p class="empty">This work is no longer in the library.</p>
<script nonce="${page.nonce}" src="${escapeHtml(page.scriptUri)}"></script>
</body>
</html>`;
}

function section(heading: string, body: string, note?: string): string {
  const aside = note ? `<p class="note">${text(note)}</p>` : '';
  return `<section><h2>${text(heading)}</h2>${aside}${body}</section>`;
}

function paragraphs(value: string): string {
  return value.split(/\n\s*\n/).map((part) => plainText(part)).filter(Boolean).map((part) => `<p>${escapeHtml(part)}</p>`).join('');
}

/** A link only for http(s) addresses; anything else (a file name, "seed-listing.txt") stays text. */
function link(href: string | undefined, label: string): string {
  const safe = href === undefined ? undefined : safeHttpUrl(href);
  return safe ? `<a href="${escapeHtml(safe)}">${text(label)}</a>` : text(label);
}

function button(action: string, label: string, title?: string): string {
  return `<button type="button" data-action="${action}"${title ? ` title="${text(title)}"` : ''}>${text(label)}</button>`;
}
