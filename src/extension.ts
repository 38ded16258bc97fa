// The composition root: builds the parts, registers them, and returns the API. Nothing else lives here.
import * as vscode from 'vscode';
import { readBundledCorpus } from './bundledCorpus';
import { Library } from './core/library';
import { Paper } from './core/model';
import type * as SearchEngine from './core/search/searchEngine';
import { SearchService } from './core/search/searchService';
import { snapshotFiles } from './core/search/snapshotFiles';
import { TurnQueue } from './core/search/turnQueue';
import { CitationDiagnostics } from './citationDiagnostics';
import { registerCodeActions } from './citationCodeActions';
import { LibraryKeyMatcher } from './core/closestKeys';
import { registerDefinitionProvider } from './definitionProvider';
import { DocumentCitations } from './documentCitations';
import { registerHoverProvider } from './hoverProvider';
import { showIndexingProgress } from './indexingProgress';
import { registerReferenceProvider } from './referenceProvider';
import { registerPaperCommands } from './commands/paperCommands';
import { DetailsPanel } from './detailsPanel';
import { CitedHereView } from './tree/citedHereTreeProvider';
import { PaperDragAndDropController, registerCitationDropProvider } from './tree/paperDragAndDrop';
import { PapersView, TreeNodeSnapshot } from './tree/papersTreeProvider';
import { registerInsertCitation } from './insertCitation';
import { lazyBundle } from './lazyBundle';
import { registerCompletionProvider } from './completionProvider';
import { deferBibliographies } from './bibliography/deferBibliographies';
import type * as Writers from './core/writers';

/** What the extension offers other extensions and the integration tests. */
export interface NhsLibraryApi {
  /** Every work of the library; a large file's works are made for it (about half a second at 100,000), then kept. */
  papers(): Paper[];
  lookup(key: string): Paper | undefined;
  search(query: string, limit?: number): Paper[];
  /** The sidebar's views as plain data, and the filter's state (message, context keys), for tests. */
  tree: {
    papers(): Promise<TreeNodeSnapshot[]>;
    papersState(): ReturnType<PapersView['state']>;
    citedHere(): TreeNodeSnapshot[];
  };
  /** The HTML the paper details panel shows, if it is open. */
  detailsHtml(): string | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<NhsLibraryApi> {
  const corpusFile = vscode.Uri.joinPath(context.extensionUri, 'resources', 'corpus.json');
  const corpus = await readBundledCorpus(corpusFile);
  const library = new Library(corpus);
  // Work done in slices on this thread (loading a large file, indexing it, the Papers view, the key matcher) takes
  // the event loop's turns one slice at a time, so VS Code's messages never wait behind several slices at once.
  const yieldToHost = new TurnQueue().next;
  // The corpus is indexed when first searched; a large user library is restored from the index snapshot saved when
  // the same works were last indexed, or indexed by the parse worker that read it (the old index answers meanwhile).
  const search = new SearchService(library, lazyBundle<typeof SearchEngine>(context.extensionPath, 'searchEngine'), {
    store: snapshotFiles(context.globalStorageUri.fsPath),
    // Only called once a large library has loaded, long after `bibliographies` below exists.
    buildElsewhere: (papers, themes, token) => bibliographies.buildIndex(papers, themes, token),
    yieldToHost,
  });
  context.subscriptions.push(search, showIndexingProgress(search));

  // The BibTeX and CSL-JSON writers are loaded when a work is first written out.
  const writers = lazyBundle<typeof Writers>(context.extensionPath, 'writers');
  const bibtex = (papers: readonly Paper[]) => writers().writeBibtex(papers);

  // Citation keys in documents: hover, go to definition, references, diagnostics and quick fixes.
  const citations = new DocumentCitations();
  const closestKeys = new LibraryKeyMatcher<Paper>(library, yieldToHost);
  context.subscriptions.push(
    citations,
    closestKeys,
    registerHoverProvider(library, citations, closestKeys),
    registerDefinitionProvider(library, citations, (paper) => writers().writeBibtexEntry(paper)),
    registerReferenceProvider(library, citations),
    new CitationDiagnostics(library, citations),
    registerCodeActions(citations, closestKeys),
  );

  // The user's own bibliographies: read off the main thread into the library, kept in step with what is cited (their
  // code loads just after activation).
  const bibliographies = deferBibliographies(context, library, {
    entry: (paper, dialect) => writers().writeBibtexEntry(paper, { dialect }),
    bibtex,
    cslJson: (papers) => writers().writeCslJson(papers),
  }, yieldToHost);

  // Citing: the Insert Citation picker and key completion, both in our search's order.
  const rankedSearch = (query: string, limit: number) => search.search(query, limit);
  const onDidChangeIndex = (listener: () => void) => search.onDidChangeIndex(listener);
  context.subscriptions.push(
    registerInsertCitation({ library, search: rankedSearch, onDidChangeIndex, onDidCite: bibliographies.onDidCite }),
    registerCompletionProvider({ library, search: rankedSearch }),
  );

  // The sidebar: papers by theme and other groupings, works cited in the active editor, the details panel.
  const papersView = new PapersView(library, { search: rankedSearch, onDidChangeIndex }, new PaperDragAndDropController(), yieldToHost);
  const citedHereView = new CitedHereView(library, (document) => citations.keys(document));
  const details = new DetailsPanel(context.extensionUri, library);
  context.subscriptions.push(
    papersView,
    citedHereView,
    details,
    registerCitationDropProvider(bibliographies.onDidCite),
    registerPaperCommands({
      library, papersView, citedHere: citedHereView.provider, details, extensionPath: context.extensionPath, bibtex, search: rankedSearch,
    }),
  );

  return {
    papers: () => [...library.papers()],
    lookup: (key) => library.lookup(key),
    search: (query, limit) => search.search(query, limit),
    tree: {
      papers: () => papersView.provider.snapshot(),
      papersState: () => papersView.state(),
      citedHere: () => citedHereView.provider.snapshot(),
    },
    detailsHtml: () => details.html(),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
