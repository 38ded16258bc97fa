// English words too common to narrow a search. They are not indexed in abstracts (where they would make up a third
// of all postings), and a finished query word that is one of them does not have to match.
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'after', 'against', 'all', 'also', 'an', 'and', 'any', 'are', 'as', 'at', 'be', 'been', 'being',
  'between', 'both', 'but', 'by', 'can', 'could', 'did', 'do', 'does', 'during', 'each', 'for', 'from', 'had', 'has',
  'have', 'how', 'if', 'in', 'into', 'is', 'it', 'its', 'may', 'more', 'most', 'no', 'not', 'of', 'on', 'or', 'other',
  'our', 'over', 'such', 'than', 'that', 'the', 'their', 'them', 'then', 'there', 'these', 'they', 'this', 'those',
  'through', 'to', 'under', 'up', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who', 'why',
  'will', 'with', 'within', 'would',
]);
