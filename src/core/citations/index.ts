// Citation syntax for LaTeX and pandoc (Markdown, Quarto, R Markdown): find, complete, insert. Pure TypeScript.
//
// API (stable; all offsets index the document text, every `end` is exclusive):
//
//   type CitationSyntax = 'latex' | 'pandoc'
//   syntaxForLanguage(languageId): CitationSyntax | undefined      latex, tex -> latex; markdown, quarto, rmd -> pandoc
//
//   interface KeyOccurrence { key; start; end }                     text.slice(start, end) === key (pandoc: no @ or {})
//   interface KeyList { start; end; closed; keys }                  inside `{…}` (LaTeX) or `[…]` (pandoc)
//   interface Citation { form: 'latex'|'bracketed'|'inText'; start; end; command?; lists; keys }
//
//   findCitations(text, syntax): Citation[]             every citation, by start; unfinished LaTeX lists included
//   findCitationKeys(text, syntax): KeyOccurrence[]     every key of the document, in order
//   keyAt(text, offset, syntax): KeyOccurrence | undefined      the key holding offset (start <= offset <= end)
//   citationAt(text, offset, syntax): Citation | undefined      the (innermost) citation holding offset
//   completionContext(text, offset, syntax): { syntax, prefix, replaceStart, replaceEnd, braced } | undefined
//   planCitationInsertion(text, targets, keys, syntax, { latexCommand?, pandocStyle? }): TextEdit[]
//       targets: offsets or { start, end } selections; one edit at most per target, never overlapping
//   offsetsAfterEdits(edits): number[]                  where each cursor goes once the edits are applied
//   formatCitation(keys, syntax, options): string       a new citation: `\cite{a,b}`, `[@a; @b]`, `@a; @b`
//   pandocKeyText(key): string | undefined              `key`, or `{key}` when pandoc's grammar needs braces; undefined
//                                                       when no citation can name it (isPandocKey; isCitableKey per syntax)
//
// The scanners are hand-written and linear (no regular expression that could backtrack). findCitations and
// findCitationKeys read the whole text; keyAt, citationAt, completionContext and planCitationInsertion read only the
// text near their offset, with the same answer: LaTeX from the last paragraph start before it that no argument or
// verbatim environment reaches into, pandoc the paragraph of the offset (the paragraphs before it pass through the
// line pass only, which knows fences and front matter, and an inline pass only when they open an HTML comment;
// keyAt and completionContext, which need no brackets, read that paragraph only up to the offset). So a query per
// keystroke costs little in a long document, and a 1 MB line at most tens of milliseconds. What counts:
// - LaTeX: the cite commands of natbib, biblatex and apacite (LATEX_CITE_COMMANDS), starred, with up to two
//   `[…]` arguments; multicites (LATEX_MULTICITE_COMMANDS) with `(…)(…)` and `[…][…]{…}` repeated. Keys may be
//   spread over lines. Skipped: `%` comments (not `\%`), verbatim, lstlisting, minted, comment and filecontents
//   environments, `\verb`, `\lstinline`, `\mintinline`. `\nocite{*}` has no key.
// - Pandoc: `[@a; @b, p. 4]`, `[-@a]`, `@a`, `@{key}`; `@` must begin a line or follow white space, `[`, `;` or
//   `-`, so e-mail addresses are not citations. Skipped: YAML front matter, fenced code (``` or ~~~), code spans,
//   HTML comments, `\@`. Quarto cross-references (`@fig-…`, `@tbl-…`, `@sec-…`, …) are not citations.
export type { Citation, CitationSyntax, CompletionContext, KeyList, KeyOccurrence, TextEdit } from './types';
export { citationAt, findCitationKeys, findCitations, keyAt, syntaxForLanguage } from './find';
export { completionContext } from './completionContext';
export {
  DEFAULT_LATEX_CITE_COMMAND, formatCitation, isCitableKey, isLatexKey, isValidLatexCiteCommand, offsetsAfterEdits, planCitationInsertion,
} from './insertion';
export type { InsertionOptions, InsertionTarget, PandocCitationStyle } from './insertion';
export { LATEX_CITE_COMMANDS, LATEX_MULTICITE_COMMANDS, LATEX_VERBATIM_ENVIRONMENTS } from './latexScanner';
export { isBareKey, isPandocKey, isQuartoCrossRef, pandocKeyText, QUARTO_CROSSREF_PREFIXES } from './pandocKey';
