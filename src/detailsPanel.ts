// The paper details panel: one webview, reused for every work, rendered by src/core/paperDetailsHtml.ts. The page
// keeps the shown key in its webview state, so the panel survives being hidden and a window reload (serializer).
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import { Commands } from './constants';
import { Library } from './core/library';
import { Paper } from './core/model';
import { DetailsAction, isDetailsAction, renderMissingPaperHtml, renderPaperDetailsHtml } from './core/paperDetailsHtml';
import { plainText } from './core/markdownEscape';
import { shortTitle } from './core/paperLabels';

export const DETAILS_VIEW_TYPE = 'nhsLibrary.details';

/** The command each button of the page runs, with the shown key. */
const ACTION_COMMANDS: Record<DetailsAction, string> = {
  insert: Commands.insertPaperCitation,
  copyBibtex: Commands.copyBibtex,
  copyReference: Commands.copyReference,
  openSource: Commands.openSource,
};

export class DetailsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private key: string | undefined;
  private renderedHtml: string | undefined;
  /** The work last rendered: a library change that leaves it as it was does not reload the page. */
  private renderedPaper: Paper | undefined;
  private readonly panelDisposables: vscode.Disposable[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly library: Library) {
    this.disposables.push(
      library.onDidChange(() => {
        if (this.key !== undefined && this.library.lookup(this.key) !== this.renderedPaper) this.render();
      }),
      vscode.window.registerWebviewPanelSerializer(DETAILS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          const key = isObject(state) && typeof state.key === 'string' ? state.key : undefined;
          this.adopt(panel, key);
        },
      }),
    );
  }

  /** Shows a work, in the existing panel if there is one; beside the editor, leaving focus where it is. */
  show(key: string): void {
    if (this.panel) {
      // The same work again only brings the panel forward: re-rendering would reload the page for nothing.
      if (key !== this.key || this.renderedHtml === undefined) {
        this.key = key;
        this.render();
      }
      this.panel.reveal(undefined, true);
      return;
    }
    this.key = key;
    const panel = vscode.window.createWebviewPanel(DETAILS_VIEW_TYPE, 'Paper Details',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.adopt(panel, key);
  }

  /** The HTML last rendered, for tests. */
  html(): string | undefined {
    return this.renderedHtml;
  }

  /** The key shown, if the panel is open. */
  shownKey(): string | undefined {
    return this.panel ? this.key : undefined;
  }

  isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  /** Takes over a panel, new or restored after a reload. */
  private adopt(panel: vscode.WebviewPanel, key: string | undefined): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.panel = panel;
    this.key = key;
    // A tab icon is drawn as an image, where currentColor is black: the dark theme gets a light copy.
    panel.iconPath = {
      light: vscode.Uri.joinPath(this.extensionUri, 'media', 'library.svg'),
      dark: vscode.Uri.joinPath(this.extensionUri, 'media', 'library-dark.svg'),
    };
    // A restored panel comes with the options it was saved with; set ours again in case they changed.
    panel.webview.options = this.webviewOptions();
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
      panel.onDidDispose(() => {
        vscode.Disposable.from(...this.panelDisposables.splice(0)).dispose();
        if (this.panel === panel) {
          this.panel = undefined;
          this.renderedHtml = undefined;
        }
      }),
    );
    this.render();
  }

  private render(): void {
    const { panel, key } = this;
    if (!panel || key === undefined) {
      if (panel) panel.dispose();
      return;
    }
    const webview = panel.webview;
    const page = {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'details.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'details.js')).toString(),
    };
    const paper = this.library.lookup(key);
    panel.title = paper ? shortTitle(paper, 40) : plainText(key);
    this.renderedPaper = paper;
    this.renderedHtml = paper ? renderPaperDetailsHtml(paper, this.library.themes, page) : renderMissingPaperHtml(key, page);
    webview.html = this.renderedHtml;
  }

  private onMessage(message: unknown): void {
    // The page only names an action; the key is ours, so a message can never act on another work.
    if (!isObject(message) || !isDetailsAction(message.action) || this.key === undefined) return;
    if (!this.library.lookup(this.key)) return;
    void Promise.resolve(vscode.commands.executeCommand(ACTION_COMMANDS[message.action], this.key)).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`NHS Leadership Library: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
