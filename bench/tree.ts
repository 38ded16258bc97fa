// The Papers view's work on a large library, without VS Code: sorting the works into reference-list order (once per
// change of the library), grouping them for each grouping, and filtering by a search, each run in 8 ms slices as the
// view runs them, and, for comparison, at once (one block of the extension host, as the view did before). The sort
// is timed twice: on the host, as for a file loaded without its order, and as the view runs it for a file the parse
// worker sorted (merging the corpus into the file's order).
import { GROUP_BY_OPTIONS, GroupBy, groupPapers, groupSortedSteps, sortPapersSteps } from '../src/core/grouping';
import { Library } from '../src/core/library';
import { referenceOrder, rememberReferenceOrder, sortPartsSteps } from '../src/core/referenceOrder';
import { filterPapersSteps } from '../src/core/paperFilter';
import { PaperSearch } from '../src/core/search/paperSearch';
import { runInSlices, Steps } from '../src/core/search/steps';

export interface SlicedFigures {
  ms: number;
  longestSliceMs: number;
}

export interface TreeFigures {
  /** The generated library's size; `works` adds the corpus. */
  size: number;
  works: number;
  sort: SlicedFigures;
  /** The sort the view runs when the parse worker sorted the file: the corpus merged in; and the worker's sort. */
  merge: SlicedFigures & { workerSortMs: number };
  /** Grouping the sorted works, by each grouping; `atOnceMs`: sorting and grouping in one block, as before. */
  groupings: (SlicedFigures & { groupBy: GroupBy; groups: number; atOnceMs: number })[];
  /**
   * A filter: the search for every match (one block, `searchMs`), then keeping and grouping the matches by theme in
   * slices; the longest slice is the one holding the search.
   */
  filters: (SlicedFigures & { query: string; matches: number; searchMs: number })[];
}

/** A common word (most works match), a rarer one, and an author with a year. */
const FILTER_QUERIES = ['leadership', 'commissioning', 'smith 2019'];

async function sliced<T>(steps: Steps<T>): Promise<SlicedFigures & { value: T }> {
  let longestSliceMs = 0;
  const start = performance.now();
  const value = await runInSlices(steps, { sliceMs: 8, onSlice: (ms) => (longestSliceMs = Math.max(longestSliceMs, ms)) });
  return { value, ms: performance.now() - start, longestSliceMs };
}

export async function benchTree(library: Library, size: number, log: (line: string) => void): Promise<TreeFigures> {
  const papers = library.papers();
  const { value: sorted, ...sort } = await sliced(sortPapersSteps(papers));
  log(`  tree: sorted ${papers.length} works in ${sort.ms.toFixed(0)} ms of slices (longest ${sort.longestSliceMs.toFixed(1)} ms)`);
  // As the parse worker sorts a file's works (at once, off the host), and the view then merges the library's lists.
  const parts = library.sortParts();
  const largest = parts.reduce((a, b) => (b.works.length > a.works.length ? b : a));
  const workerStart = performance.now();
  rememberReferenceOrder(largest.works, referenceOrder(largest.works));
  const workerSortMs = performance.now() - workerStart;
  const works = library.works();
  const { value: merged, ...mergeFigures } = await sliced(sortPartsSteps(parts, works));
  if (merged.length !== sorted.length || merged.some((position, i) => works.at(position) !== sorted.at(i))) throw new Error('The merged order is not the sorted one');
  const merge = { ...mergeFigures, workerSortMs };
  log(`  tree: merged the corpus into the file's order in ${merge.ms.toFixed(1)} ms of slices (longest ${merge.longestSliceMs.toFixed(1)} ms); the worker's sort ${workerSortMs.toFixed(0)} ms`);
  const groupings: TreeFigures['groupings'] = [];
  for (const { id: groupBy } of GROUP_BY_OPTIONS) {
    const { value: groups, ...figures } = await sliced(groupSortedSteps(sorted, library.themes, groupBy));
    const start = performance.now();
    groupPapers(papers, library.themes, groupBy);
    groupings.push({ groupBy, groups: groups.length, ...figures, atOnceMs: performance.now() - start });
  }
  log(`  tree: grouped (${groupings.map((g) => `${g.groupBy} ${g.ms.toFixed(0)} ms, longest slice ${g.longestSliceMs.toFixed(1)}`).join('; ')})`);

  const search = await PaperSearch.build(papers, library.themes);
  const filters: TreeFigures['filters'] = [];
  for (const query of FILTER_QUERIES) {
    // The filter's first step runs this search, a block of its own: timed here on its own the first time the query
    // is searched, and again within the filter's longest slice.
    const start = performance.now();
    search.search(query, papers.length);
    const searchMs = performance.now() - start;
    const filtered = await sliced(filterPapersSteps(sorted, query, search));
    const grouped = await sliced(groupSortedSteps(filtered.value, library.themes, 'theme'));
    filters.push({
      query, matches: filtered.value.length, searchMs,
      ms: filtered.ms + grouped.ms, longestSliceMs: Math.max(filtered.longestSliceMs, grouped.longestSliceMs),
    });
  }
  log(`  tree: filters (${filters.map((f) => `"${f.query}" ${f.matches} works, search ${f.searchMs.toFixed(1)} ms`).join('; ')})`);
  return { size, works: papers.length, sort, merge, groupings, filters };
}
