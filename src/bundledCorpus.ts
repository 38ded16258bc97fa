// Reads the corpus shipped in resources/. A damaged data file must not take the extension down with it: the user's
// own bibliographies still load, and the message says which work and field are at fault (CorpusError names them).
import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import { CorpusError, parseCorpus } from './core/corpus';
import { Corpus } from './core/model';

/** The bundled corpus, or an empty one after telling the user (through `report`) why it could not be read. */
export async function readBundledCorpus(
  uri: vscode.Uri,
  report: (message: string) => void = (message) => void vscode.window.showErrorMessage(message),
): Promise<Corpus> {
  try {
    // Node's own read: the file is the extension's, on the extension host's disk. Through `workspace.fs` the same read
    // took 0.5-1 s of a start-up in VS Code Server, while other extensions were starting, and activation waited on it.
    return parseCorpus(await fs.readFile(uri.fsPath, 'utf8'));
  } catch (error) {
    const reason = error instanceof CorpusError ? error.message : `It could not be read: ${error instanceof Error ? error.message : String(error)}`;
    report(`NHS Leadership Library: the bundled library is damaged, so only your own bibliography files are available. ${reason}`);
    return { themes: [], papers: [] };
  }
}
