// Finds pandoc citations (Markdown, Quarto, R Markdown) in linear time. A line pass sets aside YAML front matter
// and fenced code blocks and splits the rest into paragraphs; an inline pass over each paragraph skips code spans,
// HTML comments and backslash escapes, and reads `@key`, `@{key}` and bracketed `[…; @key]` citations.
// Not handled: indented code blocks (indistinguishable from list continuations without a full Markdown parse),
// raw HTML and math; a citation in those is reported.
import { NextIndex } from '../nextIndex';
import { BracketStack } from './bracketStack';
import { isBlank } from './isBlank';
import { isBracedKeyChar, isQuartoCrossRefAt, readBareKey } from './pandocKey';
import { Citation, KeyList, KeyOccurrence } from './types';

/** The `@` sign last read before an offset: where a citation may start, whether or not a key follows it yet. */
export interface AtSign {
  /** Offset of the `@`. */
  at: number;
  /** The key's range: after `@` (or inside `@{…}`); empty when no key follows yet. */
  keyStart: number;
  keyEnd: number;
  braced: boolean;
}

/** What pandocSignAt learns about an offset. */
export interface PandocSign {
  /** The last `@` before the offset that may start a citation, in the paragraph of the offset. */
  sign?: AtSign;
  /** The key whose range holds the offset (both ends included). */
  key?: KeyOccurrence;
}

/** What pandocAt learns about an offset. */
export interface PandocSpot extends PandocSign {
  /** The innermost citation whose span holds the offset (both ends included). */
  citation?: Citation;
}

const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const TILDE = 0x7e;
const AT = 0x40;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * What an inline scan collects: citations, keys only, nothing (to learn where the next paragraph resumes), what
 * pandocAt needs, or what pandocSignAt needs.
 */
const BUILD = 0;
const KEYS = 1;
const SKIP = 2;
const LOCATE = 3;
const SIGN = 4;

/** Every citation of a pandoc document, in order of its start. */
export function scanPandoc(text: string): Citation[] {
  const citations: Citation[] = [];
  scanParagraphs(text, BUILD, citations, undefined);
  // Nested brackets report their citations when they close, after the keys of the bracket around them.
  if (!isSortedByStart(citations)) citations.sort((a, b) => a.start - b.start);
  return citations;
}

/** Every key of a pandoc document, in order: the scan of scanPandoc without building citations. */
export function scanPandocKeys(text: string): KeyOccurrence[] {
  const keys: KeyOccurrence[] = [];
  scanParagraphs(text, KEYS, undefined, keys);
  return keys;
}

function scanParagraphs(text: string, mode: number, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined): void {
  const finders = new Finders(text);
  let resumeAt = 0;
  for (const paragraphs = new Paragraphs(text); paragraphs.next();) {
    const { start, end } = paragraphs;
    if (end <= resumeAt) continue;
    resumeAt = scanInline(text, Math.max(start, resumeAt), end, finders, mode, citations, keys);
  }
}

/**
 * The sign, key and citation at `offset`, as the whole-document scan reports them, reading in full only the paragraph
 * of the offset. The paragraphs before it are found by the line pass alone (which knows fences and front matter);
 * one of them is read inline only when it opens an HTML comment, which may run on past its end.
 */
export function pandocAt(text: string, offset: number): PandocSpot {
  return locate(text, offset, LOCATE);
}

/**
 * The sign and key at `offset`, as pandocAt gives them, for the queries made per keystroke or hover that need no
 * citation (completion, keyAt): neither depends on brackets or on the text after the offset, so the paragraph is
 * read only up to the offset, grouping no keys, and no citation is built.
 */
export function pandocSignAt(text: string, offset: number): PandocSign {
  return locate(text, offset, SIGN);
}

