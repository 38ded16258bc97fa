// Turns the LaTeX in a BibTeX field value into the Unicode text we show: accents in every spelling ({\"u}, \"{u},
// \"u, {\"\i}), letters (\ss, \o, \aa), escaped specials (\& \% \$ \# \_), TeX ligatures (-- --- `` ''), ~ as a
// no-break space, formatting commands dropped with their text kept, protective braces removed, whitespace
// collapsed, and the result in NFC.
//
// It is on the hot path of reading a 100k-entry library (titles, names and abstracts of every entry), so it finds
// the next character that needs work with one native regular-expression search (several times faster than a
// charCodeAt loop in JavaScript) and copies the plain text between as slices: a value with no LaTeX in it comes
// back as it went in.
import {
  ACCENTS, DROP_ARGUMENT, QUOTE_ARGUMENT, SPACING_ACCENTS, SUBSCRIPTS, SUPERSCRIPTS, SYMBOLS, VERBATIM_ARGUMENT,
} from './latexSymbols';
import { NFC_UNSTABLE } from './nfcUnstable';

// Maps, not the object literals: a lookup of "constructor" or "toString" must find nothing.
const ACCENT_MAP = new Map(Object.entries(ACCENTS));
const SPACING_MAP = new Map(Object.entries(SPACING_ACCENTS));
const SYMBOL_MAP = new Map(Object.entries(SYMBOLS));
const SUPERSCRIPT_MAP = new Map(Object.entries(SUPERSCRIPTS));
const SUBSCRIPT_MAP = new Map(Object.entries(SUBSCRIPTS));

const BACKSLASH = 92;
const OPEN = 123;
const CLOSE = 125;
const SPACE = 32;
const NO_BREAK_SPACE = '\u00A0';

/**
 * Text with none of the characters that may change under NFC (see nfcUnstable.ts) skips normalising. The first
 * of them is U+0300, so most text is cleared by a search for one range; the long class (ten times slower to
 * search) runs only on text that has a character from U+0300 on. Searched apart from the LaTeX specials: a class
 * holding both ranges is searched three times slower than the specials alone.
 */
const MAY_DECOMPOSE = /[\u0300-\uffff]/;
const NFC_UNSTABLE_CHAR = new RegExp(`[${NFC_UNSTABLE}]`);
/** What ends a run of plain text: LaTeX specials, line breaks and tabs, and the ligatures -- and ''. */
const SPECIALS = '\\\\{}~$`\\t\\n\\r\\f\\v';
// Lookaheads, not `--|''`: irregexp then scans with one character class, several times faster.
const LIGATURES = "|-(?=-)|'(?=')";
// In math or not (where ^ and _ are scripts).
const NEXT = new RegExp(`[${SPECIALS}]${LIGATURES}`, 'g');
const NEXT_IN_MATH = new RegExp(`[${SPECIALS}^_]${LIGATURES}`, 'g');

// The decoder's state. Module-level rather than an object: this runs millions of times and allocates nothing
// beyond its output. It is not re-entrant, and needs not be: nothing it calls calls back into latexToUnicode.
let src = '';
let pos = 0;
let inMath = false;
let decomposed = false;
let touched = false;

/**
 * Values up to this length are checked for plain text by a loop: for names, years and page numbers that is
 * cheaper than two calls into the regular-expression engine.
 */
const SHORT = 64;
/** ASCII characters that come back as they are (spaces, `-` and `'` unless doubled, or a space at an edge). */
const PLAIN = new Uint8Array(128).fill(1);
for (const c of '\\{}~$`\t\n\v\f\r') PLAIN[c.charCodeAt(0)] = 0;

/** True when decoding gives the value back unchanged: nothing to decode, trim, collapse or compose. */
function isPlainShort(value: string): boolean {
  // A space before the first character catches a leading space as a doubled one.
  let previous = SPACE;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128) {
      if (PLAIN[c] === 0 || (c === previous && (c === SPACE || c === 45 /* - */ || c === 39 /* ' */))) return false;
    } else if (c >= 0x300) {
      return false;
    }
    previous = c;
  }
  return previous !== SPACE;
}

/**
 * Short values that needed decoding, by their LaTeX: a library repeats them (names with accents, as M{\"u}ller,
 * recur across its entries; journals as BMJ Quality \& Safety across hundreds), and a lookup is several times
 * cheaper than decoding again. Emptied when full, so it stays small.
 */
const decodedShort = new Map<string, string>();
const DECODED_SHORT_MAX = 4096;

/** Decodes one field value (already stripped of its outer delimiters) to display text. Never throws. */
export function latexToUnicode(value: string): string {
  if (value.length > SHORT) return decode(value);
  if (isPlainShort(value)) return value;
  const known = decodedShort.get(value);
  if (known !== undefined) return known;
  // Copied out of the file's text before it is kept (a slice of it would keep the whole text alive), and decoded from
  // the copy, whose slices the result may be made of.
  const own = (' ' + value).slice(1);
  const decoded = decode(own);
  if (decodedShort.size >= DECODED_SHORT_MAX) decodedShort.clear();
  decodedShort.set(own, decoded);
  return decoded;
}

