// Finds LaTeX citations in one forward pass. Every character is read a bounded number of times, and a failed
// parse never rewinds past text that could hold a citation, so the scan stays linear on any input.
// Skipped: `%` comments (not `\%`), verbatim-like environments, and inline `\verb`, `\lstinline`, `\mintinline`.
import { isBlank } from './isBlank';
import { Citation, KeyList, KeyOccurrence } from './types';

/** Commands whose mandatory argument is a list of keys: natbib, biblatex, apacite and the LaTeX kernel. */
export const LATEX_CITE_COMMANDS: ReadonlySet<string> = new Set([
  // LaTeX kernel and natbib
  'cite', 'nocite', 'citet', 'citep', 'citealt', 'citealp', 'citeauthor', 'citefullauthor', 'citeyear', 'citeyearpar',
  'citenum', 'citetalias', 'citepalias', 'Citet', 'Citep', 'Citealt', 'Citealp', 'Citeauthor',
  // biblatex
  'Cite', 'parencite', 'Parencite', 'footcite', 'Footcite', 'footcitetext', 'Footcitetext', 'textcite', 'Textcite',
  'smartcite', 'Smartcite', 'supercite', 'autocite', 'Autocite', 'citetitle', 'Citetitle', 'citedate', 'citeurl',
  'fullcite', 'footfullcite', 'notecite', 'Notecite', 'pnotecite', 'Pnotecite', 'fnotecite', 'brackcite', 'Brackcite',
  'citeA', 'citeNP', 'citeyearNP', 'shortcite', 'shortciteNP', 'fullciteNP', 'citeauthorNP',
]);

/** biblatex multicite commands: `\cites(pre)(post)[pre][post]{a}[pre][post]{b}…`. */
export const LATEX_MULTICITE_COMMANDS: ReadonlySet<string> = new Set([
  'cites', 'Cites', 'parencites', 'Parencites', 'footcites', 'Footcites', 'footcitetexts', 'Footcitetexts',
  'smartcites', 'Smartcites', 'textcites', 'Textcites', 'supercites', 'autocites', 'Autocites',
]);

/** Environments whose content LaTeX does not read as commands. */
export const LATEX_VERBATIM_ENVIRONMENTS: ReadonlySet<string> = new Set([
  'verbatim', 'verbatim*', 'Verbatim', 'Verbatim*', 'BVerbatim', 'LVerbatim', 'lstlisting', 'minted', 'comment',
  'filecontents', 'filecontents*',
]);

const CITE = 1;
const MULTICITE = 2;
const BEGIN = 3;
const END = 4;
const INLINE_VERBATIM = 5;

/** A command the scanner acts on; `name` and `starred` are shared by every citation that uses the command. */
interface Command {
  name: string;
  starred: string;
  kind: number;
}

/**
 * The commands the scanner acts on, by name length and first letter: a name is recognised in place, so the scan
 * copies no command name out of the text.
 */
const COMMANDS = new Map<number, Command[]>();
const commandBucket = (length: number, first: number) => length * 128 + first;
for (const [names, kind] of [
  [LATEX_CITE_COMMANDS, CITE], [LATEX_MULTICITE_COMMANDS, MULTICITE], [['begin'], BEGIN], [['end'], END],
  [['verb', 'lstinline', 'mintinline'], INLINE_VERBATIM],
] as const) {
  for (const name of names) {
    const bucket = commandBucket(name.length, name.charCodeAt(0));
    const commands = COMMANDS.get(bucket) ?? [];
    commands.push({ name, starred: `${name}*`, kind });
    COMMANDS.set(bucket, commands);
  }
}

/** The command named by text[start, end) (ASCII letters), when the scanner acts on it. */
function commandAt(text: string, start: number, end: number): Command | undefined {
  const commands = COMMANDS.get(commandBucket(end - start, text.charCodeAt(start)));
  if (commands) for (const command of commands) if (text.startsWith(command.name, start)) return command;
  return undefined;
}

const BACKSLASH = 0x5c;
const PERCENT = 0x25;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const COMMA = 0x2c;
const STAR = 0x2a;

/** What a scan collects: citations, keys only, or nothing but what `locate` records about one offset. */
const BUILD = 0;
const KEYS = 1;
const LOCATE = 2;

/** Every citation in a LaTeX document, in order, including unfinished ones (`\cite{smi` while typing). */
export function scanLatex(text: string): Citation[] {
  const citations: Citation[] = [];
  scan(text, 0, text.length, BUILD, citations, undefined);
  return citations;
}

