// Keeps a document's bibliography in step with what it cites: when a library work is cited (picker, completion,
// tree, drag and drop) and the document's declared bibliography lacks it, its BibTeX entry is appended there,
// as `nhsLibrary.bibliography.autoAdd` says (always / ask / never). With no BibTeX bibliography declared, it offers
// to create references.bib beside the document and to declare it.
import * as vscode from 'vscode';
import { CITING_LANGUAGES, Settings } from '../constants';
import { usesBiblatex } from '../core/bibliography/declarationEdit';
import { isLatexLanguage, latexRootMagic, resolveReference } from '../core/bibliography/declaredBibliographies';
import { Library } from '../core/library';
import { Paper } from '../core/model';
import { BibliographyManager, DeclaredFile } from './bibliographyManager';
import { AppendOutcome, BibliographyWriter, EntryText, WriteRefusedError } from './bibliographyWriter';

export type AutoAddMode = 'always' | 'ask' | 'never';

/** BibTeX entries as biblatex/biber reads them, or as classic BibTeX does (which biber and pandoc read too). */
export type EntryDialect = 'bibtex' | 'biblatex';

const NEW_BIBLIOGRAPHY = 'references.bib';

export class AutoAdd {
  /** `file\u0000key` pairs a question is already open for: a second quick citation does not ask twice. */
  private readonly asking = new Set<string>();
  private corpusByKey: Map<string, Paper> | undefined;
  /** Documents whose offer of a new bibliography was dismissed: not offered again this session. */
  private readonly declined = new Set<string>();

