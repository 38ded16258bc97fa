// The merged library: the bundled corpus plus the works read from the user's bibliography files.
// A user's entry wins over a corpus work with the same key, and the clash is reported.
//
// A user file may hold 100k works, so nothing here goes over every work of the library on a change, nor makes one:
// each source is a WorkList (a large file's works stay packed until asked for) with a key index (filled by the parse
// client while it read the works, or here for a list that comes without one), a lookup asks the sources from the
// last to the first, and the merged list is the sources' lists joined, with only the keys that more than one place
// defines put right.
import { KeyIndex, keyIndexOf, rememberKeyIndex } from './keyIndex';
import { Listeners } from './listeners';
import { Paper, Theme, Corpus } from './model';
import { keptOrder, rememberReferenceOrder, SortPart } from './referenceOrder';
import { rememberWorkHashes, workHash, workHashesOf } from './search/workHashes';
import { JoinedWorkList, papersOf, Segment, WorkList, workListOf } from './workList';

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
 * What may come with a list of works, made where they were read, so the library need not go over them again: its
 * key index (of exactly that list) and each work's workHash in order.
 */
export interface KnownOfWorks {
  keys?: KeyIndex;
  hashes?: Float64Array;
  /** The works' reference-list order (referenceOrder), for the Papers view. */
  order?: Uint32Array;
}

/** Lists up to this long are hashed here for the search index's fingerprint when they come without hashes. */
const HASH_HERE_LIMIT = 2000;

interface Source {
  works: WorkList;
  index: KeyIndex;
}

interface Merged {
  works: JoinedWorkList;
  parts: SortPart[];
  papers?: Paper[];
}

export class Library {
  readonly themes: readonly Theme[];
  private readonly corpusPapers: readonly Paper[];
  private readonly userSources = new Map<string, WorkList>();
  private merged: Merged | undefined;
  private current: Source[] | undefined;
  private readonly changes = new Listeners();
  /** Keys two indexes share, by the pair (two large files are compared once, not on every change). */
  private readonly shared = new WeakMap<KeyIndex, WeakMap<KeyIndex, readonly string[]>>();

  constructor(corpus: Corpus) {
    this.themes = corpus.themes;
    this.corpusPapers = corpus.papers;
  }

  /**
   * Every work, corpus first, then user files in load order; one work per key (at its first place, in its last form).
   * The same list until the library changes.
   */
  works(): WorkList {
    this.merged ??= this.merge();
    return this.merged.works;
  }

  /**
   * works(), every work made: for small libraries and tests. A large library's works are made when asked for (about
   * half a second at 100k, and all of them held from then on), so callers that may meet one read works() instead.
   */
  papers(): readonly Paper[] {
    this.merged ??= this.merge();
    this.merged.papers ??= papersOf(this.merged.works);
    return this.merged.papers;
  }

  /**
   * works() as the lists it was joined from, for sorting (sortPartsSteps): each source's list with where its works
   * are in works(), then the works the merge put in others' places. A large file's list comes with the order its
   * parse gave it.
   */
  sortParts(): readonly SortPart[] {
    this.merged ??= this.merge();
    return this.merged.parts;
  }

  lookup(key: string): Paper | undefined {
    const found = this.definition(key);
    return found && this.sources()[found.source].works.at(found.position);
  }

  /** Whether any source defines the key: a lookup that makes no work. */
  has(key: string): boolean {
    return this.definition(key) !== undefined;
  }

  corpus(): readonly Paper[] {
    return this.corpusPapers;
  }

  theme(id: string): Theme | undefined {
    return this.themes.find((theme) => theme.id === id);
  }