function locate(text: string, offset: number, mode: typeof LOCATE | typeof SIGN): PandocSpot {
  if (offset < 0 || offset > text.length) return {};
  const finders = new Finders(text);
  let resumeAt = 0;
  for (const paragraphs = new Paragraphs(text); paragraphs.next();) {
    const { start, end } = paragraphs;
    if (start > offset) break;
    if (end <= resumeAt) continue;
    const from = Math.max(start, resumeAt);
    if (offset <= end) return locateInParagraph(text, offset, from, end, finders, mode);
    // Comments close in order of their openers, so when the paragraph's last `<!--` closes within it (or never), no
    // comment of the paragraph runs on; otherwise whether one does depends on code spans, read by a SKIP scan.
    const opener = finders.commentOpeners.from(from);
    if (opener >= 0 && opener < end && finders.comments.end(text.lastIndexOf('<!--', end - 4)) > end) {
      resumeAt = scanInline(text, from, end, finders, SKIP, undefined, undefined);
    }
  }
  return {};
}

function locateInParagraph(text: string, offset: number, from: number, end: number, finders: Finders, mode: number): PandocSpot {
  spot.offset = offset;
  spot.signAt = spot.keyStart = spot.citationStart = spot.pendingDepth = -1;
  spot.inText = false;
  // A SIGN scan offers no citation: citationStart stays -1.
  scanInline(text, from, end, finders, mode, undefined, undefined);
  const result: PandocSpot = {};
  if (spot.signAt >= 0) result.sign = { at: spot.signAt, keyStart: spot.signKeyStart, keyEnd: spot.signKeyEnd, braced: spot.signBraced };
  if (spot.keyStart >= 0) result.key = { key: text.slice(spot.keyStart, spot.keyEnd), start: spot.keyStart, end: spot.keyEnd };
  if (spot.citationStart >= 0) {
    if (spot.inText) {
      const braced = text.charCodeAt(spot.citationStart + 1) === OPEN_BRACE;
      const keyStart = spot.citationStart + (braced ? 2 : 1);
      const keyEnd = spot.citationEnd - (braced ? 1 : 0);
      result.citation = new InTextCitation(text, keyStart, keyEnd);
    } else {
      result.citation = bracketedCitation(text, spot.citationStart, spot.citationEnd - 1, finders);
    }
  }
  return result;
}

/**
 * The bracketed citation `[…]` from `open` to `close`, read again on its own: every bracket inside it is balanced
 * and no code span or comment crosses its ends (else it would not close there), so the keys directly inside are
 * those a scan of its content reports as in-text citations.
 */
function bracketedCitation(text: string, open: number, close: number, finders: Finders): Citation {
  const inside: Citation[] = [];
  // The finders answer any position, and the paragraph's scan has left the bracket stack empty.
  scanInline(text, open + 1, close, finders, BUILD, inside, undefined);
  const keys = inside.filter((citation) => citation.form === 'inText').map((citation) => citation.keys[0]);
  return { form: 'bracketed', start: open, end: close + 1, lists: [{ start: open + 1, end: close, closed: true, keys }], keys };
}

/** What a LOCATE or SIGN scan records about `offset` (module-level, so locating allocates nothing per `@` or bracket). */
const spot = {
  offset: -1,
  /** The last sign before the offset. */
  signAt: -1,
  signKeyStart: -1,
  signKeyEnd: -1,
  signBraced: false,
  /** The key holding the offset. */
  keyStart: -1,
  keyEnd: -1,
  /** The innermost citation holding the offset so far: the one with the greatest start. */
  citationStart: -1,
  citationEnd: -1,
  inText: false,
  /**
   * The key holding the offset, inside a bracket not yet closed: at this depth of the bracket stack. It is an
   * in-text citation if that bracket never closes.
   */
  pendingDepth: -1,
  pendingStart: -1,
  pendingEnd: -1,
};

/** A citation holding the offset; the innermost one, with the greatest start, wins. */
function offerCitation(start: number, end: number, inText: boolean): void {
  if (start > spot.citationStart) {
    spot.citationStart = start;
    spot.citationEnd = end;
    spot.inText = inText;
  }
}

function isSortedByStart(items: readonly { start: number }[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i - 1].start > items[i].start) return false;
  return true;
}

