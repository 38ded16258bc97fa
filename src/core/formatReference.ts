// Formats a work as a reference-list entry in APA, Harvard or Vancouver through citation-js and the CSL styles that
// @citation-js/plugin-csl ships (apa: APA 7th edition; harvard1: Cite Them Right 12th edition; vancouver: NLM
// Citing Medicine). esbuild builds this file as its own bundle, dist/referenceFormatter.js, loaded on first use, so
// the CSL engine (about 680 KB minified, 0.2 s to load) never slows the extension's start.
import { plugins, type CSL, type CSLName } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { Paper, Person, WorkType } from './model';

export type ReferenceStyle = 'apa' | 'harvard' | 'vancouver';

export interface ReferenceStyleInfo {
  id: ReferenceStyle;
  label: string;
  description: string;
}

/** In the order the setting `nhsLibrary.reference.style` lists them. */
export const REFERENCE_STYLES: readonly ReferenceStyleInfo[] = [
  { id: 'apa', label: 'APA', description: 'APA 7th edition' },
  { id: 'harvard', label: 'Harvard', description: 'Cite Them Right 12th edition' },
  { id: 'vancouver', label: 'Vancouver', description: 'NLM Citing Medicine (ICMJE)' },
];

// APA is written in US English; Cite Them Right is British: single quotes, punctuation outside them.
const CSL_TEMPLATES: Record<ReferenceStyle, { template: string; lang: string; numbered: boolean }> = {
  apa: { template: 'apa', lang: 'en-US', numbered: false },
  harvard: { template: 'harvard1', lang: 'en-GB', numbered: false },
  vancouver: { template: 'vancouver', lang: 'en-US', numbered: true },
};

export function isReferenceStyle(value: unknown): value is ReferenceStyle {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CSL_TEMPLATES, value);
}

/** One work as a plain-text reference in the given style, without list numbering or a trailing newline. */
export function formatReference(paper: Paper, style: ReferenceStyle): string {
  const { template, lang, numbered } = CSL_TEMPLATES[style];
  ensureBritishLocale();
  const text: string = plugins.output.format('bibliography', [paperToCsl(paper)], { style: template, lang, format: 'text' });
  const reference = text.replace(/\s+/g, ' ').trim();
  // A numbered style prints "1. " before the only entry, which means nothing outside a reference list.
  return numbered ? reference.replace(/^\[?\d+[.\]]\s*/, '') : reference;
}

interface LocaleRegister {
  has(name: string): boolean;
  get(name: string): string;
  add(name: string, xml: string): void;
}

/**
 * plugin-csl ships no en-GB locale (only en-US and four others), and without one citeproc falls back to US quotes.
 * For author-year references the two differ only in quotation: British single quotes with punctuation outside them.
 */
function ensureBritishLocale(): void {
  const locales = (plugins.config.get('@csl') as { locales: LocaleRegister }).locales;
  if (locales.has('en-GB')) return;
  const quotes: Record<string, string> = { 'open-quote': '‘', 'close-quote': '’', 'open-inner-quote': '“', 'close-inner-quote': '”' };
  const british = locales.get('en-US')
    .replace('xml:lang="en-US"', 'xml:lang="en-GB"')
    .replace(/punctuation-in-quote="true"/, 'punctuation-in-quote="false"')
    .replace(/<term name="((?:open|close)(?:-inner)?-quote)">[^<]*<\/term>/g, (_match, name: string) => `<term name="${name}">${quotes[name]}</term>`);
  locales.add('en-GB', british);
}

const CSL_TYPES: Record<WorkType, CSL['type']> = {
  article: 'article-journal',
  report: 'report',
  book: 'book',
  chapter: 'chapter',
  thesis: 'thesis',
  conference: 'paper-conference',
  webpage: 'webpage',
  misc: 'document',
};

/** A work as CSL-JSON; fields we do not know stay out, so the style omits them rather than printing a guess. */
export function paperToCsl(paper: Paper): CSL {
  const item: CSL = {
    id: paper.key,
    type: paper.type ? CSL_TYPES[paper.type] : 'document',
    title: paper.subtitle ? `${paper.title}: ${paper.subtitle}` : paper.title,
  };
  if (paper.authors?.length) item.author = paper.authors.map(toCslName);
  if (paper.editors?.length) item.editor = paper.editors.map(toCslName);
  if (paper.year !== undefined) item.issued = { 'date-parts': [[paper.year]] };
  const optional: [keyof CSL, string | undefined][] = [
    ['container-title', paper.venue],
    ['publisher', paper.publisher],
    ['publisher-place', paper.address],
    ['volume', paper.volume],
    ['issue', paper.issue],
    ['page', paper.pages?.replace(/--/g, '–')],
    ['DOI', paper.doi],
    ['URL', paper.url],
    ['ISBN', paper.isbn],
  ];
  for (const [field, value] of optional) {
    if (value !== undefined && value.trim() !== '') (item as Record<string, unknown>)[field] = value;
  }
  return item;
}

function toCslName(person: Person): CSLName {
  if (person.literal) return { literal: person.literal };
  const name: CSLName = {};
  if (person.family) name.family = person.family;
  if (person.given) name.given = person.given;
  return name;
}
