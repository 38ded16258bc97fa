// The citation keys of open documents, scanned once per document version and shared by hover, go to definition,
// references, diagnostics and quick fixes: resting the mouse on a 5,000-line document costs a binary search.
import * as vscode from 'vscode';
import { findCitationKeys, KeyOccurrence, syntaxForLanguage } from './core/citations';

interface Scan {
  version: number;
  languageId: string;
  keys: readonly KeyOccurrence[];
}

export class DocumentCitations implements vscode.Disposable {
  private readonly scans = new Map<string, Scan>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidCloseTextDocument((document) => this.scans.delete(document.uri.toString()));
  }

  /** Every citation key of the document in order, or none for a language without citations. */
  keys(document: vscode.TextDocument): readonly KeyOccurrence[] {
    const id = document.uri.toString();
    const cached = this.scans.get(id);
    if (cached && cached.version === document.version && cached.languageId === document.languageId) return cached.keys;
    const syntax = syntaxForLanguage(document.languageId);
    const keys = syntax ? findCitationKeys(document.getText(), syntax) : [];
    this.scans.set(id, { version: document.version, languageId: document.languageId, keys });
    return keys;
  }

  /**
   * The key at a position. A hover asks for the key under the mouse, so the position just after the key (the `]`
   * or `,` that follows) is not on it; go to definition and references also take a cursor placed right after it.
   */
  keyAt(document: vscode.TextDocument, position: vscode.Position, { includeEnd }: { includeEnd: boolean }): KeyOccurrence | undefined {
    const keys = this.keys(document);
    const offset = document.offsetAt(position);
    let low = 0;
    let high = keys.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const key = keys[middle];
      if (offset < key.start) high = middle - 1;
      else if (offset > key.end || (offset === key.end && !includeEnd)) low = middle + 1;
      else return key;
    }
    return undefined;
  }

  /** The document range of a key. */
  static rangeOf(document: vscode.TextDocument, key: KeyOccurrence): vscode.Range {
    return new vscode.Range(document.positionAt(key.start), document.positionAt(key.end));
  }

  dispose(): void {
    this.subscription.dispose();
    this.scans.clear();
  }
}
