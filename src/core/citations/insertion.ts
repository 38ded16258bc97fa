// Plans the edits that insert citation keys at one or more cursors: a new citation where there is none, or the
// keys added to the citation the cursor is in (no duplicates). Plain offsets in, plain edits out. Each target is
// planned from the text near it (see latexGroupsAt; pandocAt reads the paragraph of the target, after a line pass
// over the text before it), so a plan costs little in a long document.
import { isKeyChar, latexGroupsAt } from './latexScanner';
import { isBareKey, isPandocKey, pandocKeyText, readBareKey } from './pandocKey';
import { mayPrecedeCitation, pandocAt } from './pandocScanner';
import { CitationSyntax, KeyList, TextEdit } from './types';

export type PandocCitationStyle = 'bracketed' | 'inText';

export interface InsertionOptions {
  /** The LaTeX command for a new citation, such as `\citep`; anything not of the form `\name` or `\name*` falls back to `\cite`. */
  latexCommand?: string;
  /** `[@a; @b]` (default) or `@a; @b` for a new pandoc citation. */
  pandocStyle?: PandocCitationStyle;
}

/**
 * A cursor (an offset) or a selection. A selection outside a citation is replaced by the new citation; inside a key
 * list, its end counts as the cursor and nothing is replaced.
 */
export type InsertionTarget = number | { start: number; end: number };

export const DEFAULT_LATEX_CITE_COMMAND = '\\cite';

export function isValidLatexCiteCommand(command: string): boolean {
  return /^\\[A-Za-z]+\*?$/.test(command);
}

/** True when LaTeX can cite `key`: no white space, comma, brace, `%` or backslash. */
export function isLatexKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  return true;
}

/** True when a citation in `syntax` can name `key`, so that it reads back as that key (isLatexKey, isPandocKey). */
export function isCitableKey(key: string, syntax: CitationSyntax): boolean {
  return syntax === 'latex' ? isLatexKey(key) : isPandocKey(key);
}

/**
 * A new citation of `keys`, as it is inserted outside any citation. Keys the syntax cannot cite (see isCitableKey)
 * are left out; with none left, the result is empty.
 */
export function formatCitation(keys: readonly string[], syntax: CitationSyntax, options: InsertionOptions = {}): string {
  const citable = keys.filter((key) => isCitableKey(key, syntax));
  if (citable.length === 0) return '';
  if (syntax === 'latex') {
    const command = options.latexCommand && isValidLatexCiteCommand(options.latexCommand) ? options.latexCommand : DEFAULT_LATEX_CITE_COMMAND;
    return `${command}{${citable.join(',')}}`;
  }
  const list = pandocKeys(citable);
  return options.pandocStyle === 'inText' ? list : `[${list}]`;
}

/** `@a; @b`, each key bare or braced; the keys must be citable. */
function pandocKeys(keys: readonly string[]): string {
  return keys.map((key) => `@${pandocKeyText(key)!}`).join('; ');
}

/**
 * The edits that cite `keys` at each target, at most one per target, in target order and never overlapping.
 * - LaTeX, outside a citation: `\cite{k1,k2}` (the command from the options). Inside a key group of any cite command
 *   (or elsewhere inside the command, then its last group): the missing keys join that list next to the cursor's key.
 * - Pandoc, outside a citation: `[@k1; @k2]`, or `@k1; @k2` in-text. Inside a bracketed citation: `; @k` after the
 *   cursor's item (or `@k; ` before it when the cursor is at the item's start). On an in-text `@key`: the new
 *   citation follows the key. After a bare `@`, or inside empty brackets `[]`, the keys complete what is there.
 * Keys already in the list are skipped; a list extended once is not extended again by another cursor. Keys that
 * the syntax cannot cite are left out. A pandoc edit is spaced apart from a word or an `@` citation it would
 * otherwise run into, so every key reads back as written.
 */
