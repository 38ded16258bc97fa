// The merged library: the bundled corpus plus the works read from the user's bibliography files.
// A user's entry wins over a corpus work with the same key, and the clash is reported.
//
// A user file may hold 100k works, so nothing here goes over every work of the library on a change: each source has
// a key index (filled by the parse client while it decoded the works, or here for a list that comes without one), a
// lookup asks the sources from the last to the first, and the merged list is the sources' lists joined, with only the
// keys that more than one place defines put right.
import { KeyIndex, keyIndexOf, rememberKeyIndex } from './keyIndex';
import { Listeners } from './listeners';
import { Paper, Theme, Corpus } from './model';
import { keptOrder, rememberReferenceOrder, SortPart } from './referenceOrder';
import { rememberWorkHashes, workHash, workHashesOf } from './search/workHashes';

export interface KeyClash {
  key: string;
  /** The user files that define the key, in the order they were loaded. */
  files: string[];
  inCorpus: boolean;
}

export interface Disposable {
  dispose(): void;
}

/**
 * What may come with a list of works, made where they were decoded, so the library need not go over them again: its
 * key index (of exactly that list) and each work's workHash in order.
 */
export interface KnownOfWorks {
  keys?: KeyIndex<Paper>;
  hashes?: Float64Array;
  /** The works' reference-list order (referenceOrder), for the Papers view. */
  order?: Uint32Array;
}

/** Lists up to this long are hashed here for the search index's fingerprint when they come without hashes. */
const HASH_HERE_LIMIT = 2000;

interface Source {
  works: readonly Paper[];
  index: KeyIndex<Paper>;
}

export class Library {
  readonly themes: readonly Theme[];
  private readonly corpusPapers: readonly Paper[];
  private readonly userSources = new Map<string, readonly Paper[]>();
  private merged: { papers: Paper[]; parts: SortPart[] } | undefined;
  private current: Source[] | undefined;
  private readonly changes = new Listeners();
  /** Keys two indexes share, by the pair (two large files are compared once, not on every change). */
  private readonly shared = new WeakMap<KeyIndex<Paper>, WeakMap<KeyIndex<Paper>, readonly string[]>>();

  constructor(corpus: Corpus) {
    this.themes = corpus.themes;
    this.corpusPapers = corpus.papers;
  }

  /** Every work, corpus first, then user files in load order; one work per key (at its first place, in its last form). */
  papers(): readonly Paper[] {
    this.merged ??= this.merge();
    return this.merged.papers;
  }

  /**
   * papers() as the lists it was joined from, for sorting (sortPartsSteps): each source's works less those the merge
   * put right, then the works it put in their place. A large file's list comes with the order its parse gave it.
   */
  sortParts(): readonly SortPart[] {
    this.merged ??= this.merge();
    return this.merged.parts;
  }

  lookup(key: string): Paper | undefined {
    const sources = this.sources();
    for (let i = sources.length - 1; i >= 0; i--) {
      const paper = sources[i].index.get(key);
      if (paper) return paper;
    }
    return undefined;
  }

  corpus(): readonly Paper[] {
    return this.corpusPapers;
  }

  theme(id: string): Theme | undefined {
    return this.themes.find((theme) => theme.id === id);
  }

  /** Replaces what one user file contributes. */
  setUserPapers(file: string, papers: readonly Paper[], known: KnownOfWorks = {}): void {
    // Remembered by this module's code: the caller may be in a bundle of its own, whose registries are its own.
    if (known.keys?.works === papers) rememberKeyIndex(known.keys);
    if (known.hashes) rememberWorkHashes(papers, known.hashes);
    if (known.order) rememberReferenceOrder(papers, known.order);
    this.userSources.set(file, papers);
    this.changed();
  }

  removeUserSource(file: string): void {
    if (this.userSources.delete(file)) this.changed();
  }

  userFiles(): string[] {
    return [...this.userSources.keys()];
  }

  /** Keys defined more than once: in the corpus and a user file, or in several user files. */
  clashes(): KeyClash[] {
    const [corpus, ...users] = this.sources();
    const files = [...this.userSources.keys()];
    const candidates = this.clashingKeys();
    if (!candidates.size) return [];
    // In the order the keys first appear in the files, as a reader of the files would meet them.
    const order: string[] = [];
    const seen = new Set<string>();
    for (const { works } of users) {
      for (const paper of works) {
        if (candidates.has(paper.key) && !seen.has(paper.key)) {
          seen.add(paper.key);
          order.push(paper.key);
        }
      }
    }
    return order.map((key) => ({
      key,
      files: files.filter((_, i) => users[i].index.has(key)),
      inCorpus: corpus.index.has(key),
    }));
  }

  /**
   * The keys that two or more sources (the corpus, the user files) define: those clashes() reports, as a new set in
   * no order, for a caller that only filters by key (clashes() walks every user work to order them, and makes a
   * report per key). Every pair of sources has a user file, so each of these keys is one a user file defines.
   */
  clashingKeys(): Set<string> {
    const sources = this.sources();
    const keys = new Set<string>();
    for (let i = 0; i < sources.length; i++) {
      for (let j = i + 1; j < sources.length; j++) for (const key of this.sharedKeys(sources[i].index, sources[j].index)) keys.add(key);
    }
    return keys;
  }

