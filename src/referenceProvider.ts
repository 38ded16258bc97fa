// Find all references of a citation key across the workspace's Markdown, Quarto, R Markdown and LaTeX files.
// Open documents are read from the editor (unsaved edits count); other files from the workspace file system, never
// opened as documents. The search is bounded: build, dependency and tool folders are skipped, and so are files
// beyond MAX_FILES or MAX_FILE_BYTES.
import * as vscode from 'vscode';
import { uriOfSource } from './bibliography/sourceId';
import { CITING_LANGUAGES, DOCUMENT_SELECTOR } from './constants';
import { CitationSyntax, findCitationKeys } from './core/citations';
import { Library } from './core/library';
import { DocumentCitations } from './documentCitations';

const INCLUDE = '**/*.{md,markdown,qmd,rmd,Rmd,RMD,tex}';
const ALWAYS_EXCLUDED = ['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'out', 'dist', '_site', '_book', '_freeze', '.quarto', 'renv', '.venv', 'venv', '__pycache__'];
const MAX_FILES = 10_000;
const MAX_FILE_BYTES = 5_000_000;
const PARALLEL_READS = 8;

const SYNTAX_BY_EXTENSION: Readonly<Record<string, CitationSyntax>> = {
  '.md': 'pandoc',
  '.markdown': 'pandoc',
  '.qmd': 'pandoc',
  '.rmd': 'pandoc',
  '.tex': 'latex',
};

export class CitationReferenceProvider implements vscode.ReferenceProvider {
  constructor(private readonly library: Library, private readonly citations: DocumentCitations) {}

  async provideReferences(
    document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext, token: vscode.CancellationToken,
  ): Promise<vscode.Location[]> {
    const occurrence = this.citations.keyAt(document, position, { includeEnd: true });
    if (!occurrence) return [];
    const key = occurrence.key;
    const locations: vscode.Location[] = [];

    const open = new Map<string, vscode.TextDocument>();
    for (const candidate of vscode.workspace.textDocuments) {
      if ((CITING_LANGUAGES as readonly string[]).includes(candidate.languageId)) open.set(candidate.uri.toString(), candidate);
    }
    // Open documents first, including untitled ones and those outside the workspace.
    for (const candidate of open.values()) locations.push(...this.inDocument(candidate, key));

    const files = await vscode.workspace.findFiles(INCLUDE, excludeGlob(), MAX_FILES, token);
    const unread = files.filter((uri) => !open.has(uri.toString()));
    for (let i = 0; i < unread.length && !token.isCancellationRequested; i += PARALLEL_READS) {
      const batch = await Promise.all(unread.slice(i, i + PARALLEL_READS).map((uri) => inFile(uri, key)));
      for (const found of batch) locations.push(...found);
    }

    const paper = this.library.lookup(key);
    if (context.includeDeclaration && paper?.origin.kind === 'user') {
      // origin.line counts from 1.
      locations.push(new vscode.Location(uriOfSource(paper.origin.file), new vscode.Position(Math.max(0, paper.origin.line - 1), 0)));
    }
    return locations;
  }

  private inDocument(document: vscode.TextDocument, key: string): vscode.Location[] {
    return this.citations.keys(document)
      .filter((occurrence) => occurrence.key === key)
      .map((occurrence) => new vscode.Location(document.uri, DocumentCitations.rangeOf(document, occurrence)));
  }
}

/** The key's occurrences in a file that is not open; a file that cannot be read has none. */
async function inFile(uri: vscode.Uri, key: string): Promise<vscode.Location[]> {
  const extension = /\.[^./\\]+$/.exec(uri.path)?.[0].toLowerCase() ?? '';
  const syntax = SYNTAX_BY_EXTENSION[extension];
  if (!syntax) return [];
  let text: string;
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_FILE_BYTES) return [];
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return [];
  }
  // Most files never mention the key: skip the scan for them.
  if (!text.includes(key)) return [];
  const matches = findCitationKeys(text, syntax).filter((occurrence) => occurrence.key === key);
  if (!matches.length) return [];
  const lines = lineStarts(text);
  return matches.map((occurrence) => new vscode.Location(uri, new vscode.Range(positionIn(lines, occurrence.start), positionIn(lines, occurrence.end))));
}

/** Our own exclusions plus the user's `files.exclude` patterns that are switched on. */
function excludeGlob(): string {
  const patterns = ALWAYS_EXCLUDED.map((folder) => `**/${folder}/**`);
  const filesExclude = vscode.workspace.getConfiguration('files').get<Record<string, unknown>>('exclude') ?? {};
  for (const [pattern, enabled] of Object.entries(filesExclude)) {
    // A glob list cannot nest braces; a pattern that has them is left to the user's own search settings.
    if (enabled === true && !/[{}]/.test(pattern)) patterns.push(pattern);
  }
  return `{${patterns.join(',')}}`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function positionIn(lines: number[], offset: number): vscode.Position {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lines[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return new vscode.Position(low, offset - lines[low]);
}

export function registerReferenceProvider(library: Library, citations: DocumentCitations): vscode.Disposable {
  return vscode.languages.registerReferenceProvider(DOCUMENT_SELECTOR, new CitationReferenceProvider(library, citations));
}

