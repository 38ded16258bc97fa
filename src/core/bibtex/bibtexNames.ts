// Splits a BibTeX name list (author, editor) into people, following BibTeX's own rules: names are joined by `and`
// outside braces; a name is "First von Last", "von Last, First" or "von Last, Jr, First"; a name that is one brace
// group ({World Health Organization}) is a literal, never split.
import { Person } from '../model';
import { latexToUnicode } from './latexToUnicode';

// Separators only count outside braces. Most lists brace nothing but accents ({\"u}), so these tests pick the
// plain readings below (no count of braces, native splits), and the brace-counting ones only for a brace group that
// holds a separator or a group.
const BRACED_SPACE = /\{[^}]*[ \t\n\v\f\r~{]/;
const BRACED_COMMA = /\{[^}]*[,{]/;
// Spaces, and ties (~) that are not the tilde accent (\~{n}).
const WORD_SEPARATOR = /[ \t\n\v\f\r]+|(?<!\\)~/;
const OPEN = 123;
const CLOSE = 125;
const BACKSLASH = 92;

/** Parses a raw (LaTeX) name list into people with decoded names. Never throws. */
export function parseNames(raw: string): Person[] {
  const people: Person[] = [];
  // Read in place, name by name, without making a list of the pieces (as splitNames does).
  const braced = hasBracedSpace(raw);
  let from = firstNameStart(raw);
  for (;;) {
    const end = nameEnd(raw, from, braced);
    addName(people, raw, from, end);
    if (end === raw.length) break;
    from = end + 4;
  }
  // Copied out at its size: an array pushed to keeps room for 17, and a library's author lists live as long as it.
  return people.slice();
}

/** The raw names of a list, split at `and` (any case) between spaces and outside braces, trimmed, empty ones left out. */
export function splitNames(list: string): string[] {
  const names: string[] = [];
  const braced = hasBracedSpace(list);
  let from = firstNameStart(list);
  for (;;) {
    const end = nameEnd(list, from, braced);
    const name = trimSpaces(list.slice(from, end));
    if (name !== '') names.push(name);
    if (end === list.length) return names;
    from = end + 4;
  }
}

/**
 * Where a list's first name starts: after an `and` at the very start, which separates (from an empty name) as it
 * does for BibTeX, the text's start counting as white space.
 */
function firstNameStart(list: string): number {
  return list.length > 3 && isAnd(list, 0) && isSpace(list.charCodeAt(3)) ? 3 : 0;
}

/**
 * Where the name starting at `from` ends: at the white space before the next `and` (any case) that has white space
 * after it and is outside braces, or at the list's end. The next name starts 4 after it, at the space after `and`,
 * which may precede another `and`. `braced` is hasBracedSpace(list): braces are counted only when a brace group
 * holds a space (else no `and` can be inside one). A separator is never inside braces, so each name's search starts
 * at depth 0.
 */
function nameEnd(list: string, from: number, braced: boolean): number {
  const length = list.length;
  let depth = 0;
  for (let i = from; i + 4 < length; i++) {
    const c = list.charCodeAt(i);
    if (braced && (c === OPEN || c === CLOSE)) depth = c === OPEN ? depth + 1 : depth > 0 ? depth - 1 : 0;
    else if (depth === 0 && isSpace(c) && isAnd(list, i + 1) && isSpace(list.charCodeAt(i + 4))) return i;
  }
  return length;
}

/** Adds the person named by text[from, to), if any. */
function addName(people: Person[], text: string, from: number, to: number): void {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  if (from === to) return;
  const person = parseName(from === 0 && to === text.length ? text : text.slice(from, to));
  if (person) people.push(person);
}

function parseName(raw: string): Person | undefined {
  // "and others" is BibTeX's et al.: kept so a list written back says so again.
  if (raw === 'others') return { literal: 'others' };
  if (raw.charCodeAt(0) === OPEN && groupEnd(raw, 0) === raw.length - 1) {
    const literal = latexToUnicode(raw);
    return literal === '' ? undefined : { literal };
  }
  // Parts keep their spaces: the decoder trims them.
  const braced = raw.includes('{') && BRACED_COMMA.test(raw);
  if (!braced) {
    // Most names: "Last, First" or "First Last", read without splitting into a list.
    const comma = raw.indexOf(',');
    if (comma < 0) return firstVonLast(words(raw));
    if (raw.indexOf(',', comma + 1) < 0) return person(decodePart(raw.slice(0, comma)), decodePart(raw.slice(comma + 1)), '');
  }
  const parts = braced ? splitTopLevel(raw, false) : raw.split(',');
  if (parts.length === 1) return firstVonLast(words(parts[0]));
  const family = decodePart(parts[0]);
  let given: string;
  let suffix = '';
  if (parts.length === 2) {
    given = decodePart(parts[1]);
  } else {
    suffix = decodePart(parts[1]);
    given = parts.slice(2).map(decodePart).filter((part) => part !== '').join(', ');
  }
  return person(family, given, suffix);
}

/** A Person with only the parts that have text (no `delete`: it would slow every later access to the object). */
function person(family: string, given: string, suffix: string): Person | undefined {
  if (family === '' && given === '') return undefined;
  if (suffix !== '') return family === '' ? { given, suffix } : given === '' ? { family, suffix } : { family, given, suffix };
  return family === '' ? { given } : given === '' ? { family } : { family, given };
}

/**
 * "First von Last": von starts at the first lower-case word before the last word. The model has no particle field,
 * so von and Last together are the family name, as in CSL's display form ("van Gennep").
 */
function firstVonLast(tokens: string[]): Person | undefined {
  const last = tokens.length - 1;
  if (last < 0) return undefined;
  if (last === 0) return person(decodeWords(tokens), '', '');
  let vonStart = last;
  for (let i = 0; i < last; i++) {
    if (wordCase(tokens[i]) === 'lower') {
      vonStart = i;
      break;
    }
  }
  return person(decodeWords(tokens.slice(vonStart)), decodeWords(tokens.slice(0, vonStart)), '');
}

/**
 * The case of a name word as BibTeX sees it: its first letter outside braces, or the first letter of a leading
 * special character ({\"O}zkal is upper case); a word in plain braces ({van}) has none.
 */
export function wordCase(word: string): 'upper' | 'lower' | 'none' {
  const first = word.charCodeAt(0);
  if (first >= 65 && first <= 90) return 'upper';
  if (first >= 97 && first <= 122) return 'lower';
  let depth = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === OPEN) {
      if (depth === 0 && word.charCodeAt(i + 1) === BACKSLASH) {
        const end = groupEnd(word, i);
        const found = letterCase(latexToUnicode(word.slice(i, end + 1)));
        if (found !== 'none') return found;
        i = end;
        continue;
      }
      depth++;
    } else if (c === CLOSE) {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) {
      if (c === BACKSLASH) return letterCase(latexToUnicode(word.slice(i)));
      const found = letterCase(word[i]);
      if (found !== 'none') return found;
    }
  }
  return 'none';
}

