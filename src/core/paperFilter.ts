// The Papers view's filter: the same ranked search as citation insertion, applied to the whole library.
import { Paper } from './model';

/** What the filter needs of the search (PaperSearch satisfies it). */
export interface PaperSearcher {
  search(query: string, limit: number): Paper[];
}

/** A query worth filtering by: trimmed, inner whitespace collapsed; undefined when nothing is left. */
export function normaliseFilterQuery(query: string | undefined): string | undefined {
  const normalised = query?.replace(/\s+/g, ' ').trim();
  return normalised ? normalised : undefined;
}

/**
 * The works matching the query, all of them rather than the picker's first page, in library order (the tree sorts
 * them in its own groups). Without a query, every work.
 */
export function filterPapers(papers: readonly Paper[], query: string | undefined, searcher: PaperSearcher): Paper[] {
  const normalised = normaliseFilterQuery(query);
  if (!normalised) return [...papers];
  const matched = new Set(searcher.search(normalised, papers.length).map((paper) => paper.key));
  return papers.filter((paper) => matched.has(paper.key));
}
