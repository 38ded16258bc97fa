// The Cited Here view: the works cited in the active Markdown, Quarto, R Markdown or LaTeX editor, in order of first
// citation, kept current while the user types. Keys the library lacks are listed too, flagged, so they get fixed.
import * as vscode from 'vscode';
import { CITING_LANGUAGES, Commands, Views } from '../constants';
import { findCitationKeys, KeyOccurrence, syntaxForLanguage } from '../core/citations';
import { CitedWork, groupCitationsByKey } from '../core/grouping';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { escapeMarkdown, plainText } from '../core/markdownEscape';
import { authorYearDescription, paperTooltipMarkdown, shortTitle, typeIconId } from '../core/paperLabels';
import { paperContextValue, snapshotOf, TreeNodeSnapshot } from './papersTreeProvider';

/** Finds the citation keys of a document, in order (DocumentCitations does, with a cache shared by other features). */
export type CitationKeyScanner = (document: vscode.TextDocument) => readonly KeyOccurrence[];

/** The core scanner without a cache: LaTeX or pandoc by language, nothing for other languages. */
export const scanCitationKeys: CitationKeyScanner = (document) => {
  const syntax = syntaxForLanguage(document.languageId);
  return syntax ? findCitationKeys(document.getText(), syntax) : [];
};

export interface CitedNode extends CitedWork {
  readonly uri: vscode.Uri;
  /** Undefined when the key is in no library. */
  readonly paper?: Paper;
}

/** Long enough to skip the rescans between keystrokes, short enough to feel live. */
export const CITED_HERE_DEBOUNCE_MS = 300;

export class CitedHereTreeProvider implements vscode.TreeDataProvider<CitedNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  private document: vscode.TextDocument | undefined;
  private nodes: CitedNode[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly library: Library, private readonly scan: CitationKeyScanner = scanCitationKeys) {
    this.disposables.push(
      this.changed,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // No text editor (a webview such as the details panel has focus): keep showing the last document.
        if (editor) this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && sameDocument(event.document, this.document)) this.scheduleScan();
      }),
      // A change of language (plain text to Markdown, say) closes the document and opens it again. The close of an
      // untitled document can arrive after a new one has taken its name, hence identity here rather than the URI.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document === this.document) this.setDocument(undefined);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (sameDocument(document, vscode.window.activeTextEditor?.document)) this.follow(document);
      }),
      library.onDidChange(() => this.rescanNow()),
    );
    if (vscode.window.activeTextEditor) this.follow(vscode.window.activeTextEditor.document);
  }

  /** The document whose citations are listed. */
  get currentDocument(): vscode.TextDocument | undefined {
    return this.document;
  }

  getChildren(element?: CitedNode): CitedNode[] {
    return element ? [] : this.nodes;
  }

  getTreeItem(node: CitedNode): vscode.TreeItem {
    const count = node.occurrences.length;
    const times = count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`;
    // A key typed in the document may hold a bidirectional override or a control character: show it without.
    const item = new vscode.TreeItem(node.paper ? shortTitle(node.paper) : plainText(node.key), vscode.TreeItemCollapsibleState.None);
    item.id = node.key;
    if (node.paper) {
      item.description = [authorYearDescription(node.paper), count > 1 ? `${count}×` : ''].filter(Boolean).join(' · ');
      item.iconPath = new vscode.ThemeIcon(typeIconId(node.paper.type));
      item.contextValue = paperContextValue(node.paper);
      item.tooltip = markdown(`${paperTooltipMarkdown(node.paper)}\n\nCited ${times} in this document.`);
    } else {
      item.description = 'not in the library';
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'unknownKey';
      item.tooltip = markdown(`**${escapeMarkdown(node.key)}** is in neither the bundled library nor your bibliography files.\n\nCited ${times} in this document.`);
    }
    item.command = { command: Commands.revealCitations, title: 'Reveal Citations in Editor', arguments: [node] };
    return item;
  }

  /** The listed works as plain data. */
  snapshot(): TreeNodeSnapshot[] {
    return this.nodes.map((node) => snapshotOf(this.getTreeItem(node)));
  }

  /** Scans the current document at once, skipping the debounce (for commands that need fresh results). */
  rescanNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.rescan();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private follow(document: vscode.TextDocument): void {
    const citing = (CITING_LANGUAGES as readonly string[]).includes(document.languageId);
    this.setDocument(citing ? document : undefined);
  }

  private setDocument(document: vscode.TextDocument | undefined): void {
    if (document !== undefined && document === this.document) return;
    this.document = document;
    this.rescanNow();
  }

  private scheduleScan(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.rescan();
    }, CITED_HERE_DEBOUNCE_MS);
  }

  private rescan(): void {
    const document = this.document;
    const occurrences = document ? this.scan(document) : [];
    this.nodes = document
      ? groupCitationsByKey(occurrences).map((work) => ({ ...work, uri: document.uri, paper: this.library.lookup(work.key) }))
      : [];
    this.changed.fire();
  }
}

function sameDocument(a: vscode.TextDocument | undefined, b: vscode.TextDocument | undefined): boolean {
  return a !== undefined && b !== undefined && a.uri.toString() === b.uri.toString();
}

function markdown(value: string): vscode.MarkdownString {
  const result = new vscode.MarkdownString(value, false);
  result.isTrusted = false;
  return result;
}

/** The Cited Here view and its provider. */
export class CitedHereView implements vscode.Disposable {
  readonly provider: CitedHereTreeProvider;
  readonly treeView: vscode.TreeView<CitedNode>;

  constructor(library: Library, scan: CitationKeyScanner = scanCitationKeys) {
    this.provider = new CitedHereTreeProvider(library, scan);
    this.treeView = vscode.window.createTreeView(Views.citedHere, { treeDataProvider: this.provider });
  }

  dispose(): void {
    this.treeView.dispose();
    this.provider.dispose();
  }
}

/**
 * Selects every citation of a key in its document, the first one revealed: the user sees at once where, and how
 * often, a work is cited, and can edit all of them together.
 */
export async function revealCitations(node: Pick<CitedNode, 'uri' | 'occurrences'>): Promise<void> {
  if (node.occurrences.length === 0) return;
  const visible = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === node.uri.toString());
  const document = visible?.document ?? await vscode.workspace.openTextDocument(node.uri);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, preserveFocus: false, preview: false });
  editor.selections = node.occurrences.map(({ start, end }) =>
    new vscode.Selection(document.positionAt(start), document.positionAt(end)));
  editor.revealRange(editor.selections[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
