// Finds LaTeX citations in one forward pass. Every character is read a bounded number of times, and a failed
// parse never rewinds past text that could hold a citation, so the scan stays linear on any input.
// Skipped: `%` comments (not `\%`), verbatim-like environments, and inline `\verb`, `\lstinline`, `\mintinline`.
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

const INLINE_VERBATIM = new Set(['verb', 'lstinline', 'mintinline']);

/** Each command's name, plain and starred, as one shared string: citations hold these rather than fresh copies. */
const COMMAND_NAMES = new Map<string, { plain: string; starred: string }>(
  [...LATEX_CITE_COMMANDS, ...LATEX_MULTICITE_COMMANDS].map((name) => [name, { plain: name, starred: `${name}*` }]),
);

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

/** Every citation in a LaTeX document, in order, including unfinished ones (`\cite{smi` while typing). */
export function scanLatex(text: string): Citation[] {
  const citations: Citation[] = [];
  scan(text, citations, undefined);
  return citations;
}

/** Every key of a LaTeX document, in order: the scan of scanLatex without building citations. */
export function scanLatexKeys(text: string): KeyOccurrence[] {
  const keys: KeyOccurrence[] = [];
  scan(text, undefined, keys);
  return keys;
}

/** The main loop: collects citations, or only keys when `citations` is undefined. */
function scan(text: string, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
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
    // Every command the scanner acts on is short; a long run of letters is read past without copying it.
    const name = nameEnd - i <= 20 ? text.slice(i + 1, nameEnd) : '';
    if (name === 'begin') {
      i = skipVerbatimEnvironment(text, nameEnd);
    } else if (INLINE_VERBATIM.has(name)) {
      i = skipInlineVerbatim(text, nameEnd, name);
    } else if (LATEX_CITE_COMMANDS.has(name) || LATEX_MULTICITE_COMMANDS.has(name)) {
      i = parseCitation(text, i, nameEnd, name, citations, keys);
    } else {
      i = nameEnd;
    }
  }
}

/** True for commands the main loop must see itself; an argument scan stops before them instead of skipping them. */
function isStructuralCommand(name: string): boolean {
  return name === 'begin' || name === 'end' || INLINE_VERBATIM.has(name) || LATEX_CITE_COMMANDS.has(name) || LATEX_MULTICITE_COMMANDS.has(name);
}

/**
 * Reads a cite command's arguments from just after its name. Adds the citation to `citations` (or only its keys to
 * `keys`) and returns where the main loop resumes.
 */
function parseCitation(text: string, start: number, nameEnd: number, name: string, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined): number {
  const multi = LATEX_MULTICITE_COMMANDS.has(name);
  let i = nameEnd;
  const starred = text.charCodeAt(i) === STAR;
  if (starred) i++;
  const lists: KeyList[] = [];
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
      const groupKeys = citations ? undefined : keys;
      const listEnd = readKeyList(text, next + 1, groupKeys);
      groups++;
      if (citations) lists.push({ start: next + 1, end: listEnd, closed: listClosed, keys: listKeys ?? NO_KEYS });
      i = end = listClosed ? listEnd + 1 : listEnd;
      if (!listClosed || !multi) break;
      optionals = 0;
    } else {
      break;
    }
  }
  if (groups === 0) return Math.max(i, nameEnd);
  if (citations) {
    let all = lists[0].keys;
    if (lists.length > 1) {
      const merged: KeyOccurrence[] = [];
      for (const list of lists) for (const key of list.keys) merged.push(key);
      all = merged;
    }
    const names = COMMAND_NAMES.get(name)!;
    const command = starred ? names.starred : names.plain;
    citations.push({ form: 'latex', start, end, command, lists, keys: all });
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
        if (isStructuralCommand(text.slice(i + 1, nameEnd))) return -i;
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
let listKeys: KeyOccurrence[] | undefined;

/**
 * Reads keys from just after a `{` up to the closing `}` and returns the position where reading stopped. A key is a
 * run of characters other than white space and `,{}%\`. The list is left open (listClosed = false) at a blank line,
 * a `{` or `\`, the end of the text, or a second word without a comma between (`\cite{smi and the rest of a
 * sentence`), so an unfinished citation stays small. Keys go to `sink` when given, otherwise to `listKeys`.
 */
function readKeyList(text: string, contentStart: number, sink: KeyOccurrence[] | undefined): number {
  const n = text.length;
  listClosed = false;
  listKeys = undefined;
  let i = contentStart;
  let afterKey = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) {
      listClosed = true;
      return i;
    }
    if (c === COMMA) {
      afterKey = false;
      i++;
    } else if (c === NEWLINE) {
      if (isBlankLineAfter(text, i)) break;
      i++;
    } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
      i++;
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
        const key = { key: text.slice(keyStart, i), start: keyStart, end: i };
        if (sink) sink.push(key);
        else (listKeys ??= []).push(key);
      }
      afterKey = true;
    }
  }
  return i;
}

const NO_KEYS: readonly KeyOccurrence[] = Object.freeze([]);

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
  let j = i;
  while (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09) j++;
  if (text.charCodeAt(j) !== OPEN_BRACE) return i;
  // Environment names are short: look for the closing brace nearby only, so `\begin{` repeated stays linear.
  let close = j + 1;
  while (close < text.length && close - j <= 40 && text.charCodeAt(close) !== CLOSE_BRACE) close++;
  if (text.charCodeAt(close) !== CLOSE_BRACE) return i;
  const name = text.slice(j + 1, close);
  if (!LATEX_VERBATIM_ENVIRONMENTS.has(name)) return i;
  const endMarker = `\\end{${name}}`;
  const end = text.indexOf(endMarker, close + 1);
  return end < 0 ? text.length : end + endMarker.length;
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
