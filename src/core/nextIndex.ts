/**
 * `text.indexOf(needle, position)` for positions that only grow, remembering the last answer: a scanner that asks
 * for the next `}` or backtick from each of many positions searches each stretch of the text once, not once per
 * position (which on a text without one is quadratic).
 */
export class NextIndex {
  private searchedFrom = -1;
  private found = -1;

  /** `none`: what from() gives when the needle does not occur (-1, as indexOf; or the text's length). */
  constructor(private readonly text: string, private readonly needle: string, private readonly none = -1) {}

  /** The index of the first occurrence at or after `position`, or `none`. */
  from(position: number): number {
    // The last search, from `searchedFrom`, found `found` (or nothing): that answers for any position in between.
    if (this.searchedFrom < 0 || position < this.searchedFrom || (this.found >= 0 && position > this.found)) {
      this.searchedFrom = position;
      this.found = this.text.indexOf(this.needle, position);
    }
    return this.found < 0 ? this.none : this.found;
  }
}
