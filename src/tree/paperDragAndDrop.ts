// Dragging works out of the Papers view: the tree puts their keys on a mime type of ours (and on text/plain, for any
// other drop target), and a drop provider for the citing languages turns them into a citation at the drop point, in
// that editor's syntax. Drops of anything else (files, text/uri-list) are left to VS Code and other extensions.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR, Settings } from '../constants';
import { PandocCitationStyle, planCitationInsertion, syntaxForLanguage, TextEdit } from '../core/citations';
import type { PapersNode } from './papersTreeProvider';

/** Carries a JSON array of citation keys. */
export const CITATION_KEYS_MIME = 'application/vnd.nhs-library.citation-keys+json';

/** Plans the edits that cite `keys` at `offset` of a document's text, as the insert command would. */
export type CitationEditPlanner = (text: string, offset: number, keys: readonly string[], languageId: string) => readonly TextEdit[];

export class PaperDragAndDropController implements vscode.TreeDragAndDropController<PapersNode> {
  readonly dragMimeTypes = [CITATION_KEYS_MIME, 'text/plain'];
  // Nothing can be dropped on the library itself.
  readonly dropMimeTypes: readonly string[] = [];

  handleDrag(source: readonly PapersNode[], dataTransfer: vscode.DataTransfer): void {
    const keys = [...new Set(source.flatMap((node) => (node.kind === 'paper' ? [node.paper.key] : [])))];
    if (keys.length === 0) return;
    dataTransfer.set(CITATION_KEYS_MIME, new vscode.DataTransferItem(JSON.stringify(keys)));
    dataTransfer.set('text/plain', new vscode.DataTransferItem(keys.join(', ')));
  }
}

/** The keys a data transfer carries on our mime type; empty when it carries none (or anything malformed). */
export async function citationKeysOf(dataTransfer: vscode.DataTransfer): Promise<string[]> {
  const item = dataTransfer.get(CITATION_KEYS_MIME);
  if (!item) return [];
  try {
    const value: unknown = JSON.parse(await item.asString());
    return Array.isArray(value) ? value.filter((key): key is string => typeof key === 'string' && key.trim() !== '') : [];
  } catch {
    return [];
  }
}

export class CitationDropEditProvider implements vscode.DocumentDropEditProvider {
  constructor(
    private readonly plan: CitationEditPlanner,
    private readonly onDidCite?: (document: vscode.TextDocument, keys: readonly string[]) => unknown,
  ) {}

  async provideDocumentDropEdits(
    document: vscode.TextDocument, position: vscode.Position, dataTransfer: vscode.DataTransfer, token: vscode.CancellationToken,
  ): Promise<vscode.DocumentDropEdit | undefined> {
    const keys = await citationKeysOf(dataTransfer);
    if (keys.length === 0 || token.isCancellationRequested) return undefined;
    const edit = dropEditFor(document, document.offsetAt(position), this.plan(document.getText(), document.offsetAt(position), keys, document.languageId));
    // A drop edit cannot carry a command, so the bibliography is told once VS Code has applied the drop.
    if (edit && this.onDidCite) setTimeout(() => void this.onDidCite?.(document, keys), 0);
    return edit;
  }
}

/**
 * A drop inserts at the drop point; a plan that edits elsewhere (adding a key inside the citation the drop landed
 * in, say) goes into the additional edit, with nothing typed at the drop point itself.
 */
export function dropEditFor(document: vscode.TextDocument, offset: number, edits: readonly TextEdit[]): vscode.DocumentDropEdit | undefined {
  if (edits.length === 0) return undefined;
  if (edits.length === 1 && edits[0].start === offset && edits[0].end === offset) return new vscode.DocumentDropEdit(edits[0].newText);
  const drop = new vscode.DocumentDropEdit('');
  drop.additionalEdit = new vscode.WorkspaceEdit();
  for (const edit of edits) {
    drop.additionalEdit.replace(document.uri, new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.newText);
  }
  return drop;
}

/** The insert command's plan: the same syntax, settings and "join the citation the cursor is in" behaviour. */
export const planDroppedCitation: CitationEditPlanner = (text, offset, keys, languageId) => {
  const syntax = syntaxForLanguage(languageId);
  if (!syntax) return [];
  const configuration = vscode.workspace.getConfiguration(Settings.section);
  return planCitationInsertion(text, [offset], keys, syntax, {
    latexCommand: configuration.get<string>(Settings.latexCiteCommand),
    pandocStyle: configuration.get<PandocCitationStyle>(Settings.markdownCitationStyle),
  });
};

export function registerCitationDropProvider(
  onDidCite?: (document: vscode.TextDocument, keys: readonly string[]) => unknown,
  plan: CitationEditPlanner = planDroppedCitation,
): vscode.Disposable {
  return vscode.languages.registerDocumentDropEditProvider(DOCUMENT_SELECTOR, new CitationDropEditProvider(plan, onDidCite));
}
