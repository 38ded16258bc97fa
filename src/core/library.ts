// The merged library: the bundled corpus plus the works read from the user's bibliography files.
// A user's entry wins over a corpus work with the same key, and the clash is reported.
import { Paper, Theme, Corpus } from './model';

export interface KeyClash {
  key: string;
  /** The user files that define the key, in the order they were loaded. */
  files: string[];
  inCorpus: boolean;
}

export interface Disposable {
  dispose(): void;
}

export class Library {
  readonly themes: readonly Theme[];
  private readonly corpusPapers: readonly Paper[];
  private readonly userSources = new Map<string, readonly Paper[]>();
  private merged: Paper[] | undefined;
  private byKey: Map<string, Paper> | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(corpus: Corpus) {
    this.themes = corpus.themes;
    this.corpusPapers = corpus.papers;
  }

  /** Every work, corpus first, then user files in load order; one work per key. */
  papers(): readonly Paper[] {
    this.ensureMerged();
    return this.merged!;
  }

  lookup(key: string): Paper | undefined {
    this.ensureMerged();
    return this.byKey!.get(key);
  }

  corpus(): readonly Paper[] {
    return this.corpusPapers;
  }

  theme(id: string): Theme | undefined {
    return this.themes.find((theme) => theme.id === id);
  }

  /** Replaces what one user file contributes. */
  setUserPapers(file: string, papers: readonly Paper[]): void {
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
    const corpusKeys = new Set(this.corpusPapers.map((paper) => paper.key));
    const files = new Map<string, string[]>();
    for (const [file, papers] of this.userSources) {
      for (const paper of papers) {
        const list = files.get(paper.key) ?? [];
        if (!list.includes(file)) list.push(file);
        files.set(paper.key, list);
      }
    }
    const clashes: KeyClash[] = [];
    for (const [key, list] of files) {
      const inCorpus = corpusKeys.has(key);
      if (inCorpus || list.length > 1) clashes.push({ key, files: list, inCorpus });
    }
    return clashes;
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    this.merged = undefined;
    this.byKey = undefined;
    for (const listener of [...this.listeners]) listener();
  }

  private ensureMerged(): void {
    if (this.merged) return;
    const byKey = new Map<string, Paper>();
    for (const paper of this.corpusPapers) byKey.set(paper.key, paper);
    for (const papers of this.userSources.values()) {
      for (const paper of papers) byKey.set(paper.key, paper);
    }
    this.byKey = byKey;
    this.merged = [...byKey.values()];
  }
}