  onDidChange(listener: () => void): Disposable {
    return this.changes.add(listener);
  }

  private changed(): void {
    this.merged = undefined;
    this.current = undefined;
    this.changes.fire();
  }

  private sources(): Source[] {
    this.current ??= [this.corpusPapers, ...this.userSources.values()].map((works) => ({ works, index: keyIndexOf(works) }));
    return this.current;
  }

  /** The sources' lists joined; a key defined in more than one place keeps its first place and its last form. */
  private merge(): { papers: Paper[]; parts: SortPart[] } {
    const sources = this.sources();
    const repeated = this.clashingKeys();
    for (const { index } of sources) for (const key of index.repeatedKeys()) repeated.add(key);
    // Each repeated key's entries: the first gives way to the key's last form, the others are left out.
    const edits = sources.map(() => new Map<Paper, Paper | null>());
    for (const key of repeated) {
      const winner = this.lookup(key)!;
      let first = true;
      sources.forEach(({ index }, i) => {
        for (const entry of index.entries(key)) {
          if (!edits[i].has(entry)) edits[i].set(entry, first ? winner : null);
          first = false;
        }
      });
    }
    const hashes = sources.map(({ works }) => workHashesOf(works) ?? (works.length <= HASH_HERE_LIMIT ? hashHere(works) : undefined));
    const withHashes = hashes.every((list) => list !== undefined);
    const mergedHashes = new Float64Array(withHashes ? sources.reduce((total, { works }) => total + works.length, 0) : 0);
    let merged: Paper[] = [];
    const placed = new Set<string>();
    const parts: SortPart[] = [];
    const replacements: Paper[] = [];
    sources.forEach(({ works }, i) => {
      const edit = edits[i];
      const workHashes = hashes[i];
      // What the merge puts right is left out of the source's list: its edits are keyed by those works.
      parts.push(edit.size ? { works, skip: edit } : { works });
      if (!edit.size) {
        // A list with nothing to put right is joined whole: the usual case, and a copy at memory speed.
        if (withHashes) mergedHashes.set(workHashes!, merged.length);
        merged = merged.concat(works);
        return;
      }
      for (let k = 0; k < works.length; k++) {
        const paper = works[k];
        const replacement = edit.get(paper);
        if (replacement === undefined) {
          if (withHashes) mergedHashes[merged.length] = workHashes![k];
          merged.push(paper);
        } else if (replacement && !placed.has(paper.key)) {
          // The same work object twice in one list is placed once.
          placed.add(paper.key);
          if (withHashes) mergedHashes[merged.length] = replacement === paper ? workHashes![k] : workHash(replacement);
          merged.push(replacement);
          replacements.push(replacement);
        }
      }
    });
    if (withHashes) rememberWorkHashes(merged, mergedHashes.slice(0, merged.length));
    if (replacements.length) parts.push({ works: replacements });
    return { papers: merged, parts };
  }

  /** Keys both indexes have, looked for from the smaller one. */
  private sharedKeys(a: KeyIndex<Paper>, b: KeyIndex<Paper>): readonly string[] {
    const [small, large] = a.size <= b.size ? [a, b] : [b, a];
    let byLarge = this.shared.get(small);
    if (!byLarge) this.shared.set(small, (byLarge = new WeakMap()));
    let keys = byLarge.get(large);
    if (!keys) {
      const found: string[] = [];
      for (const key of small.keys()) if (large.has(key)) found.push(key);
      byLarge.set(large, (keys = found));
    }
    return keys;
  }
}

function hashHere(works: readonly Paper[]): Float64Array {
  const hashes = Float64Array.from(works, workHash);
  rememberWorkHashes(works, hashes);
  return hashes;
}

/**
 * `works` without those `drop` picks, for setUserPapers, with what is known of `works` (its work hashes and
 * reference-list order) carried over rather than made again over every work; the key index is made again (a few
 * milliseconds).
 */
export function withoutWorks(works: readonly Paper[], drop: (work: Paper) => boolean, known: Pick<KnownOfWorks, 'hashes' | 'order'> = {}): { works: readonly Paper[] } & Pick<KnownOfWorks, 'hashes' | 'order'> {
  const hashes = known.hashes?.length === works.length ? known.hashes : undefined;
  const order = known.order?.length === works.length ? known.order : undefined;
  const kept: Paper[] = [];
  const keptHashes: number[] = [];
  const dropped = new Uint8Array(works.length);
  works.forEach((work, i) => {
    if (drop(work)) {
      dropped[i] = 1;
      return;
    }
    kept.push(work);
    if (hashes) keptHashes.push(hashes[i]);
  });
  if (kept.length === works.length) return { works, hashes, order };
  return {
    works: kept,
    hashes: hashes && Float64Array.from(keptHashes),
    order: order && keptOrder(order, (i) => !dropped[i]),
  };
}
