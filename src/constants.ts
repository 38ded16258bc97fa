// Every id the manifest declares, in one place.
export const EXTENSION_ID = 'nhs-leadership-library.nhs-leadership-library';

export const Commands = {
  insertCitation: 'nhsLibrary.insertCitation',
  showPaper: 'nhsLibrary.showPaper',
  groupBy: 'nhsLibrary.groupBy',
  filterPapers: 'nhsLibrary.filterPapers',
  clearFilter: 'nhsLibrary.clearFilter',
  exportBibliography: 'nhsLibrary.exportBibliography',
  reloadBibliographies: 'nhsLibrary.reloadBibliographies',
  insertPaperCitation: 'nhsLibrary.insertPaperCitation',
  copyKey: 'nhsLibrary.copyKey',
  copyBibtex: 'nhsLibrary.copyBibtex',
  copyReference: 'nhsLibrary.copyReference',
  openSource: 'nhsLibrary.openSource',
  revealPaper: 'nhsLibrary.revealPaper',
  revealCitations: 'nhsLibrary.revealCitations',
} as const;

/** Commands the extension runs itself: not in package.json, so never in the Command Palette. */
export const InternalCommands = {
  /** `(uri: Uri, keys: string[])`: keys were just cited in that document (a completion item's `command`). */
  didCite: 'nhsLibrary.didCite',
  /** `(node: MoreNode)`: list the next page of a group's works in the Papers view (its "Show more" item). */
  showMoreWorks: 'nhsLibrary.showMoreWorks',
} as const;

/**
 * The commands the user-bibliography parts answer. Those parts load just after activation (deferBibliographies.ts),
 * so these are registered at activation and hand over to them.
 */
export const BIBLIOGRAPHY_COMMANDS = [Commands.exportBibliography, Commands.reloadBibliographies, InternalCommands.didCite] as const;
export type BibliographyCommand = typeof BIBLIOGRAPHY_COMMANDS[number];

export const Views = {
  container: 'nhsLibrary',
  papers: 'nhsLibrary.papers',
  citedHere: 'nhsLibrary.citedHere',
} as const;

export const ContextKeys = {
  filterActive: 'nhsLibrary.filterActive',
  filtered: 'nhsLibrary.filtered',
} as const;

export const Settings = {
  section: 'nhsLibrary',
  treeGroupBy: 'tree.groupBy',
  latexCiteCommand: 'latex.citeCommand',
  markdownCitationStyle: 'markdown.citationStyle',
  hoverEnabled: 'hover.enabled',
  hoverAbstractLength: 'hover.abstractLength',
  diagnosticsEnabled: 'diagnostics.enabled',
  bibliographyInclude: 'bibliography.include',
  bibliographyAutoAdd: 'bibliography.autoAdd',
  referenceStyle: 'reference.style',
} as const;

/** The languages whose documents carry citations: LaTeX, and pandoc Markdown in its three dialects. */
export const CITING_LANGUAGES = ['markdown', 'latex', 'quarto', 'rmd'] as const;

export const DOCUMENT_SELECTOR = CITING_LANGUAGES.map((language) => ({ language }));

/** The scheme of read-only BibTeX views of corpus works, the target of go-to-definition. */
export const BIBTEX_VIEW_SCHEME = 'nhs-library';
