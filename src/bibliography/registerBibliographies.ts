// Builds the user-bibliography parts (parse worker client, manager, writer, auto-add, commands' handlers). This is
// the entry of their own bundle, dist/bibliographies.js, which deferBibliographies.ts loads just after activation.
// Nothing is read here: discovery starts on a timer.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { BibliographyCommand, InternalCommands } from '../constants';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import type { YieldToHost } from '../core/search/steps';
import { AutoAdd, EntryDialect } from './autoAdd';
import { BibliographyManager } from './bibliographyManager';
import { BibliographyWriter } from './bibliographyWriter';
import { bibliographyCommands, ExportWriters } from './exportBibliography';
import { ParserClient } from './parserClient';

export interface BibliographyParts {
  /** The hook for the insert commands: call it after keys were put into a document. */
  onDidCite(document: vscode.TextDocument, keys: readonly string[]): Promise<void>;
  /** Has the parse worker, which holds the works it read, build a large library's search index (see SearchService). */
  buildIndex: ParserClient['buildIndex'];
  /** The handlers of the commands these parts answer, for the composition root's part to register. */
  commands: Record<BibliographyCommand, (...args: never[]) => unknown>;
}

export interface BibliographySerialisers extends ExportWriters {
  /** One work as a BibTeX entry, for appending. */
  entry(paper: Paper, dialect: EntryDialect): string;
}

export function registerBibliographies(
  context: vscode.ExtensionContext,
  library: Library,
  serialisers: BibliographySerialisers,
  yieldToHost: YieldToHost,
): BibliographyParts {
  const log = vscode.window.createOutputChannel('NHS Leadership Library', { log: true });
  const workerFile = vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath;
  const storage = context.globalStorageUri;
  const parser = new ParserClient(workerFile, {
    cacheDir: storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'bibliography-cache').fsPath : undefined,
    cacheSalt: cacheSalt(workerFile, library),
    themes: library.themes.map((theme) => ({ id: theme.id, keywords: [...theme.keywords] })),
  }, (message) => log.error(message), { yieldToHost });
  const diagnostics = vscode.languages.createDiagnosticCollection('nhsLibrary.bibliography');
  const manager = new BibliographyManager(library, parser, diagnostics, log);
  const writer = new BibliographyWriter(log, (source) => parser.keys(source));
  const autoAdd = new AutoAdd(library, manager, writer, serialisers.entry, log);
  context.subscriptions.push(
    log,
    { dispose: () => parser.dispose() },
    diagnostics,
    manager,
    manager.start(),
  );
  return {
    onDidCite: autoAdd.onDidCite,
    buildIndex: (papers, themes, token) => parser.buildIndex(papers, themes, token),
    commands: { ...bibliographyCommands(library, manager, serialisers), [InternalCommands.didCite]: autoAdd.didCiteCommand },
  };
}

/**
 * Cached parse results are only as good as the reader and themes that made them: any rebuild of the worker bundle
 * or change of themes starts afresh.
 */
function cacheSalt(workerFile: string, library: Library): string {
  let build = '';
  try {
    const stat = fs.statSync(workerFile);
    build = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // No worker bundle: nothing is cached by it either.
  }
  return createHash('sha1').update(build).update(JSON.stringify(library.themes.map((theme) => [theme.id, theme.keywords]))).digest('hex');
}