/** Where a `@` may start a citation: at a line's start, or after white space, `[`, `;` or `-` (as in `[-@doe]`). */
export function mayPrecedeCitation(text: string, at: number): boolean {
  if (at === 0) return true;
  const c = text.charCodeAt(at - 1);
  return c === NEWLINE || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x5b || c === 0x3b || c === 0x2d || c === 0xa0;
}

/**
 * The paragraphs outside front matter and fenced code: maximal runs of non-blank lines, as [start, end) offsets.
 * A fence opens with three or more backticks or tildes (any indentation, so fences in list items count) and closes
 * with a run of the same character at least as long; an unclosed fence runs to the end, as in pandoc. An iterator
 * object rather than a generator: a megabyte of short paragraphs holds 87,000 of them, and a generator made an
 * object or two for each.
 */
class Paragraphs {
  /** The current paragraph, after next() returned true. */
  start = 0;
  end = 0;
  private i: number;
  private fenceChar = -1;
  private fenceLength = 0;

  constructor(private readonly text: string) {
    this.i = frontMatterEnd(text);
  }

  next(): boolean {
    const text = this.text;
    const n = text.length;
    let paragraphStart = -1;
    let paragraphEnd = -1;
    while (this.i < n) {
      const i = this.i;
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0) lineEnd = n;
      this.i = lineEnd + 1;
      if (this.fenceChar >= 0) {
        const run = fenceRun(text, i, lineEnd);
        if (run && run.char === this.fenceChar && run.length >= this.fenceLength && isBlank(text, run.end, lineEnd)) this.fenceChar = -1;
      } else if (isBlank(text, i, lineEnd)) {
        if (paragraphStart >= 0) return this.found(paragraphStart, paragraphEnd);
      } else {
        const run = fenceRun(text, i, lineEnd);
        if (run && run.length >= 3 && (run.char === TILDE || !contains(text, run.end, lineEnd, BACKTICK))) {
          this.fenceChar = run.char;
          this.fenceLength = run.length;
          if (paragraphStart >= 0) return this.found(paragraphStart, paragraphEnd);
        } else {
          if (paragraphStart < 0) paragraphStart = i;
          paragraphEnd = lineEnd;
        }
      }
    }
    return paragraphStart >= 0 && this.found(paragraphStart, paragraphEnd);
  }

  private found(start: number, end: number): true {
    this.start = start;
    this.end = end;
    return true;
  }
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

/** Finds the `-->` closing a `<!--`, remembering the last search so that many openers stay linear. */
class CommentFinder {
  private readonly closers: NextIndex;
  constructor(text: string) {
    this.closers = new NextIndex(text, '-->');
  }

  /** The position after the comment's `-->`, or -1 when it is never closed (then it is literal text). */
  end(open: number): number {
    const close = this.closers.from(open + 4);
    return close < 0 ? -1 : close + 3;
  }
}

const EMPTY_LISTS: readonly KeyList[] = Object.freeze([]);

/** Characters the inline pass stops at: `\\`, backtick, `<`, `@`, `[`, `]`. */
const INLINE_STOP = new Uint8Array(128);
for (const c of '\\`<@[]') INLINE_STOP[c.charCodeAt(0)] = 1;

/** The searches an inline scan shares with the scans of later paragraphs. */
class Finders {
  readonly comments: CommentFinder;
  readonly backticks: NextIndex;
  readonly commentOpeners: NextIndex;
  /** Empty between paragraphs, so one serves them all: a megabyte of short paragraphs holds 87,000 of them. */
  readonly brackets = new BracketStack();

  constructor(text: string) {
    this.comments = new CommentFinder(text);
    this.backticks = new NextIndex(text, '`');
    this.commentOpeners = new NextIndex(text, '<!--');
  }
}

/**
 * Reads citations in text[start, end) of one paragraph: to `citations` (BUILD), `keys` (KEYS), `spot` (LOCATE, and
 * SIGN, which stops at spot.offset) or nowhere (SKIP). Returns where the next paragraph's scan may begin: after an
 * HTML comment that runs past this paragraph, otherwise `end`.
 */
