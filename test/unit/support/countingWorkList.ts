import { Paper } from '../../../src/core/model';
import { WorkList } from '../../../src/core/workList';

/**
 * A list that stands for a packed one (PackedWorkList): keys and themes are cheap, and every work read whole (`at`),
 * which a packed list would decode, is counted.
 */
export class CountingWorkList implements WorkList {
  /** Calls of `at` so far. */
  reads = 0;

  constructor(private readonly papers: readonly Paper[]) {}

  get length(): number {
    return this.papers.length;
  }

  at(index: number): Paper {
    this.reads++;
    return this.papers[index];
  }

  keyAt(index: number): string {
    return this.papers[index].key;
  }

  themesAt(index: number): readonly string[] {
    return this.papers[index].themes;
  }

  isUserWork(index: number): boolean {
    return this.papers[index].origin.kind === 'user';
  }
}
