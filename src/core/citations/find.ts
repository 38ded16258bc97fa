// Whole-document queries over the scanners: every citation, every key, the key or citation at an offset.
import { latexCitationAt, latexKeyAt, scanLatex, scanLatexKeys } from './latexScanner';
import { pandocAt, pandocSignAt, scanPandoc, scanPandocKeys } from './pandocScanner';
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
  return syntax === 'latex' ? scanLatex(text) : scanPandoc(text);
}

/** Every citation key of the document, in order. */
export function findCitationKeys(text: string, syntax: CitationSyntax): KeyOccurrence[] {
  return syntax === 'latex' ? scanLatexKeys(text) : scanPandocKeys(text);
}

/**
 * The key whose range holds `offset`, counting the position just after its last character. Reads only the text
 * near the offset (see latexScanner's restartPoint and pandocScanner's pandocSignAt), with the answer of a whole scan.
 */
export function keyAt(text: string, offset: number, syntax: CitationSyntax): KeyOccurrence | undefined {
  return syntax === 'latex' ? latexKeyAt(text, offset) : pandocSignAt(text, offset).key;
}

/** The citation whose span holds `offset` (both ends included); the innermost when brackets nest. Reads only the text near it. */
export function citationAt(text: string, offset: number, syntax: CitationSyntax): Citation | undefined {
  return syntax === 'latex' ? latexCitationAt(text, offset) : pandocAt(text, offset).citation;
}