function scanInline(
  text: string, start: number, end: number, finders: Finders, mode: number, citations: Citation[] | undefined, keys: KeyOccurrence[] | undefined,
): number {
  // Most paragraphs hold no backtick, and need no matcher.
  const firstBacktick = finders.backticks.from(start);
  const codeSpans = firstBacktick >= 0 && firstBacktick < end ? new CodeSpanMatcher(text, start, end, finders.backticks) : undefined;
  const comments = finders.comments;
  const groups = mode === BUILD || mode === LOCATE;
  const brackets = finders.brackets;
  // No `@` at or after the offset is a sign before it, or starts a key that holds it. Code spans, comments and keys
  // are still read to `end`, so the positions before the offset are read as a full scan reads them.
  const stop = mode === SIGN ? Math.min(end, spot.offset) : end;
  let i = start;
  while (i < stop) {
    const c = text.charCodeAt(i);
    if (c >= 128 || INLINE_STOP[c] === 0) {
      i++;
    } else if (c === 0x5c) {
      i += 2; // a backslash escape: `\@`, `\[`, `` \` `` are literal
    } else if (c === BACKTICK) {
      i = codeSpans!.skip(i); // made, as this paragraph holds a backtick
    } else if (c === 0x3c) {
      const close = text.startsWith('<!--', i) ? comments.end(i) : -1;
      if (close > end) {
        flushBrackets(text, brackets, mode, citations);
        return close;
      }
      i = close >= 0 ? close : i + 1;
    } else if (!groups && c !== AT) {
      i++; // brackets only group keys into citations
    } else if (c === 0x5b) {
      brackets.open(i);
      i++;
    } else if (c === 0x5d) {
      if (brackets.size > 0) {
        const open = brackets.close();
        const inside = brackets.closedKeys;
        if (mode === LOCATE) {
          if (spot.pendingDepth === brackets.size) spot.pendingDepth = -1; // the key there is in this citation
          if (inside && open <= spot.offset && spot.offset <= i + 1) offerCitation(open, i + 1, false);
        } else if (inside) {
          citations!.push({ form: 'bracketed', start: open, end: i + 1, lists: [{ start: open + 1, end: i, closed: true, keys: inside }], keys: inside });
        }
      }
      i++;
    } else {
      const next = readAtSign(text, i, end, mode);
      if (next < 0) {
        i++;
        continue;
      }
      if (keyEnd > 0) {
        const innermost = brackets.size - 1;
        if (mode === KEYS) {
          keys!.push({ key: text.slice(keyStart, keyEnd), start: keyStart, end: keyEnd });
        } else if (mode === BUILD) {
          if (innermost >= 0) brackets.addKey({ key: text.slice(keyStart, keyEnd), start: keyStart, end: keyEnd });
          else citations!.push(new InTextCitation(text, keyStart, keyEnd));
        } else if (mode === LOCATE) {
          locateKey(i, innermost);
          if (innermost >= 0) brackets.addKey();
        } else if (mode === SIGN) {
          locateKeyOnly();
        }
      }
      i = next;
    }
  }
  flushBrackets(text, brackets, mode, citations);
  return end;
}

/** LOCATE and SIGN: the key just read may hold the offset. */
function locateKeyOnly(): void {
  if (keyStart <= spot.offset && spot.offset <= keyEnd) {
    spot.keyStart = keyStart;
    spot.keyEnd = keyEnd;
  }
}

/** LOCATE: the key just read (after the `@` at `at`, in the bracket at depth `innermost`, -1 for none) may hold the offset, as may its citation. */
function locateKey(at: number, innermost: number): void {
  locateKeyOnly();
  const offset = spot.offset;
  const citationEnd = keyEnd + (keyStart - at === 2 ? 1 : 0);
  if (at > offset || offset > citationEnd) return;
  if (innermost < 0) {
    offerCitation(at, citationEnd, true);
  } else {
    spot.pendingDepth = innermost;
    spot.pendingStart = at;
    spot.pendingEnd = citationEnd;
  }
}

