// The Papers view's filter: the same ranked search as citation insertion, applied to the whole library.
import { Paper } from './model';
import { runToCompletion, Steps } from './search/steps';
import { PickedWorkList, WorkList, papersOf, workListOf } from './workList';

/** What the filter needs of the search (PaperSearch satisfies it). */
export interface PaperSearcher {
  search(query: string, limit: number): Paper[];
  /**
   * Told when the search starts to answer from a newer index (SearchService.onDidChangeIndex): a large library is
   * searched with the previous index until its own is ready, so a filter set meanwhile is applied again then.
   */
  onDidChangeIndex?(listener: () => void): { dispose(): void };
}

/** A query worth filtering by: trimmed, inner whitespace collapsed; undefined when nothing is left. */
export function normaliseFilterQuery(query: string | undefined): string | undefined {
  const normalised = query?.replace(/\s+/g, ' ').trim();
  return normalised ? normalised : undefined;
}

/**
 * The works matching the query, all of them rather than the picker's first page, in the order of `papers` (the tree
 * passes them sorted, and groups them in that order). Without a query, every work.
 */
export function filterPapers(papers: WorkList | readonly Paper[], query: string | undefined, searcher: PaperSearcher): Paper[] {
  return papersOf(runToCompletion(filterPapersSteps(workListOf(papers), query, searcher)));
}

/** Works kept or passed over between two yields. */
const WORKS_PER_STEP = 1024;

/**
 * filterPapers in small steps, for the Papers view of a large library: the kept works picked from `works` by key, so
 * none is made. Without a query, `works` itself.
 */
export function* filterPapersSteps(works: WorkList, query: string | undefined, searcher: PaperSearcher): Steps<WorkList> {
  const normalised = normaliseFilterQuery(query);
  if (!normalised) return works;
  // The search is one call, a block of its own (5-45 ms at 100,000 works): a step to itself.
  const found = searcher.search(normalised, works.length);
  yield;
  const matched = new Set<string>();
  for (let i = 0; i < found.length; i++) {
    matched.add(found[i].key);
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  const kept: number[] = [];
  for (let i = 0; i < works.length; i++) {
    if (matched.has(works.keyAt(i))) kept.push(i);
    if (i % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
  }
  return new PickedWorkList(works, Uint32Array.from(kept));
}