/** Every key of a LaTeX document, in order: the scan of scanLatex without building citations. */
export function scanLatexKeys(text: string): KeyOccurrence[] {
  const keys: KeyOccurrence[] = [];
  scan(text, 0, text.length, KEYS, undefined, keys);
  return keys;
}

/** The citation holding `offset` (both ends included), as scanLatex reports it. Reads only the text near it. */
export function latexCitationAt(text: string, offset: number): Citation | undefined {
  if (!locate(text, offset) || found.citationEnd < offset) return undefined;
  const citations: Citation[] = [];
  parseCitation(text, found.citationStart, found.nameEnd, found.command!, BUILD, citations, undefined);
  return citations[0];
}

/** The key whose range holds `offset` (both ends included), as scanLatexKeys reports it. Reads only the text near it. */
export function latexKeyAt(text: string, offset: number): KeyOccurrence | undefined {
  if (!locate(text, offset) || found.keyStart < 0) return undefined;
  return { key: text.slice(found.keyStart, found.keyEnd), start: found.keyStart, end: found.keyEnd };
}

/**
 * The bounds of the key group holding `offset` (both ends included), of the citation holding it, without building
 * the citation: what completion needs. Reads only the text near the offset.
 */
export function latexListAt(text: string, offset: number): { start: number; end: number } | undefined {
  if (!locate(text, offset) || found.listStart < 0) return undefined;
  return { start: found.listStart, end: found.listEnd };
}

/**
 * For insertion: the span of the citation holding `offset` (both ends included), its key group holding the offset
 * and its last key group, with their keys; its other groups are not built. Reads only the text near the offset.
 */
export function latexGroupsAt(text: string, offset: number): { start: number; end: number; list?: KeyList; last: KeyList } | undefined {
  if (!locate(text, offset) || found.citationEnd < offset) return undefined;
  const { citationStart: start, citationEnd: end, listStart, lastListStart } = found;
  return { start, end, list: listStart >= 0 ? keyListAt(text, listStart) : undefined, last: keyListAt(text, lastListStart) };
}

/** The key group whose content starts at `start` (just after its `{`). */
function keyListAt(text: string, start: number): KeyList {
  const end = readKeyList(text, start, BUILD, undefined);
  return { start, end, closed: listClosed, keys: listKeys };
}

/** What the last `locate` found about its offset; -1 where it found nothing. */
const found = {
  offset: -1,
  /** The last citation starting at or before the offset, which holds it when `citationEnd >= offset`. */
  citationStart: -1,
  citationEnd: -1,
  nameEnd: -1,
  command: undefined as Command | undefined,
  /** The key group of that citation holding the offset. */
  listStart: -1,
  listEnd: -1,
  /** The last key group of that citation. */
  lastListStart: -1,
  /** The key holding the offset. */
  keyStart: -1,
  keyEnd: -1,
};

/**
 * Scans, without building anything, from a restart point before `offset` (see restartPoint) to the last command that
 * starts at or before it, and records in `found` the citation, key group and key there. False for an offset outside
 * the text.
 */
function locate(text: string, offset: number): boolean {
  if (offset < 0 || offset > text.length) return false;
  found.offset = offset;
  found.citationStart = found.citationEnd = found.nameEnd = found.listStart = found.listEnd = found.lastListStart = found.keyStart = found.keyEnd = -1;
  found.command = undefined;
  scan(text, restartPoint(text, offset), offset, LOCATE, undefined, undefined);
  return true;
}

/**
 * The main loop, from `from` until a command would start after `last`: collects citations (BUILD), keys (KEYS) or
 * what `locate` needs (LOCATE).
 */
function scan(text: string, from: number, last: number, mode: number, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined): void {
  const n = text.length;
  let i = from;
  while (i < n && i <= last) {
    const c = text.charCodeAt(i);
    if (c !== BACKSLASH && c !== PERCENT) {
      i++;
      continue;
    }
    if (c === PERCENT) {
      i = lineEnd(text, i);
      continue;
    }
    const nameEnd = readCommandName(text, i + 1);
    if (nameEnd === i + 1) {
      i += 2; // `\%`, `\\`, `\{`: an escaped character, never a comment or a command
      continue;
    }
    const command = commandAt(text, i + 1, nameEnd);
    if (!command || command.kind === END) {
      i = nameEnd;
    } else if (command.kind === BEGIN) {
      i = skipVerbatimEnvironment(text, nameEnd);
    } else if (command.kind === INLINE_VERBATIM) {
      i = skipInlineVerbatim(text, nameEnd, command.name);
    } else {
      i = parseCitation(text, i, nameEnd, command, mode, citations, keys);
    }
  }
}

