// Reads the corpus shipped in resources/. A damaged data file must not take the extension down with it: the user's
// own bibliographies still load, and the message says which work and field are at fault (CorpusError names them).
import * as vscode from 'vscode';
import { CorpusError, parseCorpus } from './core/corpus';
import { Corpus } from './core/model';

/** The bundled corpus, or an empty one after telling the user (through `report`) why it could not be read. */
export async function readBundledCorpus(
  uri: vscode.Uri,
  report: (message: string) => void = (message) => void vscode.window.showErrorMessage(message),
): Promise<Corpus> {
  try {
    return parseCorpus(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
  } catch (error) {
    const reason = error instanceof CorpusError ? error.message : `It could not be read: ${error instanceof Error ? error.message : String(error)}`;
    report(`NHS Leadership Library: the bundled library is damaged, so only your own bibliography files are available. ${reason}`);
    return { themes: [], papers: [] };
  }
}
