// Pandoc's citation key grammar: a key begins with a letter, digit or `_`, and may hold alphanumerics, `_` and
// internal punctuation `:.#$%&-+?<>~/` (a punctuation character counts only when a key character follows it, so a
// sentence's full stop after `@doe99.` is not part of the key; `:` and `/` may also precede `/`, as in URLs).
// Keys outside this grammar are written in braces: `@{…}`.

const INTERNAL_PUNCTUATION = new Set([...':.#$%&-+?<>~/'].map((c) => c.charCodeAt(0)));
const NON_ASCII_ALPHANUMERIC = /^[\p{L}\p{N}\p{M}]$/u;

/**
 * Quarto cross-reference prefixes. `@fig-x` is a reference to a figure, not a citation, so these are not keys.
 * Pandoc alone would read them as citations; a bibliography key of this shape is implausible, so they are excluded
 * in every pandoc dialect.
 */
export const QUARTO_CROSSREF_PREFIXES: readonly string[] = [
  'fig', 'tbl', 'lst', 'eq', 'sec', 'thm', 'lem', 'cor', 'prp', 'cnj', 'def', 'exm', 'exr', 'sol', 'rem', 'alg',
  'tip', 'nte', 'wrn', 'imp', 'cau', 'vid',
];
const CROSSREF_PREFIXES: ReadonlySet<string> = new Set(QUARTO_CROSSREF_PREFIXES);
const SHORTEST_PREFIX = Math.min(...QUARTO_CROSSREF_PREFIXES.map((prefix) => prefix.length));
const LONGEST_PREFIX = Math.max(...QUARTO_CROSSREF_PREFIXES.map((prefix) => prefix.length));

/** True for a key that starts with a Quarto cross-reference prefix and `-`, such as `fig-map`. */
export function isQuartoCrossRef(key: string): boolean {
  return isQuartoCrossRefAt(key, 0, key.length);
}

/** isQuartoCrossRef of text[start, end), without copying the key out of the text. */
export function isQuartoCrossRefAt(text: string, start: number, end: number): boolean {
  for (let length = SHORTEST_PREFIX; length <= LONGEST_PREFIX; length++) {
    if (start + length < end && text.charCodeAt(start + length) === 0x2d && CROSSREF_PREFIXES.has(text.slice(start, start + length))) return true;
  }
  return false;
}

/** Letters, digits and `_`, in any script. */
export function isKeyCodePoint(cp: number): boolean {
  if (cp < 0x80) {
    return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) || cp === 0x5f;
  }
  return NON_ASCII_ALPHANUMERIC.test(String.fromCodePoint(cp));
}

export function isInternalPunctuation(c: number): boolean {
  return INTERNAL_PUNCTUATION.has(c);
}

/** The end of the bare key that starts at `i` (equal to `i` when no key starts there). Stops at `limit`. */
export function readBareKey(text: string, i: number, limit = text.length): number {
  let j = i;
  let first = true;
  while (j < limit) {
    const cp = text.codePointAt(j)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isKeyCodePoint(cp)) {
      j += width;
    } else if (!first && isInternalPunctuation(cp) && j + 1 < limit) {
      const following = text.codePointAt(j + 1)!;
      if (isKeyCodePoint(following) || ((cp === 0x3a || cp === 0x2f) && following === 0x2f)) j++;
      else break;
    } else {
      break;
    }
    first = false;
  }
  return j;
}

/**
 * White space as pandoc reads it in a braced key (Haskell's `isSpace`): ASCII white space, the no-break space, and
 * the other space separators (Unicode category Zs). Line and paragraph separators (U+2028, U+2029) are not spaces
 * there, nor is U+0085.
 */
export function isPandocSpace(c: number): boolean {
  if (c < 0xa0) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * True for a character a braced key `@{…}` may hold: no brace (pandoc allows balanced ones; we read none), no
 * white space and, more strictly than pandoc, no control character.
 */
export function isBracedKeyChar(c: number): boolean {
  return c > 0x20 && c !== 0x7b && c !== 0x7d && !isPandocSpace(c);
}

/** True when `key` can be written bare after `@`. */
export function isBareKey(key: string): boolean {
  return key.length > 0 && readBareKey(key, 0) === key.length;
}

/**
 * True when a pandoc citation can name `key` (bare, or in braces), so that pandoc and our scanner read it back; not
 * a Quarto cross-reference either. False for a key holding white space, a control character or a brace.
 */
export function isPandocKey(key: string): boolean {
  if (key.length === 0 || isQuartoCrossRef(key)) return false;
  if (isBareKey(key)) return true;
  for (let i = 0; i < key.length; i++) if (!isBracedKeyChar(key.charCodeAt(i))) return false;
  return true;
}

/**
 * The key as written after `@`: bare when the grammar allows, otherwise in braces; undefined when no citation can
 * name it (see isPandocKey), so a caller reports the key rather than writing text that cites nothing.
 */
export function pandocKeyText(key: string): string | undefined {
  if (!isPandocKey(key)) return undefined;
  return isBareKey(key) ? key : `{${key}}`;
}
