// The commands of the sidebar and the details panel: act on a work (insert, copy key, BibTeX or a formatted
// reference, open its DOI or URL, show details, reveal it in the library or its citations in the editor), and shape
// the Papers view (group by, filter, clear filter). Each takes its work from a tree node, a key, or the selection.
import * as vscode from 'vscode';
import { CITING_LANGUAGES, Commands, Settings } from '../constants';
import type * as ReferenceFormatter from '../core/formatReference';
import { GROUP_BY_OPTIONS, isGroupBy } from '../core/grouping';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { authorYearDescription, fullTitle, shortTitle, sourceUrl } from '../core/paperLabels';
import { DetailsPanel } from '../detailsPanel';
import { createWorksPicker, resultLimit, withoutIcons } from '../quickPicks';
import { lazyBundle } from '../lazyBundle';
import { CitedHereTreeProvider, revealCitations } from '../tree/citedHereTreeProvider';
import { PapersView } from '../tree/papersTreeProvider';

export interface PaperCommandsContext {
  library: Library;
  papersView: PapersView;
  citedHere: CitedHereTreeProvider;
  details: DetailsPanel;
  /** Where dist/referenceFormatter.js is: the CSL engine is loaded from there on first use. */
  extensionPath: string;
  /** Works as BibTeX entries (the writer, which the composition root loads on first use). */
  bibtex(papers: readonly Paper[]): string;
  /** Our ranking: the best `limit` works for a query. */
  search(query: string, limit: number): readonly Paper[];
}

const STATUS_MESSAGE_MS = 3000;

export function registerPaperCommands(context: PaperCommandsContext): vscode.Disposable {
  const { library, papersView, citedHere, details } = context;
  const editors = new CitingEditorTracker();
  const formatter = lazyBundle<typeof ReferenceFormatter>(context.extensionPath, 'referenceFormatter');

  /** The works a command acts on: the selection when the clicked node is part of it, else the one node or key. */
  const papersOf = (arg: unknown, selection?: unknown): Paper[] => {
    const clicked = keyOf(arg);
    const selected = Array.isArray(selection) ? selection.map(keyOf).filter((key): key is string => key !== undefined) : [];
    const keys = clicked !== undefined && selected.includes(clicked) ? selected : clicked !== undefined ? [clicked] : [];
    const papers = [...new Set(keys)].map((key) => library.lookup(key)).filter((paper): paper is Paper => paper !== undefined);
    if (papers.length === 0) void vscode.window.showWarningMessage(keys.length
      ? `No work with the key "${keys[0]}" is in the library.`
      : 'Choose a work in the NHS Leadership Library view first.');
    return papers;
  };

  const register = (id: string, run: (...args: unknown[]) => unknown) => vscode.commands.registerCommand(id, run);

  return vscode.Disposable.from(
    editors,

    register(Commands.insertPaperCitation, async (arg, selection) => {
      const papers = papersOf(arg, selection);
      if (papers.length === 0) return;
      const editor = await editors.target();
      if (!editor) {
        void vscode.window.showInformationMessage('Open a Markdown, Quarto, R Markdown or LaTeX document to insert a citation into.');
        return;
      }
      await vscode.commands.executeCommand(Commands.insertCitation, { keys: papers.map((paper) => paper.key), uri: editor.document.uri.toString() });
    }),

    register(Commands.copyKey, async (arg, selection) => {
      const keys = papersOf(arg, selection).map((paper) => paper.key);
      if (keys.length === 0) return;
      await copy(keys.join(', '), keys.length === 1 ? `Copied ${keys[0]}` : `Copied ${keys.length} keys`);
    }),

    register(Commands.copyBibtex, async (arg, selection) => {
      const papers = papersOf(arg, selection);
      if (papers.length === 0) return;
      await copy(context.bibtex(papers),
        papers.length === 1 ? `Copied the BibTeX of ${papers[0].key}` : `Copied ${papers.length} BibTeX entries`);
    }),

    // Arguments: (node or key, selection) from menus, or (key, style) from scripts and tests.
    register(Commands.copyReference, async (arg, selectionOrStyle) => {
      const papers = papersOf(arg, Array.isArray(selectionOrStyle) ? selectionOrStyle : undefined);
      if (papers.length === 0) return;
      const module = formatter();
      const style = module.isReferenceStyle(selectionOrStyle) ? selectionOrStyle : await pickReferenceStyle(module, papers[0]);
      if (!style) return;
      const references = papers.map((paper) => module.formatReference(paper, style));
      await copy(references.join('\n\n'), `Copied the ${module.REFERENCE_STYLES.find((info) => info.id === style)?.label} reference`);
      return references.join('\n\n');
    }),

    register(Commands.openSource, async (arg) => {
      const [paper] = papersOf(arg);
      if (!paper) return;
      const url = sourceUrl(paper);
      if (!url) {
        void vscode.window.showInformationMessage(`${paper.key} has no DOI or web address.`);
        return;
      }
      await vscode.env.openExternal(vscode.Uri.parse(url, true));
    }),

    register(Commands.showPaper, async (arg) => {
      const key = arg === undefined ? await pickPaper(context.search) : keyOf(arg);
      if (key === undefined) return;
      if (!library.lookup(key)) {
        void vscode.window.showWarningMessage(`No work with the key "${key}" is in the library.`);
        return;
      }
      details.show(key);
    }),

    register(Commands.revealPaper, async (arg) => {
      const [paper] = papersOf(arg);
      if (paper && !(await papersView.reveal(paper.key))) {
        void vscode.window.showInformationMessage(`${paper.key} is not in the Papers view.`);
      }
    }),

    register(Commands.revealCitations, async (arg) => {
      const key = keyOf(arg);
      if (key === undefined) return;
      // The node may be from before the last keystrokes: take the offsets from a fresh scan.
      citedHere.rescanNow();
      const node = citedHere.getChildren().find((candidate) => candidate.key === key);
      if (node) await revealCitations(node);
    }),

    register(Commands.groupBy, async (arg) => {
      const groupBy = isGroupBy(arg) ? arg : await pickGroupBy(papersView.groupBy);
      if (groupBy) await papersView.setGroupBy(groupBy);
    }),

    register(Commands.filterPapers, async (arg) => {
      const query = typeof arg === 'string' ? arg : await vscode.window.showInputBox({
        title: 'Filter Papers',
        prompt: 'Words from the title, authors, key, venue, themes or abstract; typos are tolerated. Empty clears the filter.',
        placeHolder: 'for example: clinical leadership 2016',
        value: papersView.filter ?? '',
      });
      if (query !== undefined) await papersView.setFilter(query);
    }),

    register(Commands.clearFilter, () => papersView.setFilter(undefined)),
  );
}

