// Plans the edits that insert citation keys at one or more cursors: a new citation where there is none, or the
// keys added to the citation the cursor is in (no duplicates). Plain offsets in, plain edits out.
import { enclosingCitation } from './find';
import { isKeyChar, scanLatex } from './latexScanner';
import { pandocKeyText } from './pandocKey';
import { AtSign, scanPandoc } from './pandocScanner';
import { Citation, CitationSyntax, KeyList, TextEdit } from './types';

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

/** A new citation of `keys`, as it is inserted outside any citation. */
export function formatCitation(keys: readonly string[], syntax: CitationSyntax, options: InsertionOptions = {}): string {
  if (syntax === 'latex') {
    const command = options.latexCommand && isValidLatexCiteCommand(options.latexCommand) ? options.latexCommand : DEFAULT_LATEX_CITE_COMMAND;
    return `${command}{${keys.join(',')}}`;
  }
  const list = pandocKeys(keys);
  return options.pandocStyle === 'inText' ? list : `[${list}]`;
}

function pandocKeys(keys: readonly string[]): string {
  return keys.map((key) => `@${pandocKeyText(key)}`).join('; ');
}

/**
 * The edits that cite `keys` at each target, at most one per target, in target order and never overlapping.
 * - LaTeX, outside a citation: `\cite{k1,k2}` (the command from the options). Inside a key group of any cite command
 *   (or elsewhere inside the command, then its last group): the missing keys join that list next to the cursor's key.
 * - Pandoc, outside a citation: `[@k1; @k2]`, or `@k1; @k2` in-text. Inside a bracketed citation: `; @k` after the
 *   cursor's item (or `@k; ` before it when the cursor is at the item's start). On an in-text `@key`: the new
 *   citation follows the key. After a bare `@`, or inside empty brackets `[]`, the keys complete what is there.
 * Keys already in the list are skipped; a list extended once is not extended again by another cursor.
 */
export function planCitationInsertion(
  text: string,
  targets: readonly InsertionTarget[],
  keys: readonly string[],
  syntax: CitationSyntax,
  options: InsertionOptions = {},
): TextEdit[] {
  const wanted = [...new Set(keys)].filter((key) => (syntax === 'latex' ? isLatexKey(key) : key.length > 0));
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
  private readonly extended = new Set<KeyList>();

  constructor(protected readonly text: string, protected readonly keys: readonly string[], protected readonly options: InsertionOptions) {}

  abstract plan(start: number, end: number): TextEdit | undefined;

  /** The keys the list lacks, or undefined when the list has all of them or another cursor already extended it. */
  protected missingFrom(list: KeyList): string[] | undefined {
    if (this.extended.has(list)) return undefined;
    this.extended.add(list);
    const present = new Set(list.keys.map((key) => key.key));
    const missing = this.keys.filter((key) => !present.has(key));
    return missing.length > 0 ? missing : undefined;
  }

  protected fresh(start: number, end: number, syntax: CitationSyntax): TextEdit {
    return { start, end, newText: formatCitation(this.keys, syntax, this.options) };
  }
}

class LatexPlanner extends Planner {
  private readonly citations: Citation[];

  constructor(text: string, keys: readonly string[], options: InsertionOptions) {
    super(text, keys, options);
    this.citations = scanLatex(text);
  }

  plan(start: number, end: number): TextEdit | undefined {
    const citation = enclosingCitation(this.citations, start);
    if (citation && end <= citation.end) {
      const list = citation.lists.find((candidate) => candidate.start <= start && end <= candidate.end);
      if (list) return this.addToList(list, end);
      // On the command name or in its optional arguments: the keys join its last group.
      if (citation.start < start && start < citation.end) {
        const last = citation.lists[citation.lists.length - 1];
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
  private readonly citations: Citation[];
  private readonly atSigns: AtSign[];

  constructor(text: string, keys: readonly string[], options: InsertionOptions) {
    super(text, keys, options);
    const scan = scanPandoc(text, { atSigns: true });
    this.citations = scan.citations;
    this.atSigns = scan.atSigns;
  }

  plan(start: number, end: number): TextEdit | undefined {
    const citation = enclosingCitation(this.citations, start);
    if (citation?.form === 'bracketed') {
      const list = citation.lists[0];
      if (list.start <= start && end <= list.end) return this.addToBracket(list, end);
    } else if (citation?.form === 'inText' && citation.start < start && end <= citation.end) {
      const after = this.options.pandocStyle === 'inText' ? `; ${pandocKeys(this.keys)}` : ` ${formatCitation(this.keys, 'pandoc', this.options)}`;
      return { start: citation.end, end: citation.end, newText: after };
    }
    if (start === end) {
      // `@|` or `[@|]`: the `@` is typed already.
      const sign = this.atSigns.find((candidate) => candidate.keyStart === start && candidate.keyEnd === start && !candidate.braced);
      if (sign) return { start, end, newText: pandocKeys(this.keys).slice(1) };
      if (this.insideEmptyBrackets(start)) return { start, end, newText: pandocKeys(this.keys) };
    }
    const edit = this.fresh(start, end, 'pandoc');
    // An in-text citation glued to a word would read as an e-mail address.
    if (this.options.pandocStyle === 'inText' && start > 0 && !/[\s[;-]/.test(this.text[start - 1])) edit.newText = ` ${edit.newText}`;
    return edit;
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

/** Offsets, in the text after all `edits` are applied, just after each edit's new text: where each cursor goes. */
export function offsetsAfterEdits(edits: readonly TextEdit[]): number[] {
  return edits.map((edit) => {
    let shift = 0;
    for (const other of edits) if (other.start < edit.start) shift += other.newText.length - (other.end - other.start);
    return edit.start + shift + edit.newText.length;
  });
}
