// Splits a word at its letters and digits, for title casing (bibtexWriter) and citation keys (citationKey).

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * A word as its leading punctuation, its core from the first letter or digit to the last, and its trailing
 * punctuation; a word without letters or digits is all leading punctuation. A loop over code points, because a
 * regular expression with a lazy core (/^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/u) tries every split of a long
 * word of punctuation, which is quadratic.
 */
export function splitPunctuation(word: string): [lead: string, core: string, trail: string] {
  const chars = [...word];
  let first = 0;
  while (first < chars.length && !LETTER_OR_DIGIT.test(chars[first])) first++;
  if (first === chars.length) return [word, '', ''];
  let last = chars.length;
  while (!LETTER_OR_DIGIT.test(chars[last - 1])) last--;
  return [chars.slice(0, first).join(''), chars.slice(first, last).join(''), chars.slice(last).join('')];
}
