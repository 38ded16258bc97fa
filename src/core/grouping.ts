// Groups works for the Papers view: by theme (a work in two themes sits under both), year, venue, type or first
// author, each group with its works in reference-list order. Works whose grouping field is unknown get a group of
// their own, last, rather than a guessed place.
import { Paper, Theme, WORK_TYPES, WorkType } from './model';
import { firstAuthorName, typePluralName, venueName } from './paperLabels';
import { referenceOrderSteps } from './referenceOrder';
import { identityIds, runToCompletion, sortSteps, Steps } from './search/steps';

export type GroupBy = 'theme' | 'year' | 'venue' | 'type' | 'firstAuthor';

export const GROUP_BY_OPTIONS: readonly { id: GroupBy; label: string; detail: string }[] = [
  { id: 'theme', label: 'Theme', detail: 'A work in two themes appears under both.' },
  { id: 'year', label: 'Year', detail: 'Newest first.' },
  { id: 'venue', label: 'Venue', detail: 'Journal, or publisher for reports and books.' },
  { id: 'type', label: 'Type', detail: 'Article, report, book and so on.' },
  { id: 'firstAuthor', label: 'First author', detail: 'Family name of the first author.' },
];

export const DEFAULT_GROUP_BY: GroupBy = 'theme';

export function isGroupBy(value: unknown): value is GroupBy {
  return GROUP_BY_OPTIONS.some((option) => option.id === value);
}

export interface PaperGroup {
  /** Stable across rebuilds (the tree keeps expansion state by it), unique within one grouping. */
  id: string;
  label: string;
  /** A longer explanation, such as a theme's description. */
  tooltip?: string;
  papers: Paper[];
}

/** The group of user works that have no theme. */
export const USER_LIBRARY_GROUP_LABEL = 'Your library';

/** Made when first needed: making it loads ICU's collation data, 8 ms of loading the extension otherwise. */
let collator: Intl.Collator | undefined;

/** Works decorated, grouped or copied between two yields: well under a millisecond of work. */
const WORKS_PER_STEP = 256;

/** Groups the given works; groups with no work are left out, so a filtered tree shows only what matched. */
export function groupPapers(papers: readonly Paper[], themes: readonly Theme[], groupBy: GroupBy): PaperGroup[] {
  return runToCompletion(groupSortedSteps(runToCompletion(sortPapersSteps(papers)), themes, groupBy));
}

/** Reference-list order: first author, then year (unknown last), then title, ignoring case and accents. */
export function sortPapers(papers: readonly Paper[]): Paper[] {
  return runToCompletion(sortPapersSteps(papers));
}

/**
 * sortPapers in small steps: at 100,000 works, sorting takes about half a second, which the Papers view spends in
 * time slices rather than in one block of the extension host.
 */
export function* sortPapersSteps(papers: readonly Paper[]): Steps<Paper[]> {
  const order = yield* referenceOrderSteps(papers);
  return Array.from(order, (i) => papers[i]);
}

/** Groups works already in reference-list order (sortPapersSteps), keeping that order inside each group. */
export function* groupSortedSteps(sorted: readonly Paper[], themes: readonly Theme[], groupBy: GroupBy): Steps<PaperGroup[]> {
  switch (groupBy) {
    case 'theme':
      return yield* byTheme(sorted, themes);
    case 'year':
      return yield* byField(sorted, 'year', (paper) => paper.year, (year) => String(year), 'Unknown year', (a, b) => b - a);
    case 'venue':
      return yield* byField(sorted, 'venue', (paper) => venueName(paper), (venue) => venue, 'Unknown venue', compareNames,
        (venue) => venue.normalize('NFC').toLocaleLowerCase('en'));
    case 'type':
      return yield* byField(sorted, 'type', (paper) => paper.type, (type) => typePluralName(type), typePluralName(undefined),
        (a: WorkType, b: WorkType) => WORK_TYPES.indexOf(a) - WORK_TYPES.indexOf(b));
    case 'firstAuthor':
      return yield* byField(sorted, 'author', (paper) => firstAuthorName(paper), (name) => name, 'Unknown author', compareNames,
        (name) => name.normalize('NFC').toLocaleLowerCase('en'));
  }
}