/**
 * A position at or before `offset` where the main loop, run from the start of the text, passes in its ground state:
 * the start of a paragraph that no argument reaches into and no verbatim environment covers. A scan from there reads
 * what a scan from the start reads. Arguments and key groups end at a blank line, unless the line before it ends in a
 * `%` comment (which swallows its line end) or a backslash (which escapes it): such a blank line is passed over.
 */
function restartPoint(text: string, offset: number): number {
  let limit = offset;
  // Inside a verbatim environment, the paragraph before it will do; after a second one, the start of the text does
  // (a scan that builds nothing is cheap), which keeps a text of many unclosed environments linear.
  for (let attempt = 0; attempt < 2; attempt++) {
    const start = paragraphStartBefore(text, limit);
    if (start === 0) return 0;
    const begin = openVerbatimBefore(text, start);
    if (begin < 0) return start;
    limit = begin;
  }
  return 0;
}

/** The last line start at or before `limit` that follows a blank line no argument crosses, or 0. */
function paragraphStartBefore(text: string, limit: number): number {
  let lineStart = text.lastIndexOf('\n', limit - 1) + 1;
  while (lineStart > 0) {
    const blankStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    if (isBlank(text, blankStart, lineStart - 1)) {
      if (blankStart === 0) return lineStart;
      const before = blankStart - 1;
      if (endsCleanly(text, text.lastIndexOf('\n', before - 1) + 1, before)) return lineStart;
    }
    lineStart = blankStart;
  }
  return 0;
}

/** True when the line text[start, end) holds no `%` at all and does not end in a backslash. */
function endsCleanly(text: string, start: number, end: number): boolean {
  let last = end - 1;
  if (last >= start && text.charCodeAt(last) === 0x0d) last--;
  if (last >= start && text.charCodeAt(last) === BACKSLASH) return false;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === PERCENT) return false;
  return true;
}

/**
 * A `\begin{…}` of a verbatim-like environment before `position` that may still be open there, or -1. For each
 * environment name only the last `\begin` before the position matters: if the first `\end` after it comes before
 * the position, every earlier one of that name closed before it too. Read as plain text (a `\begin` in a comment
 * counts), which can only make the answer more cautious.
 */
function openVerbatimBefore(text: string, position: number): number {
  const seen = new Set<string>();
  let begin = text.lastIndexOf('\\begin', position - 1);
  while (begin >= 0 && seen.size < LATEX_VERBATIM_ENVIRONMENTS.size) {
    const environment = environmentAt(text, begin + 6);
    if (environment && LATEX_VERBATIM_ENVIRONMENTS.has(environment.name) && !seen.has(environment.name)) {
      seen.add(environment.name);
      const end = text.indexOf(environment.endMarker, environment.close + 1);
      if (end < 0 || end + environment.endMarker.length > position) return begin;
    }
    begin = begin > 0 ? text.lastIndexOf('\\begin', begin - 1) : -1;
  }
  return -1;
}

/**
 * Reads a cite command's arguments from just after its name. Adds the citation to `citations` (BUILD), its keys to
 * `keys` (KEYS), or records it in `found` (LOCATE); returns where the main loop resumes.
 */
