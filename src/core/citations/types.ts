// The plain values the citation scanners produce. Offsets index the document's text; every `end` is exclusive.

/** LaTeX (`\cite{…}` and family) or pandoc (`[@key]`, `@key`) as used by Markdown, Quarto and R Markdown. */
export type CitationSyntax = 'latex' | 'pandoc';

/** One citation key as written in the text: `key` is `text.slice(start, end)` (for pandoc, without `@` or braces). */
export interface KeyOccurrence {
  key: string;
  start: number;
  end: number;
}

/**
 * A place that holds keys: the inside of a LaTeX key group `{a,b}`, or of a bracketed pandoc citation `[@a; @b]`.
 * `start`/`end` bound the content between the delimiters.
 */
export interface KeyList {
  start: number;
  end: number;
  /** False while the closing `}` or `]` is missing (typically while the user types); `end` is where reading stopped. */
  closed: boolean;
  keys: readonly KeyOccurrence[];
}

/**
 * One citation: a LaTeX cite command with its arguments, a bracketed pandoc citation, or an in-text `@key`.
 * `start`/`end` span all of it, from `\` or `[` or `@` to the last delimiter or key character.
 */
export interface Citation {
  form: 'latex' | 'bracketed' | 'inText';
  start: number;
  end: number;
  /** For LaTeX, the command name without the backslash, with `*` when starred: `parencite`, `citet*`. */
  command?: string;
  /** LaTeX: one per key group (several for multicites). Bracketed: the bracket's content. In-text: none. */
  lists: readonly KeyList[];
  /** Every key of the citation, in order. */
  keys: readonly KeyOccurrence[];
}

/** Where a completion applies: the text typed so far and the range a chosen key replaces. */
export interface CompletionContext {
  syntax: CitationSyntax;
  /** The partial key between the start of the key and the cursor. */
  prefix: string;
  replaceStart: number;
  replaceEnd: number;
  /** Pandoc only: the key is written inside `@{…}` braces, so any key can be inserted as is. */
  braced: boolean;
}

/** A replacement of `text.slice(start, end)` by `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
