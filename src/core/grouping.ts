// Groups works for the Papers view: by theme (a work in two themes sits under both), year, venue, type or first
// author, each group with its works in reference-list order. Works whose grouping field is unknown get a group of
// their own, last, rather than a guessed place.
import { Paper, Theme, WORK_TYPES, WorkType } from './model';
import { firstAuthorName, typePluralName, venueName } from './paperLabels';
import { referenceOrderSteps } from './referenceOrder';
import { identityIds, runToCompletion, sortSteps, Steps } from './search/steps';
import { PickedWorkList, WorkList, papersOf, workListOf } from './workList';

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
  /** Picked from the sorted list rather than copied: a packed list's works stay packed until the tree lists them. */
  papers: WorkList;
}

/** The group of user works that have no theme. */
export const USER_LIBRARY_GROUP_LABEL = 'Your library';

/** Made when first needed: making it loads ICU's collation data, 8 ms of loading the extension otherwise. */
let collator: Intl.Collator | undefined;

/** Works decorated, grouped or copied between two yields: well under a millisecond of work. */
const WORKS_PER_STEP = 256;

/** Groups the given works; groups with no work are left out, so a filtered tree shows only what matched. */
export function groupPapers(papers: WorkList | readonly Paper[], themes: readonly Theme[], groupBy: GroupBy): PaperGroup[] {
  return runToCompletion(groupSortedSteps(runToCompletion(sortPapersSteps(papers)), themes, groupBy));
}

/** Reference-list order: first author, then year (unknown last), then title, ignoring case and accents. */
export function sortPapers(papers: WorkList | readonly Paper[]): Paper[] {
  return papersOf(runToCompletion(sortPapersSteps(papers)));
}

/**
 * The works in reference-list order, in small steps: at 100,000 works, sorting takes about half a second, which is
 * spent in time slices rather than in one block of the extension host.
 */
export function* sortPapersSteps(papers: WorkList | readonly Paper[]): Steps<WorkList> {
  const works = workListOf(papers);
  return new PickedWorkList(works, yield* referenceOrderSteps(works));
}

/** Groups works already in reference-list order (sortPapersSteps), keeping that order inside each group. */
export function* groupSortedSteps(sorted: WorkList, themes: readonly Theme[], groupBy: GroupBy): Steps<PaperGroup[]> {
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

/** A group while its works are gathered: their positions in the sorted list. */
interface Gathering {
  group: Omit<PaperGroup, 'papers'>;
  positions: number[];
}

function gathering(id: string, label: string, tooltip?: string): Gathering {
  return { group: { id, label, tooltip }, positions: [] };
}

/** The gathered groups that hold a work, each over its works of `sorted`. */
function groupsOf(sorted: WorkList, gathered: readonly Gathering[]): PaperGroup[] {
  return gathered.filter(({ positions }) => positions.length > 0)
    .map(({ group, positions }) => ({ ...group, papers: new PickedWorkList(sorted, Uint32Array.from(positions)) }));
}

/** Reads only each work's themes and whether it is the user's: the default grouping makes no work at start-up. */
function* byTheme(works: WorkList, themes: readonly Theme[]): Steps<PaperGroup[]> {
  const groups = new Map<string, Gathering>();
  for (const theme of themes) groups.set(theme.id, gathering(`theme:${theme.id}`, theme.label, theme.description));
  const userLibrary = gathering('theme:(user)', USER_LIBRARY_GROUP_LABEL, 'Works from your bibliography files that match no theme.');
  const unthemed = gathering('theme:(none)', 'No theme');
  for (let i = 0; i < works.length; i++) {
    const ids = works.themesAt(i);
    let placed = false;
    ids.forEach((id, index) => {
      const group = groups.get(id);
      // A theme listed twice places the work once.
      if (group && ids.indexOf(id) === index) {
        group.positions.push(i);
        placed = true;
      }
    });
    if (!placed) (works.isUserWork(i) ? userLibrary : unthemed).positions.push(i);
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  return groupsOf(works, [...groups.values(), userLibrary, unthemed]);
}

function* byField<T>(
  works: WorkList,
  prefix: string,
  valueOf: (paper: Paper) => T | undefined,
  labelOf: (value: T) => string,
  unknownLabel: string,
  compare: (a: T, b: T) => number,
  identity: (value: T) => unknown = (value) => value,
): Steps<PaperGroup[]> {
  const groups = new Map<unknown, { value: T; gathering: Gathering }>();
  // Each distinct value's identity, worked out once: 100,000 works have a few hundred venues and NFC plus a locale's
  // lower case costs microseconds a call.
  const identities = new Map<T, unknown>();
  const unknown = gathering(`${prefix}:(unknown)`, unknownLabel);
  for (let i = 0; i < works.length; i++) {
    // The field is read off the work itself, so this makes every work of a packed list: a grouping the user chose,
    // where grouping by theme (the default) makes none.
    const value = valueOf(works.at(i));
    if (value === undefined) {
      unknown.positions.push(i);
    } else {
      let id = identities.get(value);
      if (id === undefined) identities.set(value, (id = identity(value)));
      let entry = groups.get(id);
      if (!entry) {
        // The first spelling met names the group; later ones differing only in case join it.
        entry = { value, gathering: gathering(`${prefix}:${String(id)}`, labelOf(value)) };
        groups.set(id, entry);
      }
      entry.gathering.positions.push(i);
    }
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  // Tens of thousands of groups (first authors) take a collator a while to order: sorted in steps too.
  const entries = [...groups.values()];
  const order = yield* sortSteps(identityIds(entries.length), (a, b) => compare(entries[a].value, entries[b].value));
  return groupsOf(works, [...Array.from(order, (i) => entries[i].gathering), unknown]);
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
