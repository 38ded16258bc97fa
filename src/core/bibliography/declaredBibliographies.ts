// What bibliography files a document declares, as the tools that compile it would read them:
// LaTeX `\bibliography{a,b}` (BibTeX adds `.bib`) and biblatex `\addbibresource[opts]{x.bib}`; pandoc's
// `bibliography:` front matter (a string or a list); Quarto's project-level `_quarto.yml`.
import { latexCommands } from './latexCommands';
import { findFrontMatter, findYamlBibliographies } from './yamlBibliography';

export type DeclarationKind = 'bibtex' | 'biblatex' | 'yaml';

export interface DeclaredBibliography {
  /** The name as written (for `\bibliography`, with `.bib` added when missing). */
  reference: string;
  kind: DeclarationKind;
  /** Offset of the name in the text it was read from. */
  offset: number;
}

/** The declaring commands; each takes `[options]{names}`, with one line break allowed before them. */
const LATEX_DECLARATION = /\\(?:bibliography|nobibliography|addbibresource|addglobalbib|addsectionbib)/g;

/**
 * Blanks out LaTeX comments (`%` to the end of the line, but not `\%`), keeping every offset, so a commented-out
 * declaration is never read.
 */
export function blankLatexComments(text: string): string {
  return text.replace(/(^|[^\\])((?:\\\\)*)%[^\n]*/g, (match, before: string, slashes: string) =>
    before + slashes + ' '.repeat(match.length - before.length - slashes.length));
}

export function declaredInLatex(text: string): DeclaredBibliography[] {
  const source = blankLatexComments(text);
  const found: DeclaredBibliography[] = [];
  for (const { name: command, options, argument: list, argumentStart: listOffset } of latexCommands(source, LATEX_DECLARATION, { lineBreak: true })) {
    if (command === 'bibliography' || command === 'nobibliography') {
      let at = 0;
      for (const part of list.split(',')) {
        const name = part.trim();
        if (name) {
          found.push({ reference: /\.bib$/i.test(name) ? name : `${name}.bib`, kind: 'bibtex', offset: listOffset + at + part.indexOf(name) });
        }
        at += part.length + 1;
      }
    } else {
      const name = list.trim();
      // Remote resources are fetched by biber at compile time; there is no file to read.
      if (!name || /location\s*=\s*remote/.test(options) || /^[a-z][a-z0-9+.-]*:\/\//i.test(name)) continue;
      found.push({ reference: name, kind: 'biblatex', offset: listOffset + list.indexOf(name) });
    }
  }
  return found;
}

/** `bibliography:` in a pandoc metadata block at the top of a Markdown, Quarto or R Markdown document. */
export function declaredInFrontMatter(text: string): DeclaredBibliography[] {
  const frontMatter = findFrontMatter(text);
  if (!frontMatter) return [];
  return fromYaml(text, frontMatter.contentStart, frontMatter.contentEnd);
}

/** `bibliography:` in a whole YAML file such as Quarto's `_quarto.yml`; names are relative to that file. */
export function declaredInYamlFile(text: string): DeclaredBibliography[] {
  return fromYaml(text, 0, text.length);
}

function fromYaml(text: string, from: number, to: number): DeclaredBibliography[] {
  const found: DeclaredBibliography[] = [];
  for (const key of findYamlBibliographies(text, from, to)) {
    for (const item of key.items) {
      if (item.value && !found.some((known) => known.reference === item.value)) {
        found.push({ reference: item.value, kind: 'yaml', offset: item.start });
      }
    }
  }
  return found;
}

export function isLatexLanguage(languageId: string): boolean {
  return languageId === 'latex' || languageId === 'tex';
}

/** What a document declares, by its language. */
export function declaredBibliographies(text: string, languageId: string): DeclaredBibliography[] {
  return isLatexLanguage(languageId) ? declaredInLatex(text) : declaredInFrontMatter(text);
}

/** The file named by a `% !TEX root = main.tex` magic comment, which holds a multi-file project's declarations. */
export function latexRootMagic(text: string): string | undefined {
  // The name is trimmed by hand: a lazy (.+?)[ \t]*$ would retry the spaces after each character of it (quadratic).
  const match = /^[ \t]*%[ \t]*!T[eE]X[ \t]+root[ \t]*=[ \t]*([^ \t\n\r\u2028\u2029].*)$/m.exec(text.slice(0, 4096));
  if (!match) return undefined;
  const name = match[1];
  let end = name.length;
  while (name[end - 1] === ' ' || name[end - 1] === '\t') end--;
  return name.slice(0, end);
}

/**
 * Resolves a declared name against the directory of the file that declared it. Both are URI paths
 * (forward slashes; a Windows drive is `/c:/...`); backslashes in the name are taken as separators.
 */
export function resolveReference(declaringPath: string, reference: string): string {
  let name = reference.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(name)) name = `/${name}`;
  if (name.startsWith('/')) return normalizePath(name);
  const dir = declaringPath.slice(0, declaringPath.lastIndexOf('/') + 1);
  return normalizePath(dir + name);
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '.' || (part === '' && out.length > 0)) continue;
    if (part === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(part);
  }
  return out.join('/') || '/';
}

/**
 * The directories to search for a Quarto project file (`_quarto.yml`), nearest first: from the document's
 * directory up to and including the workspace folder. Empty when the document is outside the folder.
 */
export function quartoProjectDirectories(documentPath: string, folderPath: string): string[] {
  // Trailing slashes dropped by hand: /\/+$/ retries a run of slashes from each one (quadratic).
  let rootEnd = folderPath.length;
  while (folderPath[rootEnd - 1] === '/') rootEnd--;
  const root = folderPath.slice(0, rootEnd);
  let dir = documentPath.slice(0, documentPath.lastIndexOf('/'));
  if (dir !== root && !dir.startsWith(`${root}/`)) return [];
  const dirs: string[] = [];
  for (;;) {
    dirs.push(dir);
    if (dir === root || dir.length <= root.length) break;
    dir = dir.slice(0, dir.lastIndexOf('/'));
  }
  return dirs;
}

/** The bibliography formats we read, by file name. */
export function bibliographyFormat(path: string): 'bibtex' | 'csl-json' | undefined {
  if (/\.(bib|bibtex|biblatex)$/i.test(path)) return 'bibtex';
  if (/\.json$/i.test(path)) return 'csl-json';
  return undefined;
}
