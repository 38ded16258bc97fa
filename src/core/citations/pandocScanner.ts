// Finds pandoc citations (Markdown, Quarto, R Markdown) in linear time. A line pass sets aside YAML front matter
// and fenced code blocks and splits the rest into paragraphs; an inline pass over each paragraph skips code spans,
// HTML comments and backslash escapes, and reads `@key`, `@{key}` and bracketed `[…; @key]` citations.
// Not handled: indented code blocks (indistinguishable from list continuations without a full Markdown parse),
// raw HTML and math; a citation in those is reported.
import { isQuartoCrossRef, readBareKey } from './pandocKey';
import { Citation, KeyList, KeyOccurrence } from './types';

/** A `@` where a citation may start, whether or not a valid key follows it (for completion while typing). */
export interface AtSign {
  /** Offset of the `@`. */
  at: number;
  /** The key's range: after `@` (or inside `@{…}`); empty when no key follows yet. */
  keyStart: number;
  keyEnd: number;
  braced: boolean;
}

export interface PandocScan {
  citations: Citation[];
  /**
   * Every `@` outside code, comments and front matter that is placed where a citation can start, in order; empty
   * unless asked for.
   */
  atSigns: AtSign[];
}

const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const AT = 0x40;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** Scans a pandoc document; `@` signs are collected only when asked for (completion and insertion need them). */
export function scanPandoc(text: string, options: { atSigns?: boolean } = {}): PandocScan {
  const scan: PandocScan = { citations: [], atSigns: [] };
  scanParagraphs(text, scan, options.atSigns ? scan.atSigns : undefined, undefined);
  // Nested brackets report their citations when they close, after the keys of the bracket around them.
  if (!isSortedByStart(scan.citations)) scan.citations.sort((a, b) => a.start - b.start);
  return scan;
}

/** Every key of a pandoc document, in order: the scan of scanPandoc without building citations. */
export function scanPandocKeys(text: string): KeyOccurrence[] {
  const keys: KeyOccurrence[] = [];
  scanParagraphs(text, undefined, undefined, keys);
  return keys;
}

function scanParagraphs(text: string, scan: PandocScan | undefined, atSigns: AtSign[] | undefined, keys: KeyOccurrence[] | undefined): void {
  const finders = { comments: new CommentFinder(text), backticks: new NextIndex(text, '`') };
  let resumeAt = 0;
  for (const [start, end] of paragraphs(text)) {
    if (end <= resumeAt) continue;
    resumeAt = scanInline(text, Math.max(start, resumeAt), end, finders, scan, atSigns, keys);
  }
}

function isSortedByStart(items: readonly { start: number }[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i - 1].start > items[i].start) return false;
  return true;
}

/** Where a `@` may start a citation: at a line's start, or after white space, `[`, `;` or `-` (as in `[-@doe]`). */
function mayPrecedeCitation(text: string, at: number): boolean {
  if (at === 0) return true;
  const c = text.charCodeAt(at - 1);
  return c === NEWLINE || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x5b || c === 0x3b || c === 0x2d || c === 0xa0;
}

/**
 * The paragraphs outside front matter and fenced code: maximal runs of non-blank lines, as [start, end) offsets.
 * A fence opens with three or more backticks or tildes (any indentation, so fences in list items count) and closes
 * with a run of the same character at least as long; an unclosed fence runs to the end, as in pandoc.
 */
function* paragraphs(text: string): Generator<[number, number]> {
  const n = text.length;
  let i = frontMatterEnd(text);
  let paragraphStart = -1;
  let paragraphEnd = -1;
  let fence: { char: number; length: number } | undefined;
  while (i < n) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = n;
    if (fence) {
      const run = fenceRun(text, i, lineEnd);
      if (run && run.char === fence.char && run.length >= fence.length && isBlank(text, run.end, lineEnd)) fence = undefined;
    } else if (isBlank(text, i, lineEnd)) {
      if (paragraphStart >= 0) yield [paragraphStart, paragraphEnd];
      paragraphStart = -1;
    } else {
      const run = fenceRun(text, i, lineEnd);
      if (run && run.length >= 3 && (run.char === TILDE || !contains(text, run.end, lineEnd, BACKTICK))) {
        if (paragraphStart >= 0) yield [paragraphStart, paragraphEnd];
        paragraphStart = -1;
        fence = { char: run.char, length: run.length };
      } else {
        if (paragraphStart < 0) paragraphStart = i;
        paragraphEnd = lineEnd;
      }
    }
    i = lineEnd + 1;
  }
  if (paragraphStart >= 0) yield [paragraphStart, paragraphEnd];
}

