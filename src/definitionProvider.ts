// Go to definition from a citation key: to the entry's line in the user's .bib file for a work that came from one,
// otherwise to a read-only BibTeX view of the corpus work, so F12 and Peek work for every known key.
import * as vscode from 'vscode';
import { uriOfSource } from './bibliography/sourceId';
import { BIBTEX_VIEW_SCHEME, DOCUMENT_SELECTOR } from './constants';
import { Library } from './core/library';
import { Paper } from './core/model';
import { DocumentCitations } from './documentCitations';

const VIEW_EXTENSION = '.bib';

/** The URI of the BibTeX view of a work: `nhs-library:/<key>.bib`, the key encoded so any key is one segment. */
export function bibtexViewUri(key: string): vscode.Uri {
  return vscode.Uri.from({ scheme: BIBTEX_VIEW_SCHEME, path: `/${encodeURIComponent(key)}${VIEW_EXTENSION}` });
}

export function keyOfBibtexView(uri: vscode.Uri): string | undefined {
  if (uri.scheme !== BIBTEX_VIEW_SCHEME || !uri.path.endsWith(VIEW_EXTENSION)) return undefined;
  try {
    return decodeURIComponent(uri.path.slice(1, -VIEW_EXTENSION.length));
  } catch {
    return undefined;
  }
}

/** One work as a BibTeX entry (the writer, which the composition root loads on first use). */
export type EntryWriter = (paper: Paper) => string;

/** Serves the BibTeX views, and refreshes open ones when the library changes. */
export class BibtexViewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly library: Library, private readonly writeEntry: EntryWriter) {
    this.subscription = library.onDidChange(() => {
      for (const document of vscode.workspace.textDocuments) {
        if (document.uri.scheme === BIBTEX_VIEW_SCHEME) this.changed.fire(document.uri);
      }
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const key = keyOfBibtexView(uri);
    const paper = key === undefined ? undefined : this.library.lookup(key);
    if (!paper) return `% No work with the key ${key ?? uri.path} is in the NHS Leadership Library.\n`;
    return this.writeEntry(paper);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export class CitationDefinitionProvider implements vscode.DefinitionProvider {
  constructor(private readonly library: Library, private readonly citations: DocumentCitations, private readonly writeEntry: EntryWriter) {}

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): vscode.DefinitionLink[] | undefined {
    const occurrence = this.citations.keyAt(document, position, { includeEnd: true });
    const paper = occurrence && this.library.lookup(occurrence.key);
    if (!occurrence || !paper) return undefined;
    const originSelectionRange = DocumentCitations.rangeOf(document, occurrence);
    const target = paper.origin.kind === 'user' ? userEntryTarget(paper, paper.origin.file, paper.origin.line) : corpusViewTarget(paper, this.writeEntry);
    return [{ originSelectionRange, ...target }];
  }
}

interface Target {
  targetUri: vscode.Uri;
  targetRange: vscode.Range;
  targetSelectionRange: vscode.Range;
}

/**
 * The entry's line (`origin.line` counts from 1); the key itself when the file is open (reading a large .bib on
 * every Ctrl+hover would not be cheap).
 */
function userEntryTarget(paper: Paper, file: string, originLine: number): Target {
  const targetUri = uriOfSource(file);
  const line = Math.max(0, originLine - 1);
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === targetUri.toString());
  const lineRange = new vscode.Range(line, 0, line, 0);
  if (open && line < open.lineCount) {
    const text = open.lineAt(line).text;
    const at = text.indexOf(paper.key, text.indexOf('{') + 1);
    if (at >= 0) return { targetUri, targetRange: open.lineAt(line).range, targetSelectionRange: new vscode.Range(line, at, line, at + paper.key.length) };
  }
  return { targetUri, targetRange: lineRange, targetSelectionRange: lineRange };
}

/** The whole entry, with the key on its first line selected; computed from the text the view will show. */
function corpusViewTarget(paper: Paper, writeEntry: EntryWriter): Target {
  const lines = writeEntry(paper).split(/\r?\n/);
  const lastLine = lines.length - 1;
  const targetRange = new vscode.Range(0, 0, lastLine, lines[lastLine].length);
  const at = lines[0].indexOf(paper.key, lines[0].indexOf('{') + 1);
  const targetSelectionRange = at >= 0 ? new vscode.Range(0, at, 0, at + paper.key.length) : new vscode.Range(0, 0, 0, 0);
  return { targetUri: bibtexViewUri(paper.key), targetRange, targetSelectionRange };
}

export function registerDefinitionProvider(library: Library, citations: DocumentCitations, writeEntry: EntryWriter): vscode.Disposable {
  const views = new BibtexViewProvider(library, writeEntry);
  return vscode.Disposable.from(
    views,
    vscode.workspace.registerTextDocumentContentProvider(BIBTEX_VIEW_SCHEME, views),
    vscode.languages.registerDefinitionProvider(DOCUMENT_SELECTOR, new CitationDefinitionProvider(library, citations, writeEntry)),
  );
}