function decode(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isWhitespace(value.charCodeAt(end - 1))) end--;
  src = value;
  pos = start;
  inMath = false;
  // Decided for the whole value at once, text reached by no search (escaped characters, verbatim arguments)
  // included: the output's other characters come from the tables and literals here, none of which NFC changes (a
  // unit test checks), or from composeAccent, which notes a mark it leaves.
  decomposed = MAY_DECOMPOSE.test(value) && NFC_UNSTABLE_CHAR.test(value);
  touched = false;
  let out = decodeUntil(end);
  src = '';
  // Runs of spaces are collapsed here, not in the loop: a native search is cheaper than stopping at each space.
  if (out.includes('  ')) out = out.replace(/ {2,}/g, ' ');
  if (touched) {
    if (out.charCodeAt(0) === SPACE) out = out.slice(1);
    if (out.charCodeAt(out.length - 1) === SPACE) out = out.slice(0, -1);
  }
  // Text typed on some systems arrives decomposed (e + U+0301): compose it. Accents applied here are composed
  // where they are applied, so the common case never pays for normalising a whole abstract.
  return decomposed ? out.normalize('NFC') : out;
}

function decodeUntil(end: number): string {
  const s = src;
  let p = pos;
  let out = '';
  let run = p;
  for (;;) {
    const search = inMath ? NEXT_IN_MATH : NEXT;
    search.lastIndex = p;
    if (!search.test(s)) break;
    const q = search.lastIndex - 1;
    if (q >= end) break;
    const c = s.charCodeAt(q);
    out += s.slice(run, q);
    p = q;
    switch (c) {
      case 9: case 10: case 11: case 12: case 13:
        out += ' ';
        p = skipWhitespace(s, p, end);
        break;
      case 45: // -- and ---
        if (p + 2 < end && s.charCodeAt(p + 2) === 45) {
          out += '\u2014';
          p += 3;
        } else {
          out += '\u2013';
          p += 2;
        }
        break;
      case 39: // ''
        out += '\u201D';
        p += 2;
        break;
      case 96: // ` and ``
        if (p + 1 < end && s.charCodeAt(p + 1) === 96) {
          out += '\u201C';
          p += 2;
        } else {
          out += '\u2018';
          p++;
        }
        break;
      case 126: // ~
        out += NO_BREAK_SPACE;
        p++;
        break;
      case 36: // $
        inMath = !inMath;
        p++;
        break;
      case 94: case 95: // ^ _ (only searched for in math)
        pos = p + 1;
        out += script(c === 94 ? SUPERSCRIPT_MAP : SUBSCRIPT_MAP, end);
        p = pos;
        break;
      case OPEN:
      case CLOSE:
        // Braces protect case or group an argument; neither is printed.
        p++;
        break;
      case BACKSLASH:
        pos = p + 1;
        out += command(end);
        p = pos;
        break;
    }
    touched = true;
    run = p;
  }
  pos = end;
  return run === 0 && end === s.length ? s : out + s.slice(run, end);
}

/** Decodes the control sequence whose backslash was just consumed. */
function command(end: number): string {
  if (pos >= end) return '';
  const c = src.charCodeAt(pos);
  if (!isLetter(c)) {
    pos++;
    const ch = String.fromCharCode(c);
    const mark = ACCENT_MAP.get(ch);
    if (mark !== undefined) return accent(ch, mark, end);
    switch (c) {
      case BACKSLASH: case SPACE: case 9: case 10: case 11: case 12: case 13: case 59 /* ; */: case 58 /* : */: case 62 /* > */:
        return ' ';
      case 44: // \, thin space
        return '\u202F';
      case 33: case 45: case 47: case 64: // \! \- \/ \@ print nothing
        return '';
      default: {
        // Any other escaped character prints as itself (a surrogate pair whole).
        const width = widthAt(pos - 1, end);
        const text = src.slice(pos - 1, pos - 1 + width);
        pos += width - 1;
        return text;
      }
    }
  }
  const nameStart = pos;
  while (pos < end && isLetter(src.charCodeAt(pos))) pos++;
  const name = src.slice(nameStart, pos);
  const mark = ACCENT_MAP.get(name);
  if (mark !== undefined) return accent(name, mark, end);
  // A starred variant (\enquote*{x}) reads as the command; the star is not text.
  const starred = src.charCodeAt(pos) === 42 && pos < end;
  if (starred) pos++;
  // TeX swallows the spaces after a control word.
  pos = skipWhitespace(src, pos, end);
  const symbol = SYMBOL_MAP.get(name);
  if (symbol !== undefined) {
    if (src.charCodeAt(pos) === OPEN && src.charCodeAt(pos + 1) === CLOSE && pos + 1 < end) pos += 2;
    return symbol;
  }
  if (src.charCodeAt(pos) !== OPEN || pos >= end) return '';
  if (DROP_ARGUMENT.has(name)) {
    pos = Math.min(groupEnd(pos, end) + 1, end);
    return '';
  }
  if (VERBATIM_ARGUMENT.has(name)) {
    const close = groupEnd(pos, end);
    const raw = src.slice(pos + 1, close).replace(/[ \t\n\v\f\r]+/g, ' ');
    pos = Math.min(close + 1, end);
    return raw;
  }
  if (name === 'href') {
    // \href{url}{text}: the text is what a reader sees.
    pos = Math.min(groupEnd(pos, end) + 1, end);
    return '';
  }
  if (QUOTE_ARGUMENT.has(name)) return starred ? '\u2018' + group(end) + '\u2019' : '\u201C' + group(end) + '\u201D';
  // Any other command (\emph, \textbf, \textsc, ...): drop its name; its argument reads as plain text.
  return '';
}