/** A run of backticks or tildes after the line's indentation. */
function fenceRun(text: string, lineStart: number, lineEnd: number): { char: number; length: number; end: number } | undefined {
  let i = lineStart;
  while (i < lineEnd && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  const char = text.charCodeAt(i);
  if (char !== BACKTICK && char !== TILDE) return undefined;
  let j = i;
  while (j < lineEnd && text.charCodeAt(j) === char) j++;
  return j - i >= 3 ? { char, length: j - i, end: j } : undefined;
}

function contains(text: string, start: number, end: number, char: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === char) return true;
  return false;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return true;
}

/**
 * The end of YAML front matter: a `---` line at the very top, not followed by a blank line, up to a closing `---` or
 * `...` line. Without a closing line there is no front matter (pandoc reads a thematic break).
 */
function frontMatterEnd(text: string): number {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', start)) return 0;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd < 0 || !isBlank(text, start + 3, lineEnd)) return 0;
  let i = lineEnd + 1;
  let first = true;
  while (i < text.length) {
    lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0) lineEnd = text.length;
    if (first && isBlank(text, i, lineEnd)) return 0;
    first = false;
    if ((text.startsWith('---', i) || text.startsWith('...', i)) && isBlank(text, i + 3, lineEnd)) return Math.min(lineEnd + 1, text.length);
    i = lineEnd + 1;
  }
  return 0;
}

/** Finds `-->` after a `<!--`, remembering a failed search so that many unclosed openers stay linear. */
class CommentFinder {
  private noCloseFrom = Infinity;
  constructor(private readonly text: string) {}

  /** The position after the comment's `-->`, or -1 when it is never closed (then it is literal text). */
  end(open: number): number {
    if (open >= this.noCloseFrom) return -1;
    const close = this.text.indexOf('-->', open + 4);
    if (close < 0) {
      this.noCloseFrom = open;
      return -1;
    }
    return close + 3;
  }
}

const EMPTY_LISTS: readonly KeyList[] = Object.freeze([]);

/** Characters the inline pass stops at: `\\`, backtick, `<`, `@`, `[`, `]`. */
const INLINE_STOP = new Uint8Array(128);
for (const c of '\\`<@[]') INLINE_STOP[c.charCodeAt(0)] = 1;

/**
 * Reads citations in text[start, end) of one paragraph. Returns where the next paragraph's scan may begin: after an
 * HTML comment that runs past this paragraph, otherwise `end`.
 */
function scanInline(
  text: string, start: number, end: number, finders: { comments: CommentFinder; backticks: NextIndex },
  scan: PandocScan | undefined, atSigns: AtSign[] | undefined, keysOnly: KeyOccurrence[] | undefined,
): number {
  const codeSpans = new CodeSpanMatcher(text, start, end, finders.backticks);
  const comments = finders.comments;
  // Open brackets, innermost last, with the keys read directly inside each (created with the first key).
  const bracketOpen: number[] = [];
  const bracketKeys: (KeyOccurrence[] | undefined)[] = [];
  let i = start;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128 || INLINE_STOP[c] === 0) {
      i++;
    } else if (c === 0x5c) {
      i += 2; // a backslash escape: `\@`, `\[`, `` \` `` are literal
    } else if (c === BACKTICK) {
      i = codeSpans.skip(i);
    } else if (c === 0x3c) {
      const close = text.startsWith('<!--', i) ? comments.end(i) : -1;
      if (close > end) {
        if (scan) flushBrackets(text, bracketKeys, scan);
        return close;
      }
      i = close >= 0 ? close : i + 1;
    } else if (keysOnly && c !== AT) {
      i++; // brackets only group keys into citations
    } else if (c === 0x5b) {
      bracketOpen.push(i);
      bracketKeys.push(undefined);
      i++;
    } else if (c === 0x5d) {
      if (bracketOpen.length > 0) {
        const open = bracketOpen.pop()!;
        const keys = bracketKeys.pop();
        if (keys) scan!.citations.push({ form: 'bracketed', start: open, end: i + 1, lists: [{ start: open + 1, end: i, closed: true, keys }], keys });
      }
      i++;
    } else {
      const next = readAtSign(text, i, end, atSigns);
      if (next < 0) {
        i++;
        continue;
      }
      const key = lastKey;
      if (key && keysOnly) {
        keysOnly.push(key);
      } else if (key) {
        const innermost = bracketKeys.length - 1;
        if (innermost >= 0) (bracketKeys[innermost] ??= []).push(key);
        else scan!.citations.push(inTextCitation(text, key));
      }
      i = next;
    }
  }
  if (scan) flushBrackets(text, bracketKeys, scan);
  return end;
}

/** Keys in brackets that never closed are in-text citations (pandoc reads the `[` as a literal). */
function flushBrackets(text: string, bracketKeys: (KeyOccurrence[] | undefined)[], scan: PandocScan): void {
  for (const keys of bracketKeys) {
    if (keys) for (const key of keys) scan.citations.push(inTextCitation(text, key));
  }
  bracketKeys.length = 0;
}

