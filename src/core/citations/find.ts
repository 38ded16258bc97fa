// Whole-document queries over the scanners: every citation, every key, the key or citation at an offset.
import { scanLatex, scanLatexKeys } from './latexScanner';
import { scanPandoc, scanPandocKeys } from './pandocScanner';
import { Citation, CitationSyntax, KeyOccurrence } from './types';

const LANGUAGE_SYNTAX: Readonly<Record<string, CitationSyntax>> = {
  latex: 'latex',
  tex: 'latex',
  markdown: 'pandoc',
  quarto: 'pandoc',
  rmd: 'pandoc',
  rmarkdown: 'pandoc',
  pandoc: 'pandoc',
};

/** The citation syntax of a VS Code language id, or undefined for languages without citations. */
export function syntaxForLanguage(languageId: string): CitationSyntax | undefined {
  return Object.prototype.hasOwnProperty.call(LANGUAGE_SYNTAX, languageId) ? LANGUAGE_SYNTAX[languageId] : undefined;
}

/** Every citation, in order of its start, including unfinished LaTeX ones (a key list with `closed: false`). */
export function findCitations(text: string, syntax: CitationSyntax): Citation[] {
  return syntax === 'latex' ? scanLatex(text) : scanPandoc(text).citations;
}

/** Every citation key of the document, in order. */
export function findCitationKeys(text: string, syntax: CitationSyntax): KeyOccurrence[] {
  return syntax === 'latex' ? scanLatexKeys(text) : scanPandocKeys(text);
}

/** The key whose range holds `offset`, counting the position just after its last character. */
export function keyAt(text: string, offset: number, syntax: CitationSyntax): KeyOccurrence | undefined {
  const keys = findCitationKeys(text, syntax);
  const index = lastStartingAtOrBefore(keys, offset);
  return index >= 0 && offset <= keys[index].end ? keys[index] : undefined;
}

/** The citation whose span holds `offset` (both ends included); the innermost when brackets nest. */
export function citationAt(text: string, offset: number, syntax: CitationSyntax): Citation | undefined {
  return enclosingCitation(findCitations(text, syntax), offset);
}

/** Like citationAt, over citations already found (sorted by start). */
export function enclosingCitation(citations: readonly Citation[], offset: number): Citation | undefined {
  const last = lastStartingAtOrBefore(citations, offset);
  // Only nested pandoc brackets overlap; walking back, the first span holding the offset is the innermost. The walk
  // is bounded so a query stays cheap in a document of many citations.
  for (let i = last; i >= 0 && i > last - 64; i--) {
    if (offset <= citations[i].end) return citations[i];
  }
  return undefined;
}

/** Index of the last item with start <= offset, or -1; items are sorted by start. */
export function lastStartingAtOrBefore(items: readonly { start: number }[], offset: number): number {
  let low = 0;
  let high = items.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (items[middle].start <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