  /** Replaces what one user file contributes. */
  setUserPapers(file: string, papers: WorkList | readonly Paper[], known: KnownOfWorks = {}): void {
    const works = workListOf(papers);
    // Remembered by this module's code: the caller may be in a bundle of its own, whose registries are its own.
    if (known.keys?.works === works) rememberKeyIndex(known.keys);
    if (known.hashes) rememberWorkHashes(works, known.hashes);
    if (known.order) rememberReferenceOrder(works, known.order);
    this.userSources.set(file, works);
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
      for (let i = 0; i < works.length; i++) {
        const key = works.keyAt(i);
        if (candidates.has(key) && !seen.has(key)) {
          seen.add(key);
          order.push(key);
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

  /** Where the key's last form is: the last source that defines it, and its last entry there. */
  private definition(key: string): { source: number; position: number } | undefined {
    const sources = this.sources();
    for (let source = sources.length - 1; source >= 0; source--) {
      const position = sources[source].index.position(key);
      if (position >= 0) return { source, position };
    }
    return undefined;
  }

  private sources(): Source[] {
    this.current ??= [workListOf(this.corpusPapers), ...this.userSources.values()].map((works) => ({ works, index: keyIndexOf(works) }));
    return this.current;
  }

  /** The sources' lists joined; a key defined in more than one place keeps its first place and its last form. */
  private merge(): Merged {
    const sources = this.sources();
    const repeated = this.clashingKeys();
    for (const { index } of sources) for (const key of index.repeatedKeys()) repeated.add(key);
    // Each repeated key's entries, by source and position: the first gives way to the key's last form (its source
    // and position), the others are left out.
    const edits = sources.map(() => new Map<number, { source: number; position: number } | null>());
    for (const key of repeated) {
      const winner = this.definition(key)!;
      let first = true;
      sources.forEach(({ index }, i) => {
        for (const position of index.positions(key)) {
          edits[i].set(position, first ? winner : null);
          first = false;
        }
      });
    }
    const hashes = sources.map(({ works }) => workHashesOf(works) ?? (works.length <= HASH_HERE_LIMIT ? hashHere(works) : undefined));
    const withHashes = hashes.every((list) => list !== undefined);
    const segments: Segment[] = [];
    const mergedHashes: Float64Array[] = [];
    const parts: SortPart[] = [];
    const replacements: Paper[] = [];
    const replacementPlaces: number[] = [];
    let length = 0;
    const join = (segment: Segment, from: number) => {
      segments.push(segment);
      if (withHashes) mergedHashes.push(hashes[from]!.subarray(segment.from, segment.from + segment.count));
      length += segment.count;
    };
    sources.forEach(({ works }, i) => {
      const edit = edits[i];
      if (!edit.size) {
        // A list with nothing to put right is joined whole: the usual case.
        parts.push({ works, places: length });
        join({ list: works, from: 0, count: works.length }, i);
        return;
      }
      // What the merge puts right is left out of the source's part, and the works put in their places sorted apart.
      const places = new Int32Array(works.length).fill(-1);
      const edited = [...edit.keys()].sort((a, b) => a - b);
      let from = 0;
      const keep = (end: number) => {
        for (let k = from; k < end; k++) places[k] = length + k - from;
        join({ list: works, from, count: end - from }, i);
      };
      for (const position of edited) {
        keep(position);
        from = position + 1;
        const replacement = edit.get(position);
        if (!replacement) continue;
        if (replacement.source === i && replacement.position === position) places[position] = length;
        else {
          replacements.push(sources[replacement.source].works.at(replacement.position));
          replacementPlaces.push(length);
        }
        join({ list: sources[replacement.source].works, from: replacement.position, count: 1 }, replacement.source);
      }
      keep(works.length);
      parts.push({ works, places });
    });
    const merged = new JoinedWorkList(segments);
    if (withHashes) {
      const all = new Float64Array(length);
      let at = 0;
      for (const list of mergedHashes) {
        all.set(list, at);
        at += list.length;
      }
      rememberWorkHashes(merged, all);
    }
    if (replacements.length) parts.push({ works: workListOf(replacements), places: Int32Array.from(replacementPlaces) });
    return { works: merged, parts };
  }

  /** Keys both indexes have, looked for from the smaller one. */
  private sharedKeys(a: KeyIndex, b: KeyIndex): readonly string[] {
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

function hashHere(works: WorkList): Float64Array {
  const hashes = Float64Array.from({ length: works.length }, (_, i) => workHash(works.at(i)));
  rememberWorkHashes(works, hashes);
  return hashes;
}

/**
 * `works` without those `drop` picks, for setUserPapers, with what is known of `works` (its work hashes and
 * reference-list order) carried over rather than made again over every work; the key index is made again (a few
 * milliseconds). `drop` is given each work's key, and its position to read more of the work by.
 */
export function withoutWorks(
  list: WorkList | readonly Paper[],
  drop: (key: string, position: number) => boolean,
  known: Pick<KnownOfWorks, 'hashes' | 'order'> = {},
): { works: WorkList } & Pick<KnownOfWorks, 'hashes' | 'order'> {
  const works = workListOf(list);
  const hashes = known.hashes?.length === works.length ? known.hashes : undefined;
  const order = known.order?.length === works.length ? known.order : undefined;
  const dropped = new Uint8Array(works.length);
  const segments: Segment[] = [];
  let from = 0;
  for (let i = 0; i < works.length; i++) {
    if (!drop(works.keyAt(i), i)) continue;
    dropped[i] = 1;
    segments.push({ list: works, from, count: i - from });
    from = i + 1;
  }
  if (!segments.length) return { works, hashes, order };
  segments.push({ list: works, from, count: works.length - from });
  const kept = (i: number) => !dropped[i];
  return {
    works: new JoinedWorkList(segments),
    hashes: hashes && hashes.filter((_, i) => kept(i)),
    order: order && keptOrder(order, kept),
  };
}
