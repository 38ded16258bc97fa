// The Insert Citation command: a picker over the library in our search's order (or keys passed by a script), and
// the citation written at every cursor as one undoable edit.
import * as vscode from 'vscode';
import { Commands, Settings } from './constants';
import {
  CitationSyntax, InsertionOptions, isCitableKey, offsetsAfterEdits, PandocCitationStyle, planCitationInsertion, syntaxForLanguage, TextEdit,
} from './core/citations';
import { shortenAtWord } from './core/hoverContent';
import { Library } from './core/library';
import { Paper } from './core/model';
import { authorsShort, fullTitle, venueName } from './core/paperLabels';
import { createWorksPicker, resultLimit, withoutIcons } from './quickPicks';

export interface InsertCitationDependencies {
  library: Library;
  /** Our ranking: the best `limit` works for a query. */
  search(query: string, limit: number): readonly Paper[];
  /**
   * Told when the search starts to answer from a newer index: a large library loaded while the picker is open is
   * searched with the previous index until its own is ready, and the list is searched again then.
   */
  onDidChangeIndex?(listener: () => void): { dispose(): void };
  /**
   * Called after keys were cited in a document (the bibliography part appends missing entries). Not awaited: the
   * command resolves once the citation is in, whether or not the hook asks the user something.
   */
  onDidCite?(document: vscode.TextDocument, keys: readonly string[]): unknown;
}

/**
 * Arguments for scripts and tests: `keys` inserts without the picker; `query` opens the picker with that text; `uri`
 * names the document to insert into when it is not the active editor's (the details panel has focus when its button
 * runs the command).
 */
export interface InsertCitationArgs {
  keys?: string[];
  query?: string;
  uri?: string;
}

/** What the command inserted, or undefined when it inserted nothing (no editor, picker dismissed). */
export interface InsertCitationResult {
  uri: string;
  keys: string[];
  /** The text of each edit, in cursor order: a new citation, or what was added to an existing one. */
  inserted: string[];
}

const SUMMARY_LENGTH = 110;

export function registerInsertCitation(dependencies: InsertCitationDependencies): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.insertCitation, (args?: unknown) => insertCitation(dependencies, parseArgs(args)));
}

/** Menus pass the document's URI; only a plain object with string keys or a query counts as arguments. */
function parseArgs(args: unknown): InsertCitationArgs {
  if (!args || typeof args !== 'object' || args instanceof vscode.Uri) return {};
  const { keys, query, uri } = args as Record<string, unknown>;
  return {
    keys: Array.isArray(keys) ? keys.filter((key): key is string => typeof key === 'string' && key.length > 0) : undefined,
    query: typeof query === 'string' ? query : undefined,
    uri: typeof uri === 'string' ? uri : undefined,
  };
}

/**
 * The editor to insert into: the active one, or with `uri`, the editor of that document (the active one if it shows
 * it). A document just brought forward by showTextDocument is visible at once, while the active editor may still be
 * the panel's until VS Code reports the focus change.
 */
function targetEditor(uri: string | undefined): vscode.TextEditor | undefined {
  const active = vscode.window.activeTextEditor;
  if (uri === undefined || active?.document.uri.toString() === uri) return active;
  return vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri);
}

async function insertCitation(dependencies: InsertCitationDependencies, args: InsertCitationArgs): Promise<InsertCitationResult | undefined> {
  const editor = targetEditor(args.uri);
  const syntax = editor && syntaxForLanguage(editor.document.languageId);
  if (!editor || !syntax) {
    void vscode.window.showInformationMessage('Open a Markdown, Quarto, R Markdown or LaTeX document to insert a citation.');
    return undefined;
  }
  const keys = args.keys ?? (await pickKeys(dependencies, args.query ?? ''));
  if (!keys || keys.length === 0 || editor.document.isClosed) return undefined;

  const citable = keys.filter((key) => isCitableKey(key, syntax));
  if (citable.length < keys.length) {
    const skipped = keys.filter((key) => !citable.includes(key)).map((key) => JSON.stringify(key)).join(', ');
    void vscode.window.showWarningMessage(syntax === 'latex'
      ? `LaTeX cannot cite ${skipped}: a key may not hold spaces, commas, braces, % or \\.`
      : `A Markdown citation cannot name ${skipped}: a key may not hold spaces, braces or control characters, nor start like a Quarto cross-reference (fig-, tbl-, sec-…).`);
  }
  const edits = await applyCitation(editor, citable, syntax, insertionOptions(editor.document, syntax));
  if (!edits) return undefined;
  if (edits.length > 0 && dependencies.onDidCite) notify(dependencies.onDidCite, editor.document, citable);
  return { uri: editor.document.uri.toString(), keys: citable, inserted: edits.map((edit) => edit.newText) };
}

function notify(hook: NonNullable<InsertCitationDependencies['onDidCite']>, document: vscode.TextDocument, keys: readonly string[]): void {
  Promise.resolve()
    .then(() => hook(document, keys))
    .catch((error: unknown) => {
      void vscode.window.showErrorMessage(`After citing: ${error instanceof Error ? error.message : String(error)}`);
    });
}

