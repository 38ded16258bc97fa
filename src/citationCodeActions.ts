// Quick fixes for an unknown citation key: replace it with one of the closest keys in the library, or with works
// chosen in the citation picker.
import * as vscode from 'vscode';
import { Commands, DOCUMENT_SELECTOR } from './constants';
import { CitationSyntax, findCitationKeys, isCitableKey, KeyOccurrence, pandocKeyText, syntaxForLanguage } from './core/citations';
import { LibraryKeyMatcher } from './core/closestKeys';
import { Paper } from './core/model';
import { DIAGNOSTIC_SOURCE, UNKNOWN_KEY_CODE } from './citationDiagnostics';
import { DocumentCitations } from './documentCitations';

/** Internal (not in the manifest): opens the picker, then puts the chosen works where the unknown key was. */
const REPLACE_FROM_PICKER = 'nhsLibrary.replaceKeyFromPicker';
const MAX_SUGGESTIONS = 3;

export class CitationCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly citations: DocumentCitations, private readonly closest: LibraryKeyMatcher<Paper>) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const syntax = syntaxForLanguage(document.languageId);
    if (!syntax) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.code !== UNKNOWN_KEY_CODE) continue;
      // The diagnostic may predate the last keystrokes: act only if its range still holds exactly one key.
      const occurrence = this.citations.keyAt(document, diagnostic.range.start, { includeEnd: false });
      if (!occurrence || !DocumentCitations.rangeOf(document, occurrence).isEqual(diagnostic.range)) continue;
      const range = replacedRange(document, occurrence, syntax);

      const suggestions = (await this.closest.closest(occurrence.key, MAX_SUGGESTIONS)).filter((paper) => isCitableKey(paper.key, syntax));
      suggestions.forEach((paper, index) => {
        const action = new vscode.CodeAction(`Replace with ${paper.key} (${shorten(paper.title)})`, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = index === 0;
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, range, keysText([paper.key], syntax));
        actions.push(action);
      });

      const pick = new vscode.CodeAction(`Replace ${occurrence.key} with a work from the NHS Leadership Library…`, vscode.CodeActionKind.QuickFix);
      pick.diagnostics = [diagnostic];
      pick.command = { command: REPLACE_FROM_PICKER, title: pick.title, arguments: [document.uri, DocumentCitations.rangeOf(document, occurrence)] };
      actions.push(pick);
    }
    return actions;
  }
}

/**
 * The picker inserts the chosen works into the citation at the cursor; this places the cursor just after the
 * unknown key, lets the picker run, then takes the keys it added and puts them in the unknown key's place,
 * leaving prefixes, locators and the citation's form as they were. Dismissing the picker changes nothing.
 */
async function replaceFromPicker(uri: vscode.Uri, range: vscode.Range): Promise<void> {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document.uri.toString() === uri.toString())
    ?? await vscode.window.showTextDocument(uri);
  const document = editor.document;
  const syntax = syntaxForLanguage(document.languageId);
  if (!syntax) return;
  const before = document.getText();
  const version = document.version;
  const keyStart = document.offsetAt(range.start);
  const keyEnd = document.offsetAt(range.end);
  editor.selection = new vscode.Selection(range.end, range.end);

  // The picker opens on the mistyped key, which our search, tolerant of typos, mostly ranks its intended work for.
  await vscode.commands.executeCommand(Commands.insertCitation, { query: document.getText(range) });
  if (document.isClosed || document.version === version) return;

  const after = document.getText();
  const added = keysAdded(before, after, syntax);
  if (!added.length) return;
  // The span the insertion changed: everything between the common prefix and the common suffix.
  const prefix = commonPrefix(before, after);
  const suffix = commonSuffix(before, after, prefix);
  const shift = after.length - before.length;
  let start = keyStart;
  let end = keyEnd;
  if (keyStart >= before.length - suffix) {
    start += shift;
    end += shift;
  } else if (keyEnd > prefix) {
    // The insertion reached into the key itself: keep what the picker did rather than guess.
    return;
  }
  const occurrence = { key: before.slice(keyStart, keyEnd), start, end };
  await editor.edit((edit) => {
    edit.replace(new vscode.Range(document.positionAt(prefix), document.positionAt(after.length - suffix)), before.slice(prefix, before.length - suffix));
    edit.replace(replacedRange(document, occurrence, syntax), keysText(added, syntax));
  });
}

/** The keys `after` cites more often than `before`, in order of first appearance. */
function keysAdded(before: string, after: string, syntax: CitationSyntax): string[] {
  const count = new Map<string, number>();
  for (const { key } of findCitationKeys(before, syntax)) count.set(key, (count.get(key) ?? 0) + 1);
  const added: string[] = [];
  for (const { key } of findCitationKeys(after, syntax)) {
    const left = count.get(key) ?? 0;
    if (left > 0) count.set(key, left - 1);
    else if (!added.includes(key)) added.push(key);
  }
  return added;
}

/** The key's range, with the braces of a pandoc `@{key}`, so the replacement can choose whether it needs them. */
function replacedRange(document: vscode.TextDocument, occurrence: KeyOccurrence, syntax: CitationSyntax): vscode.Range {
  const range = DocumentCitations.rangeOf(document, occurrence);
  if (syntax !== 'pandoc') return range;
  const before = document.getText(new vscode.Range(range.start.translate(0, -Math.min(1, range.start.character)), range.start));
  const after = document.getText(new vscode.Range(range.end, range.end.translate(0, 1)));
  return before === '{' && after === '}' ? new vscode.Range(range.start.translate(0, -1), range.end.translate(0, 1)) : range;
}

/** Keys as they replace one key: `a,b` in LaTeX; `a; @b` in pandoc (the first `@` is already there), braced as needed. */
function keysText(keys: readonly string[], syntax: CitationSyntax): string {
  // Every key here is citable: a suggestion is filtered by isCitableKey, and the picker inserts no other.
  return syntax === 'latex' ? keys.join(',') : keys.map((key) => pandocKeyText(key) ?? key).join('; @');
}

function commonPrefix(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  let i = 0;
  while (i < length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, prefix: number): number {
  const length = Math.min(a.length, b.length) - prefix;
  let i = 0;
  while (i < length && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function shorten(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean;
}

export function registerCodeActions(citations: DocumentCitations, closest: LibraryKeyMatcher<Paper>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(DOCUMENT_SELECTOR, new CitationCodeActionProvider(citations, closest), CitationCodeActionProvider.metadata),
    vscode.commands.registerCommand(REPLACE_FROM_PICKER, (uri: vscode.Uri, range: vscode.Range) => replaceFromPicker(uri, range)),
  );
}
