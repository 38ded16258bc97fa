// VS Code's window progress while the search index of a changed library is made. A large library takes seconds to
// index (in the parse worker, or here in slices), and searches meanwhile answer from the previous index, so a work
// just added is not found yet: the status bar says why.
import * as vscode from 'vscode';

/** What the indicator watches: SearchService.onDidChangeIndexing. */
export interface IndexingSource {
  onDidChangeIndexing(listener: (indexing: boolean) => void): { dispose(): void };
}

/** Only indexing that lasts is worth an indicator: a small library is indexed in a few milliseconds. */
const SHOW_AFTER_MS = 500;

export function showIndexingProgress(source: IndexingSource): vscode.Disposable {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done: (() => void) | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    done?.();
    done = undefined;
  };
  const subscription = source.onDidChangeIndexing((indexing) => {
    if (!indexing) return stop();
    if (timer || done) return;
    timer = setTimeout(() => {
      timer = undefined;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Indexing the library for search' },
        () => new Promise<void>((resolve) => (done = resolve)));
    }, SHOW_AFTER_MS);
  });
  return { dispose: () => {
    subscription.dispose();
    stop();
  } };
}
