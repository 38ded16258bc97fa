// Where and what to write so that a document declares one more bibliography file, in the form the document already
// uses: pandoc front matter for Markdown, Quarto and R Markdown; biblatex's `\addbibresource` or BibTeX's
// `\bibliography` for LaTeX. Every edit is an insertion: the document's own text is never rewritten.
import { blankLatexComments, isLatexLanguage } from './declaredBibliographies';
import { LatexCommand, latexCommands } from './latexCommands';
import { findFrontMatter, findYamlBibliographies } from './yamlBibliography';

export interface Insertion {
  offset: number;
  text: string;
}

export type DeclarationEdit =
  | { ok: true; insertions: Insertion[] }
  /** Why the document cannot be given a declaration, for a message. */
  | { ok: false; reason: string };

/** The line break a text uses (its first one), or `fallback` when it has none. */
export function lineBreakOf(text: string, fallback: '\n' | '\r\n' = '\n'): '\n' | '\r\n' {
  const at = text.indexOf('\n');
  if (at < 0) return fallback;
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The insertions that make `text` declare `reference` (a path relative to the document, with its extension),
 * e.g. `references.bib`.
 */
export function declarationEdit(text: string, languageId: string, reference: string): DeclarationEdit {
  return isLatexLanguage(languageId) ? latexDeclaration(text, reference) : yamlDeclaration(text, reference);
}

function yamlDeclaration(text: string, reference: string): DeclarationEdit {
  const value = yamlScalar(reference);
  const frontMatter = findFrontMatter(text);
  if (!frontMatter) {
    const eol = lineBreakOf(text);
    const offset = text.startsWith('\uFEFF') ? 1 : 0;
    const spacer = /^\uFEFF?[ \t]*\r?\n/.test(text) || text.length === offset ? '' : eol;
    return insert(offset, `---${eol}bibliography: ${value}${eol}---${eol}${spacer}`);
  }
  const eol = frontMatter.eol;
  const keys = findYamlBibliographies(text, frontMatter.contentStart, frontMatter.contentEnd);
  const key = keys.find((found) => found.indent === '');
  if (!key) return insert(frontMatter.contentEnd, `bibliography: ${value}${eol}`);
  switch (key.style) {
    case 'scalar': {
      const [item] = key.items;
      return { ok: true, insertions: [{ offset: item.start, text: '[' }, { offset: item.end, text: `, ${value}]` }] };
    }
    case 'flow':
      return insert(key.closeBracket!, key.items.length ? `, ${value}` : value);
    case 'block':
      if (!key.items.length) return insert(key.afterColon, ` ${value}`);
      return insert(key.valueEnd, `${eol}${key.itemIndent ?? ''}- ${value}`);
  }
}

/** A YAML plain scalar when the name allows one, else a double-quoted string. */
export function yamlScalar(value: string): string {
  if (/^[A-Za-z0-9_./~\\][A-Za-z0-9_./~\\ -]*$/.test(value) && !/[ ]$/.test(value) && !/\s#/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function latexDeclaration(text: string, reference: string): DeclarationEdit {
  const source = blankLatexComments(text);
  const eol = lineBreakOf(text);
  const beginDocument = source.search(/\\begin[ \t]*\{document\}/);

  if (usesBiblatexSource(source)) {
    const line = `\\addbibresource{${reference}}`;
    const anchor = lastEnd(latexCommands(source, /\\addbibresource/g)) ?? lastEnd(packageLoads(source, /\bbiblatex\b/));
    if (anchor !== undefined && (beginDocument < 0 || anchor < beginDocument)) {
      return insert(endOfLine(text, anchor), `${eol}${line}`);
    }
    if (beginDocument >= 0) return insertLinesBefore(text, beginDocument, `${line}${eol}`, eol);
    return { ok: false, reason: 'The document has no preamble (no \\begin{document}) to declare a bibliography in.' };
  }

  const name = reference.replace(/\.bib$/i, '');
  const [bibliography] = latexCommands(source, /\\bibliography/g, { options: false });
  if (bibliography) {
    return insert(bibliography.end - 1, bibliography.argument.trim() ? `,${name}` : name);
  }
  const endDocument = source.search(/\\end[ \t]*\{document\}/);
  if (endDocument < 0) {
    return { ok: false, reason: 'The document has no \\end{document} to place \\bibliography before.' };
  }
  const hasStyle = /\\bibliographystyle[ \t]*\{/.test(source);
  const usesNatbib = loadsPackage(source, /\bnatbib\b/);
  const style = hasStyle ? '' : `\\bibliographystyle{${usesNatbib ? 'plainnat' : 'plain'}}${eol}`;
  return insertLinesBefore(text, endDocument, `${style}\\bibliography{${name}}${eol}${eol}`, eol);
}

/** Whether a LaTeX document is set up for biblatex (else it is taken to use BibTeX). */
export function usesBiblatex(latex: string): boolean {
  return usesBiblatexSource(blankLatexComments(latex));
}

function usesBiblatexSource(source: string): boolean {
  return loadsPackage(source, /\bbiblatex\b/) || /\\(?:addbibresource|printbibliography)\b/.test(source);
}

function loadsPackage(source: string, name: RegExp): boolean {
  return !packageLoads(source, name).next().done;
}

/** Each `\usepackage` or `\RequirePackage` whose package list has a name that `name` matches. */
function* packageLoads(source: string, name: RegExp): Generator<LatexCommand> {
  for (const command of latexCommands(source, /\\(?:usepackage|RequirePackage)/g)) {
    if (name.test(command.argument)) yield command;
  }
}

function insert(offset: number, text: string): DeclarationEdit {
  return { ok: true, insertions: [{ offset, text }] };
}

/** Where the last of the commands ends. */
function lastEnd(commands: Iterable<LatexCommand>): number | undefined {
  let end: number | undefined;
  for (const command of commands) end = command.end;
  return end;
}

function endOfLine(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  if (at < 0) return text.length;
  return at > 0 && text[at - 1] === '\r' ? at - 1 : at;
}

/** Inserts whole lines before the line holding `offset`, or breaks the line first when text precedes `offset`. */
function insertLinesBefore(text: string, offset: number, lines: string, eol: string): DeclarationEdit {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (text.slice(lineStart, offset).trim() === '') return insert(lineStart, lines);
  return insert(offset, eol + lines);
}
