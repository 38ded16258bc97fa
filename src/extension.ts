// The composition root: builds the parts, registers them, and returns the API. Nothing else lives here.
import * as vscode from 'vscode';
import { parseCorpus } from './core/corpus';
import { Library } from './core/library';
import { Paper } from './core/model';
import { PaperSearch } from './core/search/paperSearch';

/** What the extension offers other extensions and the integration tests. */
export interface NhsLibraryApi {
  papers(): Paper[];
  lookup(key: string): Paper | undefined;
  search(query: string, limit?: number): Paper[];
}

export async function activate(context: vscode.ExtensionContext): Promise<NhsLibraryApi> {
  const corpusFile = vscode.Uri.joinPath(context.extensionUri, 'resources', 'corpus.json');
  const corpus = parseCorpus(new TextDecoder().decode(await vscode.workspace.fs.readFile(corpusFile)));
  const library = new Library(corpus);
  let search: PaperSearch | undefined;
  context.subscriptions.push(library.onDidChange(() => (search = undefined)));

  return {
    papers: () => [...library.papers()],
    lookup: (key) => library.lookup(key),
    search: (query, limit) => (search ??= new PaperSearch(library.papers(), library.themes)).search(query, limit),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
