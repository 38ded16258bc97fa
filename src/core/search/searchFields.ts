// The searchable text of a work, already folded by normalizeText: what the index tokenises and fuse.js ranks.
import { Paper, Person, Theme } from '../model';
import { normalizeText, splitCamelCase } from './normalize';

export interface SearchFields {
  title: string;
  /** One entry per person, authors then editors, so a name late in a long list counts like the first. */
  authors: string[];
  /** The key as written, and split at camelCase so "ClinicalLeadership2019" is found by "leadership". */
  key: string;
  venue: string[];
  themes: string[];
  abstract: string;
}

/**
 * Relative weights of the fields, in the spirit of issue 5: title, then people, then key, venue and themes, then
 * abstract. The key weighs no more than a venue: its words mostly repeat the author, year and title, and a short
 * field already counts more in fuse.js (its field-length norm), so "leadership" in a key would outrank a title.
 */
export const FIELD_WEIGHTS = { title: 4, authors: 3, key: 1, venue: 1, themes: 1, abstract: 0.5 } as const;

export type ThemeLabels = ReadonlyMap<string, string>;

export function themeLabels(themes: readonly Theme[]): ThemeLabels {
  return new Map(themes.map((theme) => [theme.id, theme.label]));
}

export function personName(person: Person): string {
  return [person.given, person.family, person.literal].filter(Boolean).join(' ');
}

/** The fields of a work, folded; the abstract only if asked for (search shows fuse.js an excerpt of it instead). */
export function searchFields(paper: Paper, labels: ThemeLabels, withAbstract = true): SearchFields {
  const people = paper.editors ? [...(paper.authors ?? []), ...paper.editors] : (paper.authors ?? []);
  const split = splitCamelCase(paper.key);
  const venue: string[] = [];
  if (paper.venue) venue.push(normalizeText(paper.venue));
  if (paper.publisher) venue.push(normalizeText(paper.publisher));
  return {
    title: normalizeText(paper.subtitle ? `${paper.title}: ${paper.subtitle}` : paper.title),
    authors: people.map((person) => normalizeText(personName(person))),
    key: normalizeText(split === paper.key ? paper.key : `${paper.key} ${split}`),
    venue,
    themes: paper.themes.map((id) => normalizeText(labels.get(id) ?? id)),
    abstract: withAbstract && paper.abstract ? normalizeText(paper.abstract.text) : '',
  };
}