/** Keys in brackets that never closed are in-text citations (pandoc reads the `[` as a literal). */
function flushBrackets(text: string, brackets: BracketStack, mode: number, citations: Citation[] | undefined): void {
  const unclosed = brackets.clear();
  if (mode === BUILD) {
    for (const keys of unclosed) for (const key of keys) citations!.push(new InTextCitation(text, key.start, key.end));
  } else if (mode === LOCATE && spot.pendingDepth >= 0) {
    offerCitation(spot.pendingStart, spot.pendingEnd, true);
    spot.pendingDepth = -1;
  }
}

/**
 * `@key` or `@{key}` as a citation of its own (a braced key's `@` is two characters back), whose key and one-key list are made when first read. A document can hold a citation every
 * four characters (262,144 in a 1 MB line of " @a."), all alive until the scan returns: the garbage collector's
 * copying of them, not the reading, was most of such a scan, and one object per citation halves it.
 */
class InTextCitation implements Citation {
  readonly start: number;
  readonly end: number;
  readonly #text: string;
  #keys: readonly KeyOccurrence[] | undefined;

  constructor(text: string, keyStart: number, keyEnd: number) {
    const braced = text.charCodeAt(keyStart - 1) === OPEN_BRACE;
    this.start = keyStart - (braced ? 2 : 1);
    this.end = keyEnd + (braced ? 1 : 0);
    this.#text = text;
  }

  // The same for every in-text citation: on the prototype, not in each object.
  get form(): 'inText' {
    return 'inText';
  }

  get lists(): readonly KeyList[] {
    return EMPTY_LISTS;
  }

  get keys(): readonly KeyOccurrence[] {
    if (!this.#keys) {
      const braced = this.#text.charCodeAt(this.start + 1) === OPEN_BRACE;
      const keyStart = this.start + (braced ? 2 : 1);
      const keyEnd = this.end - (braced ? 1 : 0);
      this.#keys = [{ key: this.#text.slice(keyStart, keyEnd), start: keyStart, end: keyEnd }];
    }
    return this.#keys;
  }
}

// The key readAtSign read last, when keyEnd > 0 (module-level slots spare an object per `@` on huge inputs).
let keyStart = 0;
let keyEnd = 0;

/**
 * Reads the `@` at `at`. Returns -1 when no citation may start there; otherwise the position after the `@` and its
 * key, with the key's range in keyStart and keyEnd (keyEnd 0 when there is none). LOCATE and SIGN record the last
 * sign before the offset.
 */
function readAtSign(text: string, at: number, end: number, mode: number): number {
  keyEnd = 0;
  if (!mayPrecedeCitation(text, at)) return -1;
  const braced = text.charCodeAt(at + 1) === OPEN_BRACE;
  const start = braced ? at + 2 : at + 1;
  let stop: number;
  let next: number;
  if (braced) {
    // A braced key holds no white space and (here) no nested braces; an unclosed one is no key yet.
    let j = start;
    while (j < end && isBracedKeyChar(text.charCodeAt(j))) j++;
    stop = j;
    next = j < end && text.charCodeAt(j) === CLOSE_BRACE ? j + 1 : j;
  } else {
    stop = next = readBareKey(text, start, end);
  }
  if ((mode === LOCATE || mode === SIGN) && at < spot.offset) {
    spot.signAt = at;
    spot.signKeyStart = start;
    spot.signKeyEnd = stop;
    spot.signBraced = braced;
  }
  if (stop === start || (braced && next === stop) || isQuartoCrossRefAt(text, start, stop)) return next;
  keyStart = start;
  keyEnd = stop;
  return next;
}

const NO_PARTNERS = new Int32Array(0);

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
    // Most paragraphs have no backtick: they share one empty table.
    this.partner = this.starts.length === 0 ? NO_PARTNERS : new Int32Array(this.starts.length);
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