function insertionOptions(document: vscode.TextDocument, syntax: CitationSyntax): InsertionOptions {
  const configuration = vscode.workspace.getConfiguration(Settings.section, document.uri);
  if (syntax === 'latex') return { latexCommand: configuration.get<string>(Settings.latexCiteCommand) };
  return { pandocStyle: configuration.get<PandocCitationStyle>(Settings.markdownCitationStyle) };
}

/**
 * Plans the edits for every selection and applies them in one `editor.edit`, so one undo removes them all. Each
 * cursor then sits after what was inserted for it. Returns the edits, or undefined when the editor refused them.
 */
async function applyCitation(editor: vscode.TextEditor, keys: readonly string[], syntax: CitationSyntax, options: InsertionOptions): Promise<TextEdit[] | undefined> {
  const document = editor.document;
  const targets = editor.selections.map((selection) => ({ start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) }));
  const edits = planCitationInsertion(document.getText(), targets, keys, syntax, options);
  if (edits.length === 0) return edits;
  const ranges = edits.map((edit) => new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)));
  // An editor closed or hidden while the picker was open refuses (or throws on) the edit.
  const applied = await editor.edit((builder) => edits.forEach((edit, index) => builder.replace(ranges[index], edit.newText))).then(undefined, () => false);
  if (!applied) return undefined;
  // With one edit per cursor, each cursor follows its citation; when cursors shared a citation, VS Code's own
  // tracking of the selections stands.
  if (edits.length === targets.length) {
    editor.selections = offsetsAfterEdits(edits).map((offset) => {
      const position = document.positionAt(offset);
      return new vscode.Selection(position, position);
    });
  }
  return edits;
}

interface PaperItem extends vscode.QuickPickItem {
  paper: Paper;
}

/**
 * Shows the picker and resolves with the chosen keys, in the order they were checked (or the highlighted work, or
 * the top one, when none is checked), or undefined when dismissed. The list is our ranking for what is typed: VS Code
 * is told not to sort by label and every item is always shown, so its own filter neither reorders nor hides them.
 */
function pickKeys(dependencies: InsertCitationDependencies, initialQuery: string): Promise<string[] | undefined> {
  const picker = createWorksPicker<PaperItem>('Insert Citation', 'Search title, author, year, journal, theme or key. Space checks several works.');
  const subscriptions: vscode.Disposable[] = [picker];
  picker.canSelectMany = true;

  const themeLabels = new Map(dependencies.library.themes.map((theme) => [theme.id, theme.label]));
  /** Checked works by key, in the order they were checked; they stay listed while the query changes. */
  const checked = new Map<string, Paper>();
  let shownQuery: string | undefined;
  const render = (query: string) => {
    if (query === shownQuery) return;
    shownQuery = query;
    // An empty query lists works newest first (the search's order for it), not in the order the files were read.
    const results = dependencies.search(query, resultLimit(query));
    const found = new Set(results.map((paper) => paper.key));
    const papers = [...[...checked.values()].filter((paper) => !found.has(paper.key)), ...results];
    const items = papers.map((paper) => paperItem(paper, themeLabels));
    picker.items = items;
    picker.selectedItems = items.filter((item) => checked.has(item.paper.key));
  };

  return new Promise((resolve) => {
    let result: string[] | undefined;
    const indexSubscription = dependencies.onDidChangeIndex?.(() => {
      shownQuery = undefined;
      render(picker.value);
    });
    if (indexSubscription) subscriptions.push(indexSubscription);
    subscriptions.push(
      picker.onDidChangeValue(render),
      picker.onDidChangeSelection((selection) => {
        const selectedKeys = new Set(selection.map((item) => item.paper.key));
        for (const item of picker.items) {
          if (selectedKeys.has(item.paper.key)) {
            if (!checked.has(item.paper.key)) checked.set(item.paper.key, item.paper);
          } else {
            checked.delete(item.paper.key);
          }
        }
      }),
      picker.onDidAccept(() => {
        // Enter with nothing checked cites the highlighted work, or the best match when none is highlighted.
        const fallback = picker.activeItems.length > 0 ? picker.activeItems : picker.items.slice(0, 1);
        const keys = checked.size > 0 ? [...checked.keys()] : fallback.map((item) => item.paper.key);
        if (keys.length === 0) return;
        result = keys;
        picker.hide();
      }),
      picker.onDidHide(() => {
        vscode.Disposable.from(...subscriptions).dispose();
        resolve(result);
      }),
    );
    picker.value = initialQuery;
    render(initialQuery);
    picker.show();
  });
}

function paperItem(paper: Paper, themeLabels: ReadonlyMap<string, string>): PaperItem {
  const description = [authorsShort(paper), paper.year === undefined ? '' : String(paper.year), venueName(paper) ?? ''].filter(Boolean).join(' · ');
  const themes = paper.themes.map((id) => themeLabels.get(id) ?? id).join(', ');
  const summary = paper.summary ?? paper.abstract?.text;
  const detail = [themes, summary ? shortenAtWord(summary, SUMMARY_LENGTH) : ''].filter(Boolean).join(' — ');
  return {
    paper,
    label: withoutIcons(fullTitle(paper)),
    description: withoutIcons(description),
    detail: withoutIcons(detail || paper.key),
    alwaysShow: true,
  };
}