function letterCase(text: string): 'upper' | 'lower' | 'none' {
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    if (lower !== upper) return ch === lower ? 'lower' : 'upper';
  }
  return 'none';
}

/** A name part's words: split at spaces and ties (~) outside braces. */
function words(part: string): string[] {
  return (hasBracedSpace(part) ? splitTopLevel(part, true) : part.split(WORD_SEPARATOR)).filter(nonEmpty);
}

/** BRACED_SPACE.test, with no call into the regular-expression engine for the many names without a brace. */
function hasBracedSpace(text: string): boolean {
  return text.includes('{') && BRACED_SPACE.test(text);
}

function nonEmpty(text: string): boolean {
  return text !== '';
}

function decodeWords(tokens: string[]): string {
  return latexToUnicode(tokens.length === 1 ? tokens[0] : tokens.join(' '));
}

/** A comma-separated part: its ties are spaces (as BibTeX reads names), its LaTeX decoded. */
function decodePart(part: string): string {
  // Trimmed first (as the decoder would trim it), so a plain part takes the decoder's quick way.
  return latexToUnicode(part.includes('~') ? words(part).join(' ') : trimSpaces(part));
}

/** Splits at commas outside braces, or (words) at spaces and ties outside braces. */
function splitTopLevel(text: string, words: boolean): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) {
      // \~ and \, are an accent and a space, not separators; braces count even after a backslash, as in BibTeX.
      const next = text.charCodeAt(i + 1);
      if (next !== OPEN && next !== CLOSE) i++;
    } else if (c === OPEN) depth++;
    else if (c === CLOSE) depth = Math.max(0, depth - 1);
    else if (depth === 0 && (words ? isSpace(c) || c === 126 /* ~ */ : c === 44 /* , */)) {
      pieces.push(trimSpaces(text.slice(start, i)));
      start = i + 1;
    }
  }
  pieces.push(trimSpaces(text.slice(start)));
  return pieces;
}

function groupEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === OPEN) depth++;
    else if (c === CLOSE && --depth === 0) return i;
  }
  return text.length;
}

function isAnd(text: string, at: number): boolean {
  return (text.charCodeAt(at) | 32) === 97 && (text.charCodeAt(at + 1) | 32) === 110 && (text.charCodeAt(at + 2) | 32) === 100;
}

/** Trims ASCII whitespace only: a no-break space is text, as it is to the LaTeX decoder. */
function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
