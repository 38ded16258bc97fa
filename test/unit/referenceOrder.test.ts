import * as assert from 'assert';
import { sortPapers } from '../../src/core/grouping';
import { Paper } from '../../src/core/model';
import {
  keptOrder, referenceOrder, referenceOrderOf, rememberReferenceOrder, SortPart, sortPartsSteps,
} from '../../src/core/referenceOrder';
import { runToCompletion } from '../../src/core/search/steps';
import { WorkList, workListOf } from '../../src/core/workList';
import { stepped } from './support/stepped';

const FAMILIES = ['Smith', 'smith', 'Ádams', 'Adams', 'Østergaard', 'Zhou', 'The King\'s Fund'];

/** Works with clashing authors, years and titles, so every part of the order is used; keys are unique. */
function works(count: number, prefix: string, seed = 1): Paper[] {
  return Array.from({ length: count }, (_, i) => {
    const n = (i * 7919 + seed * 104729) % 9973;
    return {
      key: `${prefix}${i}`,
      title: `Title ${n % 37}`,
      themes: [],
      origin: { kind: 'corpus' },
      ...(n % 11 ? { authors: [{ family: FAMILIES[n % FAMILIES.length] }] } : {}),
      ...(n % 13 ? { year: 1990 + (n % 30) } : {}),
    } as Paper;
  });
}

function sameWorks(actual: readonly Paper[], expected: readonly Paper[]): void {
  assert.strictEqual(actual.length, expected.length);
  actual.forEach((paper, i) => assert.strictEqual(paper, expected[i], `at ${i}: ${paper.key}, expected ${expected[i].key}`));
}

describe('reference-list order', () => {
  it('gives the positions of the works in the order sortPapers lists them', () => {
    const list = works(2000, 'w');
    const order = referenceOrder(list);
    sameWorks(Array.from(order, (i) => list[i]), sortPapers(list));
  });

  it('remembers an order only if it lists every position once', () => {
    const list = works(5, 'r');
    rememberReferenceOrder(list, Uint32Array.of(0, 1, 2, 3));
    rememberReferenceOrder(list, Uint32Array.of(0, 1, 2, 3, 3));
    rememberReferenceOrder(list, Uint32Array.of(0, 1, 2, 3, 5));
    assert.strictEqual(referenceOrderOf(list), undefined);
    rememberReferenceOrder(list, Uint32Array.of(4, 1, 2, 3, 0));
    assert.deepStrictEqual([...referenceOrderOf(list)!], [4, 1, 2, 3, 0]);
  });

  it('keeps the order of the works a filter keeps', () => {
    const list = works(300, 'k');
    const keep = (i: number) => i % 3 !== 1;
    const kept = list.filter((_, i) => keep(i));
    assert.deepStrictEqual([...keptOrder(referenceOrder(list), keep)], [...referenceOrder(kept)]);
  });
});

/** Parts for lists joined whole, one after another, and the list they join: sortPartsSteps's arguments. */
function joined(lists: readonly Paper[][]): [SortPart[], WorkList] {
  const parts: SortPart[] = [];
  let at = 0;
  for (const list of lists) {
    parts.push({ works: workListOf(list), places: at });
    at += list.length;
  }
  return [parts, workListOf(lists.flat())];
}

/** The merged list's works at the positions sortPartsSteps gives. */
function worksAt(merged: WorkList, positions: Uint32Array): Paper[] {
  return Array.from(positions, (position) => merged.at(position));
}

describe('sorting a library by its parts', () => {
  it('merges a few works into many, and many into many, as sorting them all together would', () => {
    const corpus = works(9, 'c', 2);
    const large = works(5000, 'l', 3);
    const other = works(3000, 'o', 4);
    rememberReferenceOrder(large, referenceOrder(large));
    rememberReferenceOrder(other, referenceOrder(other));
    for (const lists of [[corpus, large], [large, corpus], [corpus, large, other], [other, large]]) {
      const [parts, merged] = joined(lists);
      sameWorks(worksAt(merged, runToCompletion(sortPartsSteps(parts, merged))), sortPapers(lists.flat()));
    }
    // Many into many folds as it goes, a few hundred works a step.
    assert.ok(stepped(sortPartsSteps(...joined([other, large]))).yields > 20);
    // A few into many copies the many, 16,384 a step.
    const huge = works(40000, 'h', 9);
    rememberReferenceOrder(huge, referenceOrder(huge));
    assert.ok(stepped(sortPartsSteps(...joined([corpus, huge]))).yields >= 2);
  });

  it('leaves out the works a part has no place for, and sorts (and remembers) a list whose order it does not know', () => {
    const first = works(400, 'a', 5);
    const second = works(200, 'b', 6);
    // As the library merges a key defined twice: its first place takes its last form, its other places are left out.
    const replacement = { ...first[3], title: 'Replaced' };
    const merged = [...first.slice(0, 3), replacement, ...first.slice(4, 10), ...first.slice(11), ...second.slice(1)];
    const partOf = (list: readonly Paper[]): SortPart => ({ works: workListOf(list), places: Int32Array.from(list, (paper) => merged.indexOf(paper)) });
    const parts = [partOf(first), partOf(second), partOf([replacement])];
    assert.strictEqual(referenceOrderOf(second), undefined);
    const sorted = runToCompletion(sortPartsSteps(parts, workListOf(merged)));
    sameWorks(worksAt(workListOf(merged), sorted), sortPapers(merged));
    assert.deepStrictEqual([...referenceOrderOf(second)!], [...referenceOrder(second)]);
  });

  it('folds only a few of a large list\'s works to place a few others among them', () => {
    const large = works(20000, 'l', 7);
    const few = works(9, 'f', 8);
    // Counted through the one thing the sort reads of every work it folds: its title.
    let reads = 0;
    const counted = large.map((paper) => {
      const copy = { ...paper };
      Object.defineProperty(copy, 'title', { get: () => (reads++, paper.title), enumerable: true });
      return copy;
    });
    rememberReferenceOrder(counted, referenceOrder(large));
    const [parts, merged] = joined([few, counted]);
    const sorted = worksAt(merged, runToCompletion(sortPartsSteps(parts, merged)));
    assert.strictEqual(sorted.length, 20009);
    assert.ok(reads < 9 * 40, `${reads} titles read`);
    sameWorks(sorted.filter((paper) => few.includes(paper)), sortPapers(few));
  });
});