function parseCitation(
  text: string, start: number, nameEnd: number, command: Command, mode: number, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined,
): number {
  const multi = command.kind === MULTICITE;
  let i = nameEnd;
  const starred = text.charCodeAt(i) === STAR;
  if (starred) i++;
  // Most citations have one key group: it is kept apart, and an array of groups is made only for a second one.
  let first: KeyList | undefined;
  let lists: KeyList[] | undefined;
  let listStart = -1;
  let listEnd = -1;
  let lastListStart = -1;
  let groups = 0;
  let optionals = 0;
  let parens = 0;
  let end = i;
  for (;;) {
    const next = skipSpaceBetweenArguments(text, i);
    if (next < 0) break;
    const c = text.charCodeAt(next);
    if (c === OPEN_PAREN && multi && groups === 0 && optionals === 0 && parens < 2) {
      const close = skipDelimitedArgument(text, next, CLOSE_PAREN);
      if (close < 0) {
        i = -close;
        break;
      }
      parens++;
      i = close + 1;
    } else if (c === OPEN_BRACKET && optionals < 2 && (multi || groups === 0)) {
      const close = skipDelimitedArgument(text, next, CLOSE_BRACKET);
      if (close < 0) {
        i = -close;
        break;
      }
      optionals++;
      i = close + 1;
    } else if (c === OPEN_BRACE) {
      const groupEnd = readKeyList(text, next + 1, mode, keys);
      groups++;
      lastListStart = next + 1;
      if (mode === BUILD) {
        const list: KeyList = { start: next + 1, end: groupEnd, closed: listClosed, keys: listKeys };
        if (!first) first = list;
        else (lists ??= [first]).push(list);
      } else if (mode === LOCATE && listStart < 0 && next + 1 <= found.offset && found.offset <= groupEnd) {
        listStart = next + 1;
        listEnd = groupEnd;
      }
      i = end = listClosed ? groupEnd + 1 : groupEnd;
      if (!listClosed || !multi) break;
      optionals = 0;
    } else {
      break;
    }
  }
  if (groups === 0) return Math.max(i, nameEnd);
  if (mode === BUILD) {
    let all = first!.keys;
    if (lists) {
      // Sized first: a multicite can hold hundreds of thousands of groups, and an array grown by push is copied as it grows.
      let count = 0;
      for (const list of lists) count += list.keys.length;
      const merged = new Array<KeyOccurrence>(count);
      let at = 0;
      for (const list of lists) for (const key of list.keys) merged[at++] = key;
      all = merged;
    }
    citations!.push({ form: 'latex', start, end, command: starred ? command.starred : command.name, lists: lists ?? [first!], keys: all });
  } else if (mode === LOCATE) {
    found.citationStart = start;
    found.citationEnd = end;
    found.nameEnd = nameEnd;
    found.command = command;
    found.listStart = listStart;
    found.listEnd = listEnd;
    found.lastListStart = lastListStart;
  }
  // Arguments read after the last key group (a broken or dangling `[…]`) are not part of the citation, but the scan
  // resumes after them: they held no command the main loop needs.
  return i;
}

/**
 * Skips spaces, single line breaks and comments between a command and its arguments. Returns the position of the
 * next argument character, or -1 at a blank line or the end of the text (TeX ends the argument search at a `\par`).
 */
function skipSpaceBetweenArguments(text: string, i: number): number {
  const n = text.length;
  let newlines = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) {
      if (++newlines > 1) return -1;
      i++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
    } else if (c === PERCENT) {
      i = lineEnd(text, i) + 1;
      newlines = 0; // a comment swallows its line end, so the next line is not a blank one
    } else {
      return i;
    }
  }
  return -1;
}

/**
 * Skips an optional argument `[…]` or `(…)` starting at `open`, balancing braces. Returns the closing delimiter's
 * position, or the negated position where the scan must resume: a blank line, the end of the text, an unbalanced
 * `}`, or a command the main loop handles (a nested `\cite` is never swallowed by a broken argument).
 */
function skipDelimitedArgument(text: string, open: number, closer: number): number {
  const n = text.length;
  let depth = 0;
  let i = open + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === closer && depth === 0) return i;
    if (c === OPEN_BRACE) {
      depth++;
      i++;
    } else if (c === CLOSE_BRACE) {
      if (--depth < 0) return -i;
      i++;
    } else if (c === PERCENT) {
      i = lineEnd(text, i);
    } else if (c === NEWLINE) {
      if (isBlankLineAfter(text, i)) return -i;
      i++;
    } else if (c === BACKSLASH) {
      const nameEnd = readCommandName(text, i + 1);
      if (nameEnd === i + 1) {
        i += 2;
      } else {
        if (commandAt(text, i + 1, nameEnd)) return -i; // a command the main loop must see itself
        i = nameEnd;
      }
    } else {
      i++;
    }
  }
  return -n;
}

// What readKeyList found besides its end; module-level slots spare an object per key group on huge inputs.
let listClosed = false;
let listKeys: readonly KeyOccurrence[] = [];
/** The keys of the group being read (BUILD), copied out at its end to an array of exactly their number. */
const groupKeys: KeyOccurrence[] = [];
const NO_KEYS: readonly KeyOccurrence[] = Object.freeze([]);

/**
 * Reads keys from just after a `{` up to the closing `}` and returns the position where reading stopped. A key is a
 * run of characters other than white space and `,{}%\`. The list is left open (listClosed = false) at a blank line,
 * a `{` or `\`, the end of the text, or a second word without a comma between (`\cite{smi and the rest of a
 * sentence`), so an unfinished citation stays small. Keys go to `listKeys` (BUILD) or `sink` (KEYS); LOCATE only
 * records the key holding the offset.
 */
