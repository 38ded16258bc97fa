// The nhsLibrary.exportBibliography command: the bundled library, or the works cited in the active document, as
// BibTeX or CSL-JSON, to a file the user chooses. And nhsLibrary.reloadBibliographies. Their handlers, for
// deferBibliographies.ts to register.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { findCitationKeys, syntaxForLanguage } from '../core/citations/find';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { BibliographyManager } from './bibliographyManager';

export type ExportScope = 'corpus' | 'cited';
export type ExportFormat = 'bibtex' | 'csl-json';

/** The serialisers, from the BibTeX and CSL modules. */
export interface ExportWriters {
  bibtex(papers: readonly Paper[]): string;
  cslJson(papers: readonly Paper[]): string;
}

/** Arguments that skip the questions (for keybindings and tests); any left out is asked. */
export interface ExportArgs {
  scope?: ExportScope;
  format?: ExportFormat;
  uri?: vscode.Uri;
}

interface Selection {
  papers: Paper[];
  /** Cited keys found in no library, for the closing message. */
  unknown: string[];
  fileStem: string;
}

/** The two commands' handlers (deferBibliographies.ts registers them). */
export function bibliographyCommands(library: Library, manager: BibliographyManager, writers: ExportWriters) {
  return {
    [Commands.exportBibliography]: (args?: ExportArgs) => exportBibliography(library, writers, args ?? {}),
    [Commands.reloadBibliographies]: () => vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reloading bibliography files' },
      () => manager.reload(),
    ),
  };
}

/** Returns the file written, or undefined when the user cancelled or nothing could be written. */
async function exportBibliography(library: Library, writers: ExportWriters, args: ExportArgs): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = editor && syntaxForLanguage(editor.document.languageId) ? editor.document : undefined;
  const scope = args.scope ?? await pickScope(library, document);
  if (!scope) return undefined;
  if (scope === 'cited' && !document) {
    void vscode.window.showErrorMessage('Open a Markdown, Quarto, R Markdown or LaTeX document to export the works it cites.');
    return undefined;
  }
  const selection = scope === 'corpus' ? { papers: [...library.corpus()], unknown: [], fileStem: 'nhs-leadership-library' } : cited(library, document!);
  if (!selection.papers.length) {
    void vscode.window.showInformationMessage(`${baseName(document!.uri)} cites no work of the library, so there is nothing to export.`);
    return undefined;
  }
  const format = args.format ?? await pickFormat();
  if (!format) return undefined;
  const extension = format === 'bibtex' ? 'bib' : 'json';
  const uri = args.uri ?? await vscode.window.showSaveDialog({
    defaultUri: defaultLocation(document, `${selection.fileStem}.${extension}`),
    filters: format === 'bibtex' ? { BibTeX: ['bib'] } : { 'CSL-JSON': ['json'] },
    saveLabel: 'Export',
    title: 'Export Bibliography',
  });
  if (!uri) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage('This workspace is in Restricted Mode, so the NHS Leadership Library writes no files. Trust the workspace to export.');
    return undefined;
  }
  const text = format === 'bibtex' ? writers.bibtex(selection.papers) : writers.cslJson(selection.papers);
  try {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not write ${uri.fsPath || uri.toString()}: ${(error as Error).message}`);
    return undefined;
  }
  const skipped = selection.unknown.length ? ` ${selection.unknown.length} cited ${selection.unknown.length === 1 ? 'key is' : 'keys are'} in no library: ${selection.unknown.slice(0, 5).join(', ')}${selection.unknown.length > 5 ? ', …' : ''}.` : '';
  const open = 'Open';
  void vscode.window.showInformationMessage(`Exported ${selection.papers.length} ${selection.papers.length === 1 ? 'work' : 'works'} to ${baseName(uri)}.${skipped}`, open)
    .then(async (answer) => {
      if (answer === open) await vscode.window.showTextDocument(uri);
    });
  return uri;
}

function cited(library: Library, document: vscode.TextDocument): Selection {
  const syntax = syntaxForLanguage(document.languageId)!;
  const papers: Paper[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const { key } of findCitationKeys(document.getText(), syntax)) {
    if (seen.has(key)) continue;
    seen.add(key);
    const paper = library.lookup(key);
    if (paper) papers.push(paper);
    else unknown.push(key);
  }
  const name = baseName(document.uri);
  return { papers, unknown, fileStem: `${name.replace(/\.[^.]+$/, '') || 'references'}-references` };
}

async function pickScope(library: Library, document: vscode.TextDocument | undefined): Promise<ExportScope | undefined> {
  const items: (vscode.QuickPickItem & { scope: ExportScope })[] = [
    { label: 'The NHS Leadership Library', description: `${library.corpus().length} works`, scope: 'corpus' },
  ];
  if (document) {
    const keys = new Set(findCitationKeys(document.getText(), syntaxForLanguage(document.languageId)!).map((key) => key.key));
    items.unshift({ label: `Works cited in ${baseName(document.uri)}`, description: `${keys.size} ${keys.size === 1 ? 'key' : 'keys'}`, scope: 'cited' });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Export Bibliography', placeHolder: 'What to export' });
  return picked?.scope;
}

async function pickFormat(): Promise<ExportFormat | undefined> {
  const picked = await vscode.window.showQuickPick([
    { label: 'BibTeX', description: '.bib, for LaTeX (BibTeX or biber) and pandoc', format: 'bibtex' as const },
    { label: 'CSL-JSON', description: '.json, for pandoc, Quarto, Zotero and other CSL processors', format: 'csl-json' as const },
  ], { title: 'Export Bibliography', placeHolder: 'Format' });
  return picked?.format;
}

function defaultLocation(document: vscode.TextDocument | undefined, fileName: string): vscode.Uri | undefined {
  if (document && !document.isUntitled) return vscode.Uri.joinPath(document.uri, '..', fileName);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? vscode.Uri.joinPath(folder.uri, fileName) : undefined;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