/** `@key` or `@{key}` as a citation of its own; a braced key is the one whose `@` is two characters back. */
function inTextCitation(text: string, key: KeyOccurrence): Citation {
  const braced = text.charCodeAt(key.start - 1) === OPEN_BRACE;
  return { form: 'inText', start: key.start - (braced ? 2 : 1), end: key.end + (braced ? 1 : 0), lists: EMPTY_LISTS, keys: [key] };
}

/** The key readAtSign read last (a module-level slot spares an object per `@` on huge inputs). */
let lastKey: KeyOccurrence | undefined;

/**
 * Reads the `@` at `at`. Returns -1 when no citation may start there; otherwise the position after the `@` and its
 * key, with the key (if any) in `lastKey`, and the sign added to `atSigns` when they are collected.
 */
function readAtSign(text: string, at: number, end: number, atSigns: AtSign[] | undefined): number {
  lastKey = undefined;
  if (!mayPrecedeCitation(text, at)) return -1;
  const braced = text.charCodeAt(at + 1) === OPEN_BRACE;
  const keyStart = braced ? at + 2 : at + 1;
  let keyEnd: number;
  let next: number;
  if (braced) {
    // A braced key holds no white space and (here) no nested braces; an unclosed one is no key yet.
    let j = keyStart;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (c === CLOSE_BRACE || c === OPEN_BRACE || c <= 0x20) break;
      j++;
    }
    keyEnd = j;
    next = j < end && text.charCodeAt(j) === CLOSE_BRACE ? j + 1 : j;
    atSigns?.push({ at, keyStart, keyEnd, braced });
    if (next === j) return next;
  } else {
    keyEnd = next = readBareKey(text, keyStart, end);
    atSigns?.push({ at, keyStart, keyEnd, braced });
  }
  if (keyEnd === keyStart) return next;
  const key = text.slice(keyStart, keyEnd);
  if (!isQuartoCrossRef(key)) lastKey = { key, start: keyStart, end: keyEnd };
  return next;
}

/**
 * Matches code spans within one paragraph: a run of n backticks opens a span that the next run of exactly n closes;
 * a run with no such partner is literal. All runs are found once, and each run's partner by one backward pass, so a
 * paragraph full of unmatched backticks costs linear time.
 */
class CodeSpanMatcher {
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];
  private readonly partner: Int32Array;
  private cursor = 0;

  constructor(text: string, start: number, end: number, backticks: NextIndex) {
    let longest = 0;
    let i = backticks.from(start);
    while (i >= 0 && i < end) {
      let j = i;
      while (j < end && text.charCodeAt(j) === BACKTICK) j++;
      this.starts.push(i);
      this.lengths.push(j - i);
      if (j - i > longest) longest = j - i;
      i = backticks.from(j);
    }
    this.partner = new Int32Array(this.starts.length);
    if (this.starts.length === 0) return;
    // Run lengths are at most the paragraph's length, so an array indexed by length replaces a map.
    const nextOfLength = new Int32Array(longest + 1).fill(-1);
    for (let r = this.starts.length - 1; r >= 0; r--) {
      this.partner[r] = nextOfLength[this.lengths[r]];
      nextOfLength[this.lengths[r]] = r;
    }
  }

  /** Given the position of a backtick run's first backtick, the position after the code span or the literal run. */
  skip(position: number): number {
    while (this.cursor < this.starts.length && this.starts[this.cursor] + this.lengths[this.cursor] <= position) this.cursor++;
    const run = this.cursor;
    if (run >= this.starts.length) return position + 1;
    // A backslash escaped the run's first backtick; the rest is taken as literal (CommonMark would open a span).
    const runEnd = this.starts[run] + this.lengths[run];
    if (this.starts[run] !== position) return runEnd;
    const close = this.partner[run];
    if (close < 0) return runEnd;
    this.cursor = close + 1;
    return this.starts[close] + this.lengths[close];
  }
}


/**
 * `text.indexOf(needle, from)` for positions that only grow, remembering the last answer: a paragraph without
 * backticks does not search the rest of the document for one again.
 */
class NextIndex {
  private searchedFrom = -1;
  private found = -1;
  constructor(private readonly text: string, private readonly needle: string) {}

  from(position: number): number {
    // The last search, from `searchedFrom`, found `found` (or nothing): that answers for any position in between.
    if (this.searchedFrom >= 0 && position >= this.searchedFrom && (this.found < 0 || position <= this.found)) return this.found;
    this.searchedFrom = position;
    this.found = this.text.indexOf(this.needle, position);
    return this.found;
  }
}
