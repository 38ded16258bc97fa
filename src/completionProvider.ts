// Completes citation keys inside LaTeX cite braces and after pandoc's `@`, ranked by our search rather than by
// VS Code's prefix filter, so a key is found by its title, authors, year, venue or themes as well as by its start.
// Each item's documentation (the work's hover) is rendered when VS Code resolves the item it shows, not for all
// hundred items at every keystroke.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR, InternalCommands, Settings } from './constants';
import { completionContext, CompletionContext, isLatexKey, pandocKeyText, syntaxForLanguage } from './core/citations';
import { renderPaperHover } from './core/hoverContent';
import { hoverMarkdown } from './hoverProvider';
import { Library } from './core/library';
import { Paper } from './core/model';
import { papersOf } from './core/workList';
import { authorsShort, fullTitle } from './core/paperLabels';

export interface CompletionDependencies {
  library: Library;
  search(query: string, limit: number): readonly Paper[];
}

/** The characters after which a key starts: `@` (pandoc), `{` and `,` (LaTeX key lists). */
export const COMPLETION_TRIGGERS = ['@', '{', ','] as const;

const RESULTS = 100;
const DEFAULT_ABSTRACT_LENGTH = 600;

export function registerCompletionProvider(dependencies: CompletionDependencies): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(DOCUMENT_SELECTOR, new CitationCompletionProvider(dependencies), ...COMPLETION_TRIGGERS);
}

/** An item that knows its work, so its documentation can be rendered when VS Code resolves it. */
class CitationCompletionItem extends vscode.CompletionItem {
  constructor(readonly paper: Paper, readonly abstractLength: number) {
    super(paper.key, vscode.CompletionItemKind.Reference);
  }
}

export class CitationCompletionProvider implements vscode.CompletionItemProvider<CitationCompletionItem> {
  constructor(private readonly dependencies: CompletionDependencies) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionList<CitationCompletionItem> | undefined {
    const syntax = syntaxForLanguage(document.languageId);
    if (!syntax) return undefined;
    const context = completionContext(document.getText(), document.offsetAt(position), syntax);
    if (!context) return undefined;
    const papers = context.prefix
      ? this.dependencies.search(context.prefix, RESULTS)
      : papersOf(this.dependencies.library.works(), RESULTS);
    const range = {
      inserting: new vscode.Range(document.positionAt(context.replaceStart), position),
      replacing: new vscode.Range(document.positionAt(context.replaceStart), document.positionAt(context.replaceEnd)),
    };
    const abstractLength = vscode.workspace.getConfiguration(Settings.section, document.uri).get<number>(Settings.hoverAbstractLength, DEFAULT_ABSTRACT_LENGTH);
    // A work whose key this syntax cannot cite is left out: choosing it would write text that cites nothing.
    const citable = papers.flatMap((paper) => {
      const insertText = keyText(paper.key, context);
      return insertText === undefined ? [] : [{ paper, insertText }];
    });
    const items = citable.map(({ paper, insertText }, rank) => completionItem(paper, insertText, rank, context, range, abstractLength, document.uri));
    // Incomplete: VS Code asks again as the user types, so the list is re-ranked by our search at each keystroke.
    return new vscode.CompletionList(items, true);
  }

  resolveCompletionItem(item: CitationCompletionItem): CitationCompletionItem {
    item.documentation = hoverMarkdown(renderPaperHover(item.paper, {
      abstractLength: item.abstractLength,
      themeLabel: (id) => this.dependencies.library.theme(id)?.label,
    }));
    return item;
  }
}

/**
 * The key as the chosen item writes it, or undefined when the syntax cannot cite it: in LaTeX as it is; in pandoc
 * bare or `@{key}` as the grammar needs, and as it is inside braces the user typed.
 */
function keyText(key: string, context: CompletionContext): string | undefined {
  if (context.syntax === 'latex') return isLatexKey(key) ? key : undefined;
  const text = pandocKeyText(key);
  return text !== undefined && context.braced ? key : text;
}

function completionItem(
  paper: Paper,
  insertText: string,
  rank: number,
  context: CompletionContext,
  range: { inserting: vscode.Range; replacing: vscode.Range },
  abstractLength: number,
  documentUri: vscode.Uri,
): CitationCompletionItem {
  const item = new CitationCompletionItem(paper, abstractLength);
  const who = [authorsShort(paper), paper.year === undefined ? '' : String(paper.year)].filter(Boolean).join(', ');
  item.detail = who ? `${fullTitle(paper)} — ${who}` : fullTitle(paper);
  item.insertText = insertText;
  item.range = range;
  item.sortText = String(rank).padStart(5, '0');
  // VS Code filters and scores items by matching the typed word against filterText. The typed word itself always
  // matches with the same score, so every result of our search stays visible and sortText alone orders them.
  item.filterText = context.prefix;
  // Once accepted, the key is cited: the bibliography part may append its entry to the document's .bib file.
  item.command = { command: InternalCommands.didCite, title: 'Keep the bibliography in step', arguments: [documentUri, [paper.key]] };
  return item;
}
