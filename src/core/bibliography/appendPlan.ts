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
  const lineBreak = lineBreakOf(current, options.eol ?? '\n');
  const existing = options.existingKeys ?? (entries.length ? keysInBibtex(current) : new Set<string>());
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
    blocks.push(entry.text.trim().replace(/\r?\n/g, lineBreak));
  }
  if (!blocks.length) return { text: '', added, present };
  return { text: separatorAfter(current, lineBreak) + blocks.join(lineBreak + lineBreak) + lineBreak, added, present };
}

/** What ends the file's last line and leaves one blank line before the first new entry. */
function separatorAfter(current: string, lineBreak: string): string {
  if (current.replace(/^\uFEFF/, '').trim() === '') return '';
  if (!current.endsWith('\n')) return lineBreak + lineBreak;
  if (/\n[ \t]*\r?\n$/.test(current)) return '';
  return lineBreak;
}