  constructor(
    private readonly library: Library,
    private readonly manager: BibliographyManager,
    private readonly writer: BibliographyWriter,
    private readonly toBibtex: (paper: Paper, dialect: EntryDialect) => string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The hook the insert commands and the completion provider call after putting keys into a document. */
  readonly onDidCite = async (document: vscode.TextDocument, keys: readonly string[]): Promise<void> => {
    try {
      await this.didCite(document, keys);
    } catch (error) {
      this.log.error(`Keeping the bibliography in step failed: ${(error as Error).message}`);
    }
  };

  /** The handler of InternalCommands.didCite (a completion item's `command`), which deferBibliographies.ts registers. */
  readonly didCiteCommand = async (uri: vscode.Uri | string, keys: string[]): Promise<void> => {
    const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    const document = vscode.workspace.textDocuments.find((open) => open.uri.toString() === target.toString())
      ?? await vscode.workspace.openTextDocument(target);
    await this.onDidCite(document, Array.isArray(keys) ? keys : [keys]);
  };

  private async didCite(document: vscode.TextDocument, keys: readonly string[]): Promise<void> {
    if (!(CITING_LANGUAGES as readonly string[]).includes(document.languageId) || document.isUntitled) return;
    // In Restricted Mode nothing is written, and nothing is offered.
    if (!vscode.workspace.isTrusted) return;
    const mode = vscode.workspace.getConfiguration(Settings.section, document.uri).get<AutoAddMode>(Settings.bibliographyAutoAdd, 'ask');
    if (mode === 'never') return;
    const works = this.corpusWorks(keys);
    if (!works.length) return;

    const declared = await this.manager.declaredFor(document);
    const missing = works.filter((paper) => !declared.some((file) => this.manager.keysIn(file.uri)?.has(paper.key)));
    if (!missing.length) return;
    const target = declared.find((file) => file.format === 'bibtex');
    if (target) await this.appendTo(target, missing, mode, document);
    else await this.offerNewBibliography(document, missing, declared);
  }

  /**
   * The corpus works among the cited keys, as the corpus has them: a user file elsewhere may hold the same key (the
   * one lookup() gives), but it is the corpus entry that a document's bibliography lacks. A user's own work is in
   * their files already.
   */
  private corpusWorks(keys: readonly string[]): Paper[] {
    this.corpusByKey ??= new Map(this.library.corpus().map((paper) => [paper.key, paper]));
    return [...new Set(keys)].map((key) => this.corpusByKey!.get(key)).filter((paper): paper is Paper => paper !== undefined);
  }

  private async appendTo(target: DeclaredFile, works: Paper[], mode: AutoAddMode, document: vscode.TextDocument): Promise<void> {
    let pending = works.filter((paper) => !this.asking.has(`${target.id}\u0000${paper.key}`));
    if (!pending.length) return;
    if (mode === 'ask') {
      // Asked against the file as it is now, not as last loaded: the work may have been added a moment ago.
      const missing = new Set(await this.writer.missingKeys(target.uri, pending.map((paper) => paper.key)));
      pending = pending.filter((paper) => missing.has(paper.key) && !this.asking.has(`${target.id}\u0000${paper.key}`));
      if (!pending.length) return;
      const marks = pending.map((paper) => `${target.id}\u0000${paper.key}`);
      for (const mark of marks) this.asking.add(mark);
      let answer: string | undefined;
      try {
        answer = await vscode.window.showInformationMessage(
          `Add ${describe(pending)} to ${target.reference}, the bibliography ${baseName(document.uri)} declares?`,
          'Add', 'Always', 'Never');
      } finally {
        for (const mark of marks) this.asking.delete(mark);
      }
      if (answer === 'Never') return this.remember('never', document);
      if (answer === 'Always') await this.remember('always', document);
      else if (answer !== 'Add') return;
    }
    const dialect = target.kind === 'biblatex' ? 'biblatex' : 'bibtex';
    await this.report(() => this.writer.append(target.uri, this.entries(pending, dialect)), target.reference, pending, dialect);
  }

  private async offerNewBibliography(document: vscode.TextDocument, works: Paper[], declared: DeclaredFile[]): Promise<void> {
    const declaring = await this.declaringDocument(document);
    const other = declared.length ? ` (it declares only ${declared.map((file) => file.reference).join(', ')})` : '';
    const key = `${declaring.uri.toString()}\u0000new`;
    if (this.asking.has(key) || this.declined.has(declaring.uri.toString())) return;
    this.asking.add(key);
    let answer: string | undefined;
    try {
      answer = await vscode.window.showInformationMessage(
        `${baseName(declaring.uri)} declares no BibTeX bibliography${other}. Create ${NEW_BIBLIOGRAPHY} beside it with ${describe(works)}, and declare it?`,
        `Create ${NEW_BIBLIOGRAPHY}`, 'Never');
    } finally {
      this.asking.delete(key);
    }
    if (answer === 'Never') return this.remember('never', document);
    if (answer !== `Create ${NEW_BIBLIOGRAPHY}`) {
      this.declined.add(declaring.uri.toString());
      return;
    }
    // A LaTeX document set up for biblatex gets biblatex entries; pandoc documents and BibTeX ones get BibTeX's.
    const dialect = isLatexLanguage(declaring.languageId) && usesBiblatex(declaring.getText()) ? 'biblatex' : 'bibtex';
    await this.report(() => this.writer.createAndDeclare(declaring, NEW_BIBLIOGRAPHY, this.entries(works, dialect)), NEW_BIBLIOGRAPHY, works, dialect);
    // Read the new file now rather than after the next pause in typing.
    await this.manager.refresh(declaring);
  }

  /** A LaTeX chapter's declarations live in its `% !TEX root`; everything else declares its own. */
  private async declaringDocument(document: vscode.TextDocument): Promise<vscode.TextDocument> {
    if (!isLatexLanguage(document.languageId)) return document;
    const root = latexRootMagic(document.getText());
    if (!root) return document;
    try {
      return await vscode.workspace.openTextDocument(document.uri.with({ path: resolveReference(document.uri.path, root) }));
    } catch {
      return document;
    }
  }

  private entries(works: Paper[], dialect: EntryDialect): EntryText[] {
    return works.map((paper) => ({ key: paper.key, text: this.toBibtex(paper, dialect) }));
  }

  private async report(write: () => Promise<AppendOutcome>, fileName: string, works: Paper[], dialect: EntryDialect): Promise<void> {
    try {
      const outcome = await write();
      if (outcome.added.length) {
        const where = outcome.saved ? fileName : `${fileName} (unsaved)`;
        vscode.window.setStatusBarMessage(`$(check) Added ${outcome.added.join(', ')} to ${where}`, 5000);
      }
    } catch (error) {
      const message = error instanceof WriteRefusedError ? error.message : `Could not add to ${fileName}: ${(error as Error).message}`;
      this.log.warn(message);
      // Nothing is lost: the entries can still be copied and pasted by hand, as the file can hold them.
      const copy = 'Copy BibTeX';
      if (await vscode.window.showWarningMessage(message, copy) === copy) {
        const text = error instanceof WriteRefusedError && error.entryText !== undefined
          ? error.entryText : this.entries(works, dialect).map((entry) => entry.text.trim()).join('\n\n') + '\n';
        await vscode.env.clipboard.writeText(text);
      }
    }
  }

  private async remember(mode: AutoAddMode, document: vscode.TextDocument): Promise<void> {
    await vscode.workspace.getConfiguration(Settings.section, document.uri).update(Settings.bibliographyAutoAdd, mode, vscode.ConfigurationTarget.Global);
  }
}

function describe(works: Paper[]): string {
  if (works.length === 1) return works[0].key;
  if (works.length <= 3) return `${works.slice(0, -1).map((paper) => paper.key).join(', ')} and ${works[works.length - 1].key}`;
  return `${works.length} works`;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
