// What the pickers of works share: our search's order kept, and titles shown as text.
import * as vscode from 'vscode';

/**
 * VS Code sorts items whose label matches the typed text ahead of the rest, by its own score. `sortByLabel` turns
 * that off; it is missing from the stable typings but honoured by the hosts we support. Where it does not exist,
 * matching is switched off instead, which keeps the order but loses the highlights.
 */
export function keepOurOrder(picker: vscode.QuickPick<vscode.QuickPickItem>): void {
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
