// What the pickers of works share: our search's order kept, how many works they list, and titles shown as text.
import * as vscode from 'vscode';

/** Works a picker lists for what is typed; with nothing typed it lists the library from the start, more of it. */
const QUERY_RESULTS = 100;
const BROWSE_RESULTS = 2000;

/** A picker of works that lists them in our search's order, matching what is typed where that order can be kept. */
export function createWorksPicker<T extends vscode.QuickPickItem>(title: string, placeholder: string): vscode.QuickPick<T> {
  const picker = vscode.window.createQuickPick<T>();
  picker.title = title;
  picker.placeholder = placeholder;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  keepOurOrder(picker);
  return picker;
}

/** How many works to ask the search for, for this query. */
export function resultLimit(query: string): number {
  return query.trim() ? QUERY_RESULTS : BROWSE_RESULTS;
}

/**
 * VS Code sorts items whose label matches the typed text ahead of the rest, by its own score. `sortByLabel` turns
 * that off; it is missing from the stable typings but honoured by the hosts we support. Where it does not exist,
 * matching is switched off instead, which keeps the order but loses the highlights.
 */
function keepOurOrder(picker: vscode.QuickPick<vscode.QuickPickItem>): void {
  const untyped = picker as unknown as Record<string, unknown>;
  if ('sortByLabel' in untyped) {
    untyped.sortByLabel = false;
  } else {
    untyped.matchOnLabel = false;
    picker.matchOnDescription = false;
    picker.matchOnDetail = false;
  }
}

/** Quick pick texts render `$(name)` as an icon; a title is text, so its `$(` is escaped. */
export function withoutIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}
