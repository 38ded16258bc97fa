// The shapes every part of the extension shares. A field that is absent is unknown: never fill it with a guess.

/** A person as BibTeX and CSL understand names; `literal` holds an organisation or an unsplittable name. */
export interface Person {
  family?: string;
  given?: string;
  literal?: string;
  /** "Jr.", "III": the third part of a BibTeX name ("Family, Jr., Given"). */
  suffix?: string;
}

export type WorkType = 'article' | 'report' | 'book' | 'chapter' | 'thesis' | 'conference' | 'webpage' | 'misc';

export const WORK_TYPES: readonly WorkType[] = ['article', 'report', 'book', 'chapter', 'thesis', 'conference', 'webpage', 'misc'];

export type AbstractKind = 'abstract' | 'excerpt';

export interface PaperAbstract {
  text: string;
  /** `excerpt` when the text is a passage of the work rather than its abstract proper. */
  kind: AbstractKind;
}

/** Where a work came from: the bundled corpus, or an entry in one of the user's bibliography files. */
export type PaperOrigin =
  | { kind: 'corpus' }
  /** `line` counts from 1, as editors and BibTeX tools show it. */
  | { kind: 'user'; file: string; line: number; entryType: string };

export interface Paper {
  key: string;
  /** Absent when unknown; written as @misc in BibTeX. */
  type?: WorkType;
  title: string;
  /** A subtitle kept apart where the source separates it (biblatex `subtitle`). */
  subtitle?: string;
  /** Absent when unknown; an empty list never stands for "unknown". */
  authors?: Person[];
  editors?: Person[];
  year?: number;
  /** The journal, or the book or proceedings that holds the work. */
  venue?: string;
  publisher?: string;
  address?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  doi?: string;
  url?: string;
  isbn?: string;
  abstract?: PaperAbstract;
  /** One sentence in our own words, written from the abstract; shown as ours, never as the authors'. */
  summary?: string;
  /** Theme ids. */
  themes: string[];
  /** Which source confirmed which fields, as "field,field" -> where. */
  sources?: Record<string, string>;
  note?: string;
  origin: PaperOrigin;
  /** Fields of a user's entry that have no place above, kept so the entry can be written back faithfully. */
  extraFields?: Record<string, string>;
}

export interface Theme {
  id: string;
  label: string;
  description: string;
  /** Words that place a user's own entries under this theme. */
  keywords: string[];
}

export interface Corpus {
  themes: Theme[];
  papers: Paper[];
}
