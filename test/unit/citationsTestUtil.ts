// Marker notation for citation tests: «key» marks where a key must be found, ‸ marks a cursor.
import { KeyOccurrence } from '../../src/core/citations';

/** Strips «» markers and returns the text with the key ranges they marked. */
export function marked(source: string): { text: string; keys: KeyOccurrence[] } {
  let text = '';
  const keys: KeyOccurrence[] = [];
  let open = -1;
  for (const char of source) {
    if (char === '«') open = text.length;
    else if (char === '»') {
      keys.push({ key: text.slice(open, text.length), start: open, end: text.length });
      open = -1;
    } else text += char;
  }
  return { text, keys };
}

/** Strips the ‸ cursor marker(s) and returns the text with the cursor offsets. */
export function cursors(source: string): { text: string; offsets: number[] } {
  const offsets: number[] = [];
  let text = '';
  for (const char of source) {
    if (char === '‸') offsets.push(text.length);
    else text += char;
  }
  return { text, offsets };
}
