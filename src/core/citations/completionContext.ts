// Decides whether the cursor is where a citation key is being typed, and which text a chosen key replaces.
import { isKeyChar, latexListAt } from './latexScanner';
import { isInternalPunctuation, isKeyCodePoint, isQuartoCrossRef, readBareKey } from './pandocKey';
import { pandocSignAt } from './pandocScanner';
import { CitationSyntax, CompletionContext } from './types';

/**
 * The completion context at `offset`, or undefined when no key is being typed there.
 * LaTeX: inside the key braces of any cite command (after `{`, after a comma, on a later line of the list), not in a
 * `%` comment and not straight after another key without a comma. Pandoc: after a `@` that may start a citation
 * (see the scanner), outside code, comments and front matter; the key typed so far may end in punctuation.
 */
export function completionContext(text: string, offset: number, syntax: CitationSyntax): CompletionContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  return syntax === 'latex' ? latexContext(text, offset) : pandocContext(text, offset);
}

function latexContext(text: string, offset: number): CompletionContext | undefined {
  const list = latexListAt(text, offset);
  if (!list) return undefined;
  // In a comment: a `%` earlier on the cursor's line, within the list.
  for (let i = offset - 1; i >= list.start && text.charCodeAt(i) !== 0x0a; i--) if (text.charCodeAt(i) === 0x25) return undefined;
  let replaceStart = offset;
  while (replaceStart > list.start && isKeyChar(text.charCodeAt(replaceStart - 1))) replaceStart--;
  let replaceEnd = offset;
  while (replaceEnd < list.end && isKeyChar(text.charCodeAt(replaceEnd))) replaceEnd++;
  // `\cite{a b|}`: a second word without a comma is not a key. Comments on earlier lines count as space, and so do
  // control characters, as the scanner reads them.
  let before = replaceStart;
  for (;;) {
    while (before > list.start && text.charCodeAt(before - 1) <= 0x20) before--;
    const from = Math.max(list.start, text.lastIndexOf('\n', before - 1) + 1);
    const comment = text.slice(from, before).indexOf('%');
    if (comment < 0) break;
    before = from + comment;
  }
  if (before > list.start && isKeyChar(text.charCodeAt(before - 1))) return undefined;
  return { syntax: 'latex', prefix: text.slice(replaceStart, offset), replaceStart, replaceEnd, braced: false };
}

function pandocContext(text: string, offset: number): CompletionContext | undefined {
  // The last `@` before the cursor, in its paragraph.
  const { sign } = pandocSignAt(text, offset);
  if (!sign || offset < sign.keyStart) return undefined;
  if (sign.braced) {
    if (offset > sign.keyEnd) return undefined;
    return { syntax: 'pandoc', prefix: text.slice(sign.keyStart, offset), replaceStart: sign.keyStart, replaceEnd: sign.keyEnd, braced: true };
  }
  // While typing, the key may end in punctuation that the grammar leaves out (`@doe.`): accept it up to the cursor.
  for (let i = sign.keyStart; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (!isKeyCodePoint(c) && !isInternalPunctuation(c) && !(c >= 0xd800 && c <= 0xdfff)) return undefined;
  }
  const prefix = text.slice(sign.keyStart, offset);
  if (isQuartoCrossRef(prefix)) return undefined;
  const replaceEnd = Math.max(offset, readBareKey(text, offset));
  return { syntax: 'pandoc', prefix, replaceStart: sign.keyStart, replaceEnd, braced: false };
}