/** The key a command argument names: a key, a Papers or Cited Here node, or anything with a `key`. */
export function keyOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const record = arg as { paper?: { key?: unknown }; key?: unknown };
  if (typeof record.paper?.key === 'string') return record.paper.key;
  return typeof record.key === 'string' ? record.key : undefined;
}

async function copy(text: string, message: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(check) ${message}`, STATUS_MESSAGE_MS);
}

/** The styles, the configured one first, each with a preview of what would be copied. */
async function pickReferenceStyle(module: typeof ReferenceFormatter, paper: Paper): Promise<ReferenceFormatter.ReferenceStyle | undefined> {
  const configured = vscode.workspace.getConfiguration(Settings.section).get<string>(Settings.referenceStyle);
  const styles = [...module.REFERENCE_STYLES].sort((a, b) => Number(b.id === configured) - Number(a.id === configured));
  const picked = await vscode.window.showQuickPick(styles.map((style) => ({
    label: style.label,
    description: style.description,
    detail: module.formatReference(paper, style.id),
    style: style.id,
  })), { title: `Copy Formatted Reference: ${shortTitle(paper)}`, placeHolder: 'Reference style' });
  return picked?.style;
}

async function pickGroupBy(current: string): Promise<(typeof GROUP_BY_OPTIONS)[number]['id'] | undefined> {
  const picked = await vscode.window.showQuickPick(GROUP_BY_OPTIONS.map((option) => ({
    label: option.label,
    description: option.id === current ? 'current' : undefined,
    detail: option.detail,
    id: option.id,
  })), { title: 'Group Papers By', placeHolder: 'How the Papers view groups the library' });
  return picked?.id;
}

interface KeyItem extends vscode.QuickPickItem {
  key: string;
}

/**
 * A work chosen from a picker in our search's order, as the Insert Citation picker ranks them: a large library is
 * searched as the user types, never listed (and made) whole.
 */
function pickPaper(search: PaperCommandsContext['search']): Promise<string | undefined> {
  const picker = createWorksPicker<KeyItem>('Show Paper Details', 'Title, author, year or key');
  const render = (query: string) => {
    picker.items = search(query, resultLimit(query)).map((paper) => ({
      label: withoutIcons(fullTitle(paper)),
      description: withoutIcons(authorYearDescription(paper)),
      detail: withoutIcons(paper.key),
      key: paper.key,
      alwaysShow: true,
    }));
  };
  return new Promise((resolve) => {
    let chosen: string | undefined;
    const subscriptions = [
      picker,
      picker.onDidChangeValue(render),
      picker.onDidAccept(() => {
        chosen = (picker.activeItems[0] ?? picker.items[0])?.key;
        picker.hide();
      }),
      picker.onDidHide(() => {
        vscode.Disposable.from(...subscriptions).dispose();
        resolve(chosen);
      }),
    ];
    render('');
    picker.show();
  });
}

/**
 * Where "Insert Citation" from the sidebar or the details panel goes: the active text editor, or, when a webview has
 * focus and there is none, the citing editor the user was last in, brought back to the front and named to the insert
 * command by its document's uri (VS Code may not yet report it as the active editor).
 */
class CitingEditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor));
  }

  async target(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active && isCiting(active.document)) return active;
    const last = this.last;
    if (!last || last.document.isClosed) return undefined;
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === last.document);
    return vscode.window.showTextDocument(last.document, { viewColumn: visible?.viewColumn ?? last.viewColumn, preserveFocus: false });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor && isCiting(editor.document)) this.last = editor;
  }
}

function isCiting(document: vscode.TextDocument): boolean {
  return (CITING_LANGUAGES as readonly string[]).includes(document.languageId);
}
