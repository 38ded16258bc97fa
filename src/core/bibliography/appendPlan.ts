// The exact text to append to a bibliography file so it holds the given entries: only the entries whose key the file
// lacks, with the file's own line breaks, a blank line between entries, and a line break first when the file lacks
// a final one. Inserted at the end of the file, it leaves every existing byte as it was.
import { readBibtex } from '../bibtex/bibtexReader';
import { lineBreakOf } from './declarationEdit';

export interface EntryText {
  key: string;
  /** The whole entry, `@type{key, ...}`, with any line breaks. */
  text: string;
}

export interface AppendPlan {
  /** What to insert at the end of the file; empty when every key is present. */
  text: string;
  /** Keys the text adds, in order. */
  added: string[];
  /** Keys the file already holds. */
  present: string[];
}

/** The keys a BibTeX file defines, broken entries included (a second entry with their key would clash). */
export function keysInBibtex(text: string): Set<string> {
  const file = readBibtex(text);
  const keys = new Set(file.entries.map((entry) => entry.key));
  for (const problem of file.diagnostics) if (problem.key) keys.add(problem.key);
  return keys;
}

export interface AppendOptions {
  /** The line break for a file that has none yet (empty, or one line); otherwise the file's first one decides. */
  eol?: '\n' | '\r\n';
  /** The file's keys when already known (read off the main thread for a large file); else `current` is read. */
  existingKeys?: ReadonlySet<string>;
}

/** Plans an append. Keys compare exactly, as pandoc and biber compare them. */
export function planAppend(current: string, entries: readonly EntryText[], options: AppendOptions = {}): AppendPlan {
  const existing = options.existingKeys ?? (entries.length ? keysInBibtex(current) : new Set<string>());
  return planAppendAfter(endingOf(current, options.eol), entries, existing);
}

/** What an append needs to know of the file it follows: its line break, and how its text ends. */
export interface FileEnding {
  eol: '\n' | '\r\n';
  /** `empty`: nothing but white space; `text`: no final line break; `line`: one; `blank`: a blank line. */
  last: 'empty' | 'text' | 'line' | 'blank';
}

/**
 * How a file ends, from its text; for a file too large to read whole, from its first `head` and last `text`
 * characters (`nonEmpty`, since a tail of white space says nothing about the rest).
 */
export function endingOf(text: string, eol: '\n' | '\r\n' = '\n', head = text, nonEmpty = false): FileEnding {
  const lineBreak = lineBreakOf(head, eol);
  if (!nonEmpty && text.replace(/^\uFEFF/, '').trim() === '') return { eol: lineBreak, last: 'empty' };
  if (!text.endsWith('\n')) return { eol: lineBreak, last: 'text' };
  return { eol: lineBreak, last: /\n[ \t]*\r?\n$/.test(text) || /^[ \t]*\r?\n$/.test(text) ? 'blank' : 'line' };
}

/** The append for a file that ends as described and defines `existing`. */
export function planAppendAfter(ending: FileEnding, entries: readonly EntryText[], existing: ReadonlySet<string>): AppendPlan {
  const added: string[] = [];
  const present: string[] = [];
  const blocks: string[] = [];
  for (const entry of entries) {
    if (existing.has(entry.key)) {
      if (!present.includes(entry.key)) present.push(entry.key);
      continue;
    }
    if (added.includes(entry.key)) continue;
    added.push(entry.key);
    blocks.push(entry.text.trim().replace(/\r?\n/g, ending.eol));
  }
  if (!blocks.length) return { text: '', added, present };
  // End the last line, and leave one blank line before the first new entry.
  const separator = { empty: '', text: ending.eol + ending.eol, line: ending.eol, blank: '' }[ending.last];
  return { text: separator + blocks.join(ending.eol + ending.eol) + ending.eol, added, present };
}
