// A hash per work of what the search index holds of it, for the index snapshot's fingerprint. At 100k works,
// hashing them on the extension host's main thread would take a good part of a warm start, so the parse worker
// hashes the works it parses, and the hashes travel with the list of works (remembered beside it, not on each work:
// a property on 100k works cost more to add than the hashing it saves, and copies of works must not carry it).
import { Paper } from '../model';
import { WorkList, workListOf } from '../workList';

/**
 * A hash of what the index holds of a work: key, title, people, venue, themes, year, and the abstract's length and
 * every 8th character of it (hashing whole abstracts would cost more than it protects). Two FNV-1a hashes, 52 bits.
 */
export function workHash(paper: Paper): number {
  hashA = 0x811c9dc5;
  hashB = 0x01000193;
  mix(paper.key, 1);
  mix(paper.title, 1);
  mix(paper.subtitle, 1);
  mixPeople(paper.authors);
  mixPeople(paper.editors);
  mix(paper.venue, 1);
  mix(paper.publisher, 1);
  for (const theme of paper.themes) mix(theme, 1);
  mix(undefined, 1);
  mix(paper.year === undefined ? undefined : String(paper.year), 1);
  const abstract = paper.abstract?.text;
  mix(abstract === undefined ? undefined : String(abstract.length), 1);
  mix(abstract, 8);
  return (hashA >>> 0) * 2 ** 20 + ((hashB >>> 0) & 0xfffff);
}

// The two running hashes of workHash, at module level rather than in a closure made per work (the worker hashes
// every work it parses).
let hashA = 0;
let hashB = 0;

function mix(text: string | undefined, stride: number): void {
  let a = hashA;
  let b = hashB;
  if (text) {
    for (let i = 0; i < text.length; i += stride) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
  }
  // Every value ends with a code no UTF-16 unit has, so ("ab", "c") and ("a", "bc") differ.
  hashA = Math.imul(a ^ 0x10000, 0x01000193);
  hashB = Math.imul(b ^ 0x10000, 0x5bd1e995);
}

function mixPeople(people: Paper['authors']): void {
  if (people) {
    for (const person of people) {
      mix(person.given, 1);
      mix(person.family, 1);
      mix(person.literal, 1);
    }
  }
  mix(undefined, 1);
}

/** Hashes remembered with the lists they are of (a list is read only once made, so its hashes stay true). */
const remembered = new WeakMap<WorkList, Float64Array>();

/** Records `hashes`, which must be each work's workHash in order. */
export function rememberWorkHashes(papers: WorkList | readonly Paper[], hashes: Float64Array): void {
  if (hashes.length === papers.length) remembered.set(workListOf(papers), hashes);
}

export function workHashesOf(papers: WorkList | readonly Paper[]): Float64Array | undefined {
  const hashes = remembered.get(workListOf(papers));
  return hashes?.length === papers.length ? hashes : undefined;
}