/** Puts an accent on what follows: {x}, x, \i, or a group holding any of these. */
function accent(name: string, mark: string, end: number): string {
  pos = skipWhitespace(src, pos, end);
  if (pos >= end) return SPACING_MAP.get(name) ?? '';
  const c = src.charCodeAt(pos);
  let base: string;
  if (c === OPEN) {
    base = group(end);
  } else if (c === CLOSE) {
    return SPACING_MAP.get(name) ?? '';
  } else if (c === BACKSLASH) {
    pos++;
    if (pos < end && isLetter(src.charCodeAt(pos))) {
      const nameStart = pos;
      while (pos < end && isLetter(src.charCodeAt(pos))) pos++;
      const inner = src.slice(nameStart, pos);
      pos = skipWhitespace(src, pos, end);
      base = SYMBOL_MAP.get(inner) ?? '';
    } else {
      // A control symbol (\'\&): its character (both halves of a surrogate pair), unless it is a space, which takes
      // no accent.
      const width = widthAt(pos, end);
      base = pos < end && !isWhitespace(src.charCodeAt(pos)) ? src.slice(pos, pos + width) : '';
      if (pos < end) pos += width;
    }
  } else {
    const width = widthAt(pos, end);
    base = src.slice(pos, pos + width);
    pos += width;
  }
  if (base === '') return SPACING_MAP.get(name) ?? '';
  const width = base.charCodeAt(0) >= 0xd800 && base.charCodeAt(0) <= 0xdbff ? 2 : 1;
  let first = base.slice(0, width);
  // An accent on a dotless i or j (\"\i) means the accented letter: ï, not ı̈.
  if (first === '\u0131') first = 'i';
  else if (first === '\u0237') first = 'j';
  return composeAccent(first, mark) + base.slice(width);
}

/** How many UTF-16 units the character at `at` of src takes before `end`: 2 for a whole surrogate pair, else 1. */
function widthAt(at: number, end: number): number {
  const c = src.charCodeAt(at);
  return c >= 0xd800 && c <= 0xdbff && at + 1 < end ? 2 : 1;
}

const composedAccents = new Map<string, string>();
const COMBINING_MARK = /\p{M}/u;

/**
 * The letter with its accent, composed (é, not e + U+0301) where Unicode has the composed form. Where it has not
 * (x̣, or an accent on a mark), the mark stays, and the whole text is normalised at the end, which may still
 * combine it with what precedes.
 */
function composeAccent(letter: string, mark: string): string {
  const key = letter + mark;
  let composed = composedAccents.get(key);
  if (composed === undefined) {
    composed = key.normalize('NFC');
    // Bounded: accents on odd bases must not grow the cache without end.
    if (composedAccents.size < 4096) composedAccents.set(key, composed);
  }
  if (!decomposed && COMBINING_MARK.test(composed)) decomposed = true;
  return composed;
}

/** Decodes the brace group at pos and moves past it. */
function group(end: number): string {
  const close = groupEnd(pos, end);
  pos++;
  const inner = decodeUntil(close);
  pos = Math.min(close + 1, end);
  return inner;
}

/** A math superscript or subscript: Unicode script characters where every character has one. */
function script(map: Map<string, string>, end: number): string {
  pos = skipWhitespace(src, pos, end);
  if (pos >= end) return '';
  let text: string;
  const c = src.charCodeAt(pos);
  if (c === OPEN) text = group(end);
  else if (c === BACKSLASH) {
    pos++;
    text = command(end);
  } else {
    text = src[pos++];
  }
  let mapped = '';
  for (const ch of text) {
    const scripted = map.get(ch);
    if (scripted === undefined) return text;
    mapped += scripted;
  }
  return mapped;
}

/** The index of the `}` that closes the `{` at open, or end when it never closes. */
function groupEnd(open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
  }
  return end;
}

function skipWhitespace(text: string, at: number, end: number): number {
  while (at < end && isWhitespace(text.charCodeAt(at))) at++;
  return at;
}

function isWhitespace(c: number): boolean {
  return c === SPACE || (c >= 9 && c <= 13);
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