function readKeyList(text: string, contentStart: number, mode: number, sink: KeyOccurrence[] | undefined): number {
  const n = text.length;
  listClosed = false;
  groupKeys.length = 0;
  let i = contentStart;
  let afterKey = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) {
      listClosed = true;
      break;
    }
    if (c === COMMA) {
      afterKey = false;
      i++;
    } else if (c === NEWLINE) {
      if (isBlankLineAfter(text, i)) break;
      i++;
    } else if (c <= 0x20) {
      i++; // white space; other control characters too, which no key may hold (TeX rejects most of them)
    } else if (c === PERCENT) {
      i = lineEnd(text, i);
    } else if (c === OPEN_BRACE || c === BACKSLASH) {
      break;
    } else {
      if (afterKey) break;
      const keyStart = i;
      while (i < n && isKeyChar(text.charCodeAt(i))) i++;
      // `\nocite{*}` cites everything; `*` is not a key.
      if (i - keyStart !== 1 || text.charCodeAt(keyStart) !== STAR) {
        if (mode === LOCATE) {
          if (keyStart <= found.offset && found.offset <= i) {
            found.keyStart = keyStart;
            found.keyEnd = i;
          }
        } else {
          const key = { key: text.slice(keyStart, i), start: keyStart, end: i };
          if (mode === KEYS) sink!.push(key);
          else groupKeys.push(key);
        }
      }
      afterKey = true;
    }
  }
  listKeys = groupKeys.length === 0 ? NO_KEYS : groupKeys.slice();
  return i;
}

/** True for characters a LaTeX key may hold: anything but white space and `,{}%\`. */
export function isKeyChar(c: number): boolean {
  return !(c <= 0x20 || c === COMMA || c === OPEN_BRACE || c === CLOSE_BRACE || c === PERCENT || c === BACKSLASH);
}

/** True when the line after the newline at `i` holds only white space, that is, `i` ends a paragraph. */
function isBlankLineAfter(text: string, i: number): boolean {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === NEWLINE) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
    j++;
  }
  return false;
}

function readCommandName(text: string, i: number): number {
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) break;
    i++;
  }
  return i;
}

/** The position of the line break ending the line that holds `i`, or the text's length. */
function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

/** After `\begin`: when the environment is verbatim-like, the position after its `\end{…}`; otherwise `i`. */
function skipVerbatimEnvironment(text: string, i: number): number {
  const environment = environmentAt(text, i);
  if (!environment || !LATEX_VERBATIM_ENVIRONMENTS.has(environment.name)) return i;
  const end = text.indexOf(environment.endMarker, environment.close + 1);
  return end < 0 ? text.length : end + environment.endMarker.length;
}

/** The `{name}` after `\begin` (spaces and tabs allowed before it), with the position of its `}`. */
function environmentAt(text: string, i: number): { name: string; close: number; endMarker: string } | undefined {
  let j = i;
  while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
  if (text.charCodeAt(j) !== OPEN_BRACE) return undefined;
  // Environment names are short: look for the closing brace nearby only, so `\begin{` repeated stays linear.
  let close = j + 1;
  while (close < text.length && close - j <= 40 && text.charCodeAt(close) !== CLOSE_BRACE) close++;
  if (text.charCodeAt(close) !== CLOSE_BRACE) return undefined;
  const name = text.slice(j + 1, close);
  return { name, close, endMarker: `\\end{${name}}` };
}

/**
 * After `\verb`, `\lstinline` or `\mintinline`: the position after the inline code. The code ends at the delimiter
 * that opened it (or the `}` matching a `{`), and never runs past the end of its line.
 */
function skipInlineVerbatim(text: string, i: number, name: string): number {
  const n = text.length;
  if (name === 'verb' && text.charCodeAt(i) === STAR) i++;
  if (name === 'lstinline' && text.charCodeAt(i) === OPEN_BRACKET) i = skipWithinLine(text, i + 1, CLOSE_BRACKET);
  if (name === 'mintinline') {
    if (text.charCodeAt(i) === OPEN_BRACKET) i = skipWithinLine(text, i + 1, CLOSE_BRACKET);
    if (text.charCodeAt(i) === OPEN_BRACE) i = skipWithinLine(text, i + 1, CLOSE_BRACE);
  }
  if (i >= n) return n;
  const delimiter = text.charCodeAt(i);
  if (delimiter === NEWLINE || delimiter === 0x20) return i;
  if (delimiter === OPEN_BRACE && name !== 'verb') {
    let depth = 0;
    let j = i + 1;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === NEWLINE) return j;
      if (c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACE && depth-- === 0) return j + 1;
    }
    return n;
  }
  return skipWithinLine(text, i + 1, delimiter);
}

/** The position after the first `closer` on this line, or the line's end when there is none. */
function skipWithinLine(text: string, i: number, closer: number): number {
  const n = text.length;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === closer) return i + 1;
    if (c === NEWLINE) return i;
  }
  return n;
}
