// Splits what the user typed into the words the index looks up, and says how each may match.
import { isDigits, normalizeText, words } from './normalize';
import { STOP_WORDS } from './stopWords';

export type QueryTermKind = 'word' | 'number';

export interface QueryTerm {
  text: string;
  kind: QueryTermKind;
  /** The last word while it is still being typed: it may be the start of a longer word. */
  partial: boolean;
}

export interface ParsedQuery {
  /** The words and numbers that should all match, years apart. */
  terms: QueryTerm[];
  /** Four-digit years; a work must have one of them, exactly, as its year or in its text. */
  years: string[];
  /** The query folded and without spaces, compared with keys for an exact key match. */
  compact: string;
  /** The words in order, with stop words, for phrase matches. */
  phrase: string;
}

// Four digits from 1500 to 2099: anything else is an ordinary number (a volume, "100 days").
const YEAR_RE = /^(1[5-9]|20)\d\d$/;

export function parseQuery(query: string): ParsedQuery {
  const normalized = normalizeText(query);
  const all = words(normalized);
  const typing = all.length > 0 && !/[\s,;]$/.test(query);
  const terms: QueryTerm[] = [];
  const years: string[] = [];
  all.forEach((text, index) => {
    const partial = typing && index === all.length - 1;
    if (isDigits(text)) {
      if (YEAR_RE.test(text)) {
        if (!years.includes(text)) years.push(text);
      } else {
        add(terms, { text, kind: 'number', partial });
      }
      return;
    }
    // A finished stop word narrows nothing; one being typed may be the start of a real word ("the" -> "theory").
    if (STOP_WORDS.has(text) && !partial) return;
    add(terms, { text, kind: 'word', partial });
  });
  // A query of stop words only ("the and") still has to match something.
  if (!terms.length && !years.length) all.forEach((text) => add(terms, { text, kind: 'word', partial: false }));
  return { terms, years, compact: normalized.replace(/\s+/g, ''), phrase: all.join(' ') };
}

function add(terms: QueryTerm[], term: QueryTerm): void {
  const same = terms.find((other) => other.text === term.text);
  if (same) same.partial &&= term.partial;
  else terms.push(term);
}
