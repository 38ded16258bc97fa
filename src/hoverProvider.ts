// The hover over a citation key: a summary of the work, or, for a key in no library, the nearest keys that are.
// The range is the key itself, so nothing else on the line shows it and each key of a list has its own.
import * as vscode from 'vscode';
import { DOCUMENT_SELECTOR, Settings } from './constants';
import { LibraryKeyMatcher } from './core/closestKeys';
import { HOVER_COMMANDS, renderPaperHover, renderUnknownKeyHover } from './core/hoverContent';
import { Library } from './core/library';
import { Paper } from './core/model';
import { DocumentCitations } from './documentCitations';

const DEFAULT_ABSTRACT_LENGTH = 600;

export class CitationHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly library: Library,
    private readonly citations: DocumentCitations,
    private readonly closest: LibraryKeyMatcher<Paper>,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const settings = vscode.workspace.getConfiguration(Settings.section, document);
    if (!settings.get<boolean>(Settings.hoverEnabled, true)) return undefined;
    const occurrence = this.citations.keyAt(document, position, { includeEnd: false });
    if (!occurrence) return undefined;

    const paper = this.library.lookup(occurrence.key);
    const markdown = hoverMarkdown(paper
      ? renderPaperHover(paper, {
        abstractLength: settings.get<number>(Settings.hoverAbstractLength, DEFAULT_ABSTRACT_LENGTH),
        themeLabel: (id) => this.library.theme(id)?.label,
      })
      : renderUnknownKeyHover(occurrence.key, await this.closest.closest(occurrence.key)));
    return new vscode.Hover(markdown, DocumentCitations.rangeOf(document, occurrence));
  }
}

/** Hover Markdown (ours, from hoverContent.ts) as VS Code shows it: in a hover, or as a completion's documentation. */
export function hoverMarkdown(value: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(value);
  // Links may run our three commands and nothing else; fields are escaped, and raw HTML is never rendered.
  markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS] };
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}

export function registerHoverProvider(library: Library, citations: DocumentCitations, closest: LibraryKeyMatcher<Paper>): vscode.Disposable {
  return vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, new CitationHoverProvider(library, citations, closest));
}