export function planCitationInsertion(
  text: string,
  targets: readonly InsertionTarget[],
  keys: readonly string[],
  syntax: CitationSyntax,
  options: InsertionOptions = {},
): TextEdit[] {
  // A key the syntax cannot cite is left out (callers report it: see isCitableKey), never written so it reads wrong.
  const wanted = [...new Set(keys)].filter((key) => isCitableKey(key, syntax));
  if (wanted.length === 0) return [];
  const planner = syntax === 'latex' ? new LatexPlanner(text, wanted, options) : new PandocPlanner(text, wanted, options);
  const edits: TextEdit[] = [];
  for (const target of targets) {
    const range = typeof target === 'number' ? { start: target, end: target } : target;
    if (range.start < 0 || range.end > text.length || range.start > range.end) continue;
    const edit = planner.plan(range.start, range.end);
    if (edit && !edits.some((other) => overlaps(other, edit))) edits.push(edit);
  }
  return edits;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

abstract class Planner {
  /** Key lists extended already, by the offset of their content. */
  private readonly extended = new Set<number>();

  constructor(protected readonly text: string, protected readonly keys: readonly string[], protected readonly options: InsertionOptions) {}

  abstract plan(start: number, end: number): TextEdit | undefined;

  /** The keys the list lacks, or undefined when the list has all of them or another cursor already extended it. */
  protected missingFrom(list: KeyList): string[] | undefined {
    if (this.extended.has(list.start)) return undefined;
    this.extended.add(list.start);
    const present = new Set(list.keys.map((key) => key.key));
    const missing = this.keys.filter((key) => !present.has(key));
    return missing.length > 0 ? missing : undefined;
  }

  protected fresh(start: number, end: number, syntax: CitationSyntax): TextEdit {
    return { start, end, newText: formatCitation(this.keys, syntax, this.options) };
  }
}

class LatexPlanner extends Planner {
  plan(start: number, end: number): TextEdit | undefined {
    const citation = latexGroupsAt(this.text, start);
    if (citation && end <= citation.end) {
      if (citation.list && end <= citation.list.end) return this.addToList(citation.list, end);
      // On the command name or in its optional arguments: the keys join its last group.
      if (citation.start < start && start < citation.end) {
        const last = citation.last;
        return this.addToList(last, last.keys.length > 0 ? last.keys[last.keys.length - 1].end : last.end);
      }
    }
    return this.fresh(start, end, 'latex');
  }

  private addToList(list: KeyList, offset: number): TextEdit | undefined {
    const missing = this.missingFrom(list);
    if (!missing) return undefined;
    const separator = /,[ \t]/.test(this.text.slice(list.start, list.end)) ? ', ' : ',';
    const joined = missing.join(separator);
    const insert = (at: number, newText: string): TextEdit => ({ start: at, end: at, newText });
    const inside = list.keys.find((key) => key.start < offset && offset < key.end);
    if (inside) return insert(inside.end, separator + joined);
    const previous = [...list.keys].reverse().find((key) => key.end <= offset);
    const next = list.keys.find((key) => key.start >= offset);
    if (previous && !this.text.slice(previous.end, offset).includes(',')) return insert(previous.end, separator + joined);
    if (next && !this.text.slice(offset, next.start).includes(',')) return insert(next.start, joined + separator);
    return insert(offset, joined);
  }
}

class PandocPlanner extends Planner {
  plan(start: number, end: number): TextEdit | undefined {
    const { sign, citation } = pandocAt(this.text, start);
    if (citation?.form === 'bracketed') {
      const list = citation.lists[0];
      if (list.start <= start && end <= list.end) return this.addToBracket(list, end);
    } else if (citation?.form === 'inText' && citation.start < start && end <= citation.end) {
      const after = this.options.pandocStyle === 'inText' ? `; ${pandocKeys(this.keys)}` : ` ${formatCitation(this.keys, 'pandoc', this.options)}`;
      return this.separated({ start: citation.end, end: citation.end, newText: after });
    }
    if (start === end) {
      // `@|` or `[@|]`: the `@` is typed already.
      if (sign && sign.keyStart === start && sign.keyEnd === start && !sign.braced) return this.separated({ start, end, newText: pandocKeys(this.keys).slice(1) });
      if (this.insideEmptyBrackets(start)) return { start, end, newText: pandocKeys(this.keys) };
    }
    return this.separated(this.fresh(start, end, 'pandoc'));
  }

  /**
   * The edit, spaced apart from the text around it where that would change what pandoc reads: a `@` it starts with
   * glued to the word before (an e-mail address, as pandoc sees it), its last bare key running on into the text after
   * it (`@k1` before `il` would cite `k1il`), or a citation's `@` right after it (`[@k]@doe` cites `doe` no more).
   */
  private separated(edit: TextEdit): TextEdit {
    let newText = edit.newText;
    if (newText.startsWith('@') && !mayPrecedeCitation(this.text, edit.start)) newText = ` ${newText}`;
    const following = this.text.charCodeAt(edit.end);
    const citesAfter = following === 0x40 && mayPrecedeCitation(this.text, edit.end);
    const lastKey = newText.slice(newText.lastIndexOf('@') + 1);
    const runsOn = isBareKey(lastKey) && readBareKey(lastKey + this.text.slice(edit.end, edit.end + 3), 0) > lastKey.length;
    if (citesAfter || runsOn) newText = `${newText} `;
    return { start: edit.start, end: edit.end, newText };
  }

  private insideEmptyBrackets(offset: number): boolean {
    let before = offset;
    while (before > 0 && (this.text[before - 1] === ' ' || this.text[before - 1] === '\t')) before--;
    let after = offset;
    while (after < this.text.length && (this.text[after] === ' ' || this.text[after] === '\t')) after++;
    return this.text[before - 1] === '[' && this.text[after] === ']' && this.text[after + 1] !== '(';
  }

  private addToBracket(list: KeyList, offset: number): TextEdit | undefined {
    const missing = this.missingFrom(list);
    if (!missing) return undefined;
    const keys = pandocKeys(missing);
    // The item holding the cursor runs between the semicolons around it.
    const itemStart = Math.max(list.start, this.text.lastIndexOf(';', offset - 1) + 1);
    let itemEnd = this.text.indexOf(';', offset);
    if (itemEnd < 0 || itemEnd > list.end) itemEnd = list.end;
    let contentStart = itemStart;
    while (contentStart < itemEnd && /\s/.test(this.text[contentStart])) contentStart++;
    if (offset <= contentStart && contentStart < itemEnd) return { start: contentStart, end: contentStart, newText: `${keys}; ` };
    let contentEnd = itemEnd;
    while (contentEnd > itemStart && /\s/.test(this.text[contentEnd - 1])) contentEnd--;
    return { start: contentEnd, end: contentEnd, newText: `; ${keys}` };
  }
}

/**
 * Offsets, in the text after all `edits` are applied, just after each edit's new text: where each cursor goes. Edits
 * are applied as VS Code orders them: by start, and an insertion before a replacement that starts where it is.
 */
export function offsetsAfterEdits(edits: readonly TextEdit[]): number[] {
  return edits.map((edit) => {
    let shift = 0;
    for (const other of edits) if (other !== edit && comesBefore(other, edit)) shift += other.newText.length - (other.end - other.start);
    return edit.start + shift + edit.newText.length;
  });
}

function comesBefore(a: TextEdit, b: TextEdit): boolean {
  return a.start < b.start || (a.start === b.start && a.start === a.end && b.start < b.end);
}
