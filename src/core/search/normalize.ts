// Folds text to the form both the index and fuse.js compare: lower case, no diacritics, so "Müller", "MULLER" and
// "muller" are one word whichever way the user or the .bib file wrote it.

// Letters that Unicode does not decompose into a base letter plus a combining mark.
const FOLDS: Record<string, string> = {
  'ł': 'l', 'đ': 'd', 'ð': 'd', 'ø': 'o', 'ħ': 'h', 'ŧ': 't', 'ı': 'i', 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'þ': 'th',
};
const FOLD_RE = /[łđðøħŧıßæœþ]/g;
const COMBINING_RE = /\p{M}+/gu;
const NON_ASCII_RE = /[\u0080-\uffff]/;
const NON_ASCII_RUN_RE = /[\u0080-\uffff]+/g;

/** Lower case without diacritics. Only the non-ASCII stretches are decomposed: most text of any library is ASCII. */
export function normalizeText(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII_RE.test(lower) ? lower.replace(NON_ASCII_RUN_RE, foldRun) : lower;
}

function foldRun(run: string): string {
  return run.normalize('NFD').replace(COMBINING_RE, '').replace(FOLD_RE, (ch) => FOLDS[ch]).normalize('NFC');
}

// Words are runs of letters or of digits: "covid-19" gives "covid" and "19", a key "smith2019a" gives "smith",
// "2019" and "a", so a year inside a key is found like any other year.
const WORD_RE = /\p{L}+|\p{N}+/gu;
const ASCII_WORD_RE = /[a-z]+|[0-9]+/g;

/** The words of already normalised text, in order, repeats kept. */
export function words(normalized: string): string[] {
  return normalized.match(NON_ASCII_RE.test(normalized) ? WORD_RE : ASCII_WORD_RE) ?? [];
}

/** The camelCase parts of a citation key ("CoproductiveHealthLeadership" gives "Coproductive Health Leadership"). */
export function splitCamelCase(key: string): string {
  return key.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2');
}

export function isDigits(word: string): boolean {
  const code = word.charCodeAt(0);
  return code >= 48 && code <= 57;
}
