// Citation keys: Better BibTeX's default formula, `auth.lower + shorttitle(3,3) + year`, so our keys look like the
// ones Zotero users already have (shapiroLeadershipNHS2011), and a check that a key works in BibTeX, biber and
// pandoc alike.
import { Person } from '../model';
import { NextIndex } from '../nextIndex';
import { splitPunctuation } from './splitPunctuation';

export interface KeySource {
  authors?: readonly Person[];
  editors?: readonly Person[];
  title: string;
  year?: number;
}

/** Better BibTeX's default skip words (its `skipWords` preference): function words shorttitle leaves out. */
export const SKIP_WORDS: ReadonlySet<string> = new Set([
  'a', 'ab', 'aboard', 'about', 'above', 'across', 'after', 'against', 'al', 'along', 'amid', 'among', 'an', 'and',
  'anti', 'around', 'as', 'at', 'before', 'behind', 'below', 'beneath', 'beside', 'besides', 'between', 'beyond',
  'but', 'by', 'd', 'da', 'das', 'de', 'del', 'dell', 'dello', 'dei', 'degli', 'della', 'delle', 'dem', 'den',
  'der', 'des', 'despite', 'die', 'do', 'down', 'du', 'during', 'ein', 'eine', 'einem', 'einen', 'einer', 'eines',
  'el', 'en', 'et', 'except', 'for', 'from', 'gli', 'i', 'il', 'in', 'inside', 'into', 'is', 'l', 'la', 'las', 'le',
  'les', 'like', 'lo', 'los', 'near', 'nor', 'of', 'off', 'on', 'onto', 'or', 'over', 'past', 'per', 'plus',
  'round', 'save', 'since', 'so', 'some', 'sur', 'than', 'the', 'through', 'to', 'toward', 'towards', 'un', 'una',
  'unas', 'under', 'underneath', 'une', 'unlike', 'uno', 'unos', 'until', 'up', 'upon', 'versus', 'via', 'von',
  'while', 'with', 'within', 'without', 'yet', 'zu', 'zum',
]);

/** Letters that do not decompose into a base letter and a mark, spelt out as Better BibTeX's ASCII folding does. */
const FOLDED: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ð: 'd',
  Ð: 'D', þ: 'th', Þ: 'TH', ı: 'i', ȷ: 'j', ŋ: 'ng', Ŋ: 'NG', ħ: 'h', Ħ: 'H', ĳ: 'ij', Ĳ: 'IJ', ſ: 's',
};

/** Characters Better BibTeX removes from every key (its `citekeyUnsafeChars`), and whitespace. */
const UNSAFE = /[\s\\"#%'(),={}~\uFFFD]/g;

/**
 * The key Better BibTeX's default formula gives a work: the first author's (else editor's) family name in lower
 * case, the first three significant title words capitalised, and the year; parts that are unknown are left out.
 */
export function citationKeyFor(work: KeySource): string {
  const creator = work.authors?.[0] ?? work.editors?.[0];
  const name = creator ? creator.family ?? creator.literal ?? '' : '';
  const words = titleWords(work.title).slice(0, 3).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  const key = `${name.toLowerCase()}${words.join('')}${work.year ?? ''}`;
  return foldToAscii(key).replace(UNSAFE, '');
}

/** The significant words of a title, as Better BibTeX's shorttitle takes them: punctuation gone, ASCII-folded. */
export function titleWords(title: string): string[] {
  const words: string[] = [];
  const cleaned = withoutMarkup(title).replace(/[/:]/g, ' ');
  for (const token of cleaned.split(/\s+/)) {
    // Punctuation around a word is not part of it ("elephant?", "'leadership'"); inside it stays until nopunct.
    const term = splitPunctuation(token)[1];
    if (term === '' || SKIP_WORDS.has(term.toLowerCase())) continue;
    const bare = term.replace(/[\p{Pd}\u2500\uFF0D\u2015]/gu, '').replace(/[\p{Pe}\p{Pf}\p{Pi}\p{Po}\p{Ps}]/gu, '');
    // Single letters are skipped as initials are, digits kept.
    if (bare === '' || ([...bare].length === 1 && !/^\d$/.test(bare))) continue;
    const folded = foldToAscii(bare);
    if (folded === '' || SKIP_WORDS.has(folded.toLowerCase())) continue;
    words.push(folded);
  }
  return words;
}

/**
 * The title without double quotes and the rich-text tags Zotero puts in titles: <i>, <b>, <sc>, <nc>, <code> and
 * <span …> (any attributes, up to the next ">"). The next ">" is looked up once for a run of unclosed <span, as
 * /<span[^>]*>/ would scan to the end of the title from each of them (quadratic).
 */
function withoutMarkup(title: string): string {
  const tag = /<\/?(?:i|b|sc|nc|code)>|<\/?span|"/gi;
  const closers = new NextIndex(title, '>');
  let out = '';
  let from = 0;
  for (let match = tag.exec(title); match !== null; match = tag.exec(title)) {
    let end = tag.lastIndex;
    if (/span$/i.test(match[0])) {
      const close = closers.from(end);
      if (close === -1) continue;
      end = close + 1;
      tag.lastIndex = end;
    }
    out += title.slice(from, match.index);
    from = end;
  }
  return out + title.slice(from);
}

/** ASCII letters for accented and compatibility ones (é to e, ß to ss, ﬁ to fi); what has no ASCII form is dropped. */
export function foldToAscii(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFKD')) {
    const code = ch.charCodeAt(0);
    if (code < 128) out += ch;
    else if (FOLDED[ch] !== undefined && Object.prototype.hasOwnProperty.call(FOLDED, ch)) out += FOLDED[ch];
  }
  return out;
}

/**
 * Why a key would not work in all of BibTeX, biber and pandoc, or undefined when it does. The common ground: ASCII
 * letters, digits and `_`, with `- : . + /` inside (pandoc drops punctuation that ends a key; BibTeX breaks on
 * spaces, commas, braces, quotes, `#`, `%` and `=`; non-ASCII keys trouble classic 8-bit bibtex).
 */
export function citationKeyProblem(key: string): string | undefined {
  if (key === '') return 'A citation key cannot be empty.';
  const bad = /[^A-Za-z0-9_:.+/-]/.exec(key);
  if (bad) {
    const shown = /\s/.test(bad[0]) ? 'a space' : `"${bad[0]}"`;
    return `A citation key cannot contain ${shown}: use letters, digits and _ - : . + / only.`;
  }
  if (!/^[A-Za-z0-9_]/.test(key)) return 'A citation key must start with a letter, a digit or "_".';
  if (!/[A-Za-z0-9_]$/.test(key)) return 'A citation key must end with a letter, a digit or "_" (pandoc leaves trailing punctuation out of the key).';
  return undefined;
}

export function isValidCitationKey(key: string): boolean {
  return citationKeyProblem(key) === undefined;
}
