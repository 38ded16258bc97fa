// Flags citation keys that are in no library, in open Markdown, Quarto, R Markdown and LaTeX documents: checked
// when a document opens, again a moment after each edit, and for every open document when the library changes.
import * as vscode from 'vscode';
import { BIBTEX_VIEW_SCHEME, CITING_LANGUAGES, Settings } from './constants';
import { Library } from './core/library';
import { plainText } from './core/markdownEscape';
import { DocumentCitations } from './documentCitations';

export const DIAGNOSTIC_SOURCE = 'NHS Leadership Library';
export const UNKNOWN_KEY_CODE = 'unknown-citation-key';

/** Typing pauses shorter than this do not re-check the document. */
const DEBOUNCE_MS = 300;

/** Read-only views of other content (history, diffs, output, our own BibTeX view): problems there are not the user's. */
const IGNORED_SCHEMES = new Set([BIBTEX_VIEW_SCHEME, 'git', 'gitfs', 'output', 'vscode-scm', 'review', 'pr', 'gitlens', 'vscode-chat-code-block']);

export class CitationDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('nhsLibrary.citations');
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly library: Library, private readonly citations: DocumentCitations) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document.uri);
        this.collection.delete(document.uri);
      }),
      library.onDidChange(() => this.checkAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${Settings.section}.${Settings.diagnosticsEnabled}`)) this.checkAll();
      }),
    ];
    this.checkAll();
  }

  /** Re-checks every open document now. */
  checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  /** Checks the document now, replacing its diagnostics (or clearing them when they are off or do not apply). */
  check(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    if (!appliesTo(document)) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics: vscode.Diagnostic[] = [];
    for (const occurrence of this.citations.keys(document)) {
      if (this.library.has(occurrence.key)) continue;
      const diagnostic = new vscode.Diagnostic(
        DocumentCitations.rangeOf(document, occurrence),
        // Without any bidirectional override or control character the key holds, which could disguise the message.
        `Unknown citation key ${plainText(occurrence.key)}: it is in neither the NHS Leadership Library nor your bibliography files.`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = UNKNOWN_KEY_CODE;
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    this.pending.set(document.uri.toString(), setTimeout(() => {
      this.pending.delete(document.uri.toString());
      // The document may have closed meanwhile; a closed one has no diagnostics.
      if (!document.isClosed) this.check(document);
    }, DEBOUNCE_MS));
  }

  private cancel(uri: vscode.Uri): void {
    const id = uri.toString();
    const timer = this.pending.get(id);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(id);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}

function appliesTo(document: vscode.TextDocument): boolean {
  if (!(CITING_LANGUAGES as readonly string[]).includes(document.languageId)) return false;
  if (IGNORED_SCHEMES.has(document.uri.scheme)) return false;
  return vscode.workspace.getConfiguration(Settings.section, document.uri).get<boolean>(Settings.diagnosticsEnabled, true);
}