function* byTheme(papers: readonly Paper[], themes: readonly Theme[]): Steps<PaperGroup[]> {
  const groups = new Map<string, PaperGroup>();
  for (const theme of themes) {
    groups.set(theme.id, { id: `theme:${theme.id}`, label: theme.label, tooltip: theme.description, papers: [] });
  }
  const userLibrary: PaperGroup = { id: 'theme:(user)', label: USER_LIBRARY_GROUP_LABEL,
    tooltip: 'Works from your bibliography files that match no theme.', papers: [] };
  const unthemed: PaperGroup = { id: 'theme:(none)', label: 'No theme', papers: [] };
  for (let i = 0; i < papers.length; i++) {
    const paper = papers[i];
    let placed = false;
    paper.themes.forEach((id, index) => {
      const group = groups.get(id);
      // A theme listed twice places the work once.
      if (group && paper.themes.indexOf(id) === index) {
        group.papers.push(paper);
        placed = true;
      }
    });
    if (!placed) (paper.origin.kind === 'user' ? userLibrary : unthemed).papers.push(paper);
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  return [...groups.values(), userLibrary, unthemed].filter((group) => group.papers.length > 0);
}

function* byField<T>(
  papers: readonly Paper[],
  prefix: string,
  valueOf: (paper: Paper) => T | undefined,
  labelOf: (value: T) => string,
  unknownLabel: string,
  compare: (a: T, b: T) => number,
  identity: (value: T) => unknown = (value) => value,
): Steps<PaperGroup[]> {
  const groups = new Map<unknown, { value: T; group: PaperGroup }>();
  // Each distinct value's identity, worked out once: 100,000 works have a few hundred venues and NFC plus a locale's
  // lower case costs microseconds a call.
  const identities = new Map<T, unknown>();
  const unknown: PaperGroup = { id: `${prefix}:(unknown)`, label: unknownLabel, papers: [] };
  for (let i = 0; i < papers.length; i++) {
    const paper = papers[i];
    const value = valueOf(paper);
    if (value === undefined) {
      unknown.papers.push(paper);
    } else {
      let id = identities.get(value);
      if (id === undefined) identities.set(value, (id = identity(value)));
      let entry = groups.get(id);
      if (!entry) {
        // The first spelling met names the group; later ones differing only in case join it.
        entry = { value, group: { id: `${prefix}:${String(id)}`, label: labelOf(value), papers: [] } };
        groups.set(id, entry);
      }
      entry.group.papers.push(paper);
    }
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  // Tens of thousands of groups (first authors) take a collator a while to order: sorted in steps too.
  const entries = [...groups.values()];
  const order = yield* sortSteps(identityIds(entries.length), (a, b) => compare(entries[a].value, entries[b].value));
  const known = Array.from(order, (i) => entries[i].group);
  return unknown.papers.length > 0 ? [...known, unknown] : known;
}

/** Alphabetical, ignoring case, accents and a leading "The ". */
function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { sensitivity: 'base', numeric: true });
  return collator.compare(a.replace(/^the\s+/i, ''), b.replace(/^the\s+/i, ''));
}

export interface CitationOccurrence {
  key: string;
  start: number;
  end: number;
}

export interface CitedWork {
  key: string;
  /** Where the key is cited, in document order. */
  occurrences: { start: number; end: number }[];
}

/** One entry per cited key, in order of first citation, with every place it is cited. */
export function groupCitationsByKey(occurrences: readonly CitationOccurrence[]): CitedWork[] {
  const ordered = [...occurrences].sort((a, b) => a.start - b.start);
  const byKey = new Map<string, CitedWork>();
  for (const { key, start, end } of ordered) {
    let work = byKey.get(key);
    if (!work) byKey.set(key, (work = { key, occurrences: [] }));
    work.occurrences.push({ start, end });
  }
  return [...byKey.values()];
}
