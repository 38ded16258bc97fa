// Keeps the user's bibliography files in the library: finds the files open documents declare and the files the
// `nhsLibrary.bibliography.include` globs match, loads each through the parse worker, watches each (a change
// re-reads that file only), and reports broken entries, key clashes and missing declared files as diagnostics.
import * as vscode from 'vscode';
import { CITING_LANGUAGES, Settings } from '../constants';
import {
  bibliographyFormat,
  declaredBibliographies,
  declaredInYamlFile,
  DeclaredBibliography,
  DeclarationKind,
  isLatexLanguage,
  latexRootMagic,
  quartoProjectDirectories,
  resolveReference,
} from '../core/bibliography/declaredBibliographies';
import { BibliographyFormat, BibliographyProblem } from '../core/bibliography/parseBibliography';
import { MAX_DIAGNOSTICS_PER_FILE } from '../core/bibtex/sourceDiagnostic';
import { Library, withoutWorks } from '../core/library';
import { Paper } from '../core/model';
import { keysOf, WorkList, workListOf } from '../core/workList';
import { LoadError, LoadInput, ParserClient } from './parserClient';
import { sourceIdOf } from './sourceId';

/** A bibliography file a document declares, resolved. */
export interface DeclaredFile {
  uri: vscode.Uri;
  /** The source id its papers carry as `origin.file`. */
  id: string;
  /** As written in the declaration. */
  reference: string;
  kind: DeclarationKind;
  format: BibliographyFormat | undefined;
  /** The file that holds the declaration: the document, its `% !TEX root`, or `_quarto.yml`. */
  declaredIn: vscode.Uri;
  exists: boolean;
}

interface Source {
  uri: vscode.Uri;
  format: BibliographyFormat;
  /** Why the file is loaded: the documents that declare it, and/or `include`. */
  reasons: Set<string>;
  watcher: vscode.Disposable;
  works: WorkList;
  /** Built on first use from `works`. */
  keys?: Set<string>;
  problems: BibliographyProblem[];
  /** Bumped by every load, so a slow load that finishes after a newer one is dropped. */
  generation: number;
  reloadTimer?: NodeJS.Timeout;
}

const INCLUDE = 'include';
const SOURCE = 'NHS Leadership Library';
const DOCUMENT_DEBOUNCE_MILLIS = 400;
const FILE_DEBOUNCE_MILLIS = 250;

/** A file's works before it is read, or once it is gone. */
const NO_WORKS: WorkList = workListOf([]);

export class BibliographyManager implements vscode.Disposable {
  private readonly sources = new Map<string, Source>();
  /** Document URI -> the source ids it declares, and a signature of its declarations to skip needless work. */
  private readonly documents = new Map<string, { ids: Set<string>; signature: string }>();
  private readonly documentTimers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private includeWatchers: vscode.Disposable[] = [];
  private includeRefresh: Promise<void> = Promise.resolve();
  private readonly busy = new Set<Promise<unknown>>();
  private progressDone: (() => void) | undefined;
  private clashTimer: NodeJS.Timeout | undefined;
  private readonly reportedFailures = new Set<string>();
  /** Files being read; a status bar indicator shows while any read lasts longer than a moment. */
  private loading = 0;
  private progressTimer: NodeJS.Timeout | undefined;
  private corpusByKey: Map<string, Paper> | undefined;
  private disposed = false;

  constructor(
    private readonly library: Library,
    private readonly parser: ParserClient,
    private readonly diagnostics: vscode.DiagnosticCollection,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Starts discovery after activation has returned: nothing here may slow activation down. */
  start(): vscode.Disposable {
    const timer = setTimeout(() => this.track(this.discoverAll()), 0);
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => this.scheduleDocument(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.scheduleDocument(event.document, DOCUMENT_DEBOUNCE_MILLIS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forgetDocumentDiagnostics(document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${Settings.section}.${Settings.bibliographyInclude}`)) this.track(this.refreshIncludes());
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.track(this.refreshIncludes())),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.track(this.refreshIncludes())),
      this.watchQuartoProjects(),
    );
    return { dispose: () => clearTimeout(timer) };
  }

  /** Resolves once every discovery and load started so far has settled. */
  async whenIdle(): Promise<void> {
    while (this.busy.size) await Promise.allSettled([...this.busy]);
  }

  /**
   * Looks at every declaration again and reads every file again, bypassing the parse cache. A file keeps its works
   * until its new read succeeds (one that now fails to read keeps them, as its warning says); a file no open
   * document declares and no `include` pattern finds any more is let go.
   */
  async reload(): Promise<void> {
    const before = new Map(this.documents);
    this.reportedFailures.clear();
    await this.track(this.discoverAll(true));
    // discoverAll() looked again at each document open in a tab, replacing its entry; one it left alone is no
    // longer open, and now declares nothing.
    for (const [key, known] of before) {
      if (this.documents.get(key) !== known) continue;
      this.documents.delete(key);
      for (const id of known.ids) this.removeReason(id, key);
    }
    await this.whenIdle();
  }

  /** Looks at a document's declarations now, loading any file it newly declares. */
  refresh(document: vscode.TextDocument): Promise<void> {
    return this.track(this.discoverDocument(document));
  }

  /** The keys a loaded file defines, as last read; undefined for a file not loaded. */
  keysIn(uri: vscode.Uri): ReadonlySet<string> | undefined {
    const source = this.sources.get(sourceIdOf(uri));
    if (!source) return undefined;
    source.keys ??= new Set(keysOf(source.works));
    return source.keys;
  }

  /**
   * The bibliography files a document declares, from its current text: its own declarations (or those of its
   * `% !TEX root`), then its Quarto project's.
   */
  async declaredFor(document: vscode.TextDocument): Promise<DeclaredFile[]> {
    const found: DeclaredFile[] = [];
    const add = async (declarations: DeclaredBibliography[], declaredIn: vscode.Uri) => {
      for (const declaration of declarations) {
        const uri = declaredIn.with({ path: resolveReference(declaredIn.path, declaration.reference), query: '', fragment: '' });
        const id = sourceIdOf(uri);
        if (found.some((file) => file.id === id)) continue;
        found.push({ uri, id, reference: declaration.reference, kind: declaration.kind, format: bibliographyFormat(uri.path), declaredIn, exists: await exists(uri) });
      }
    };
    // An unsaved document has no directory to resolve names against.
    if (document.isUntitled) return found;
    const text = document.getText();
    if (isLatexLanguage(document.languageId)) {
      const root = latexRootMagic(text);
      const rootUri = root ? document.uri.with({ path: resolveReference(document.uri.path, root) }) : undefined;
      const rootText = rootUri && rootUri.toString() !== document.uri.toString() ? await readText(rootUri) : undefined;
      if (rootUri && rootText !== undefined) await add(declaredBibliographies(rootText, 'latex'), rootUri);
      else await add(declaredBibliographies(text, document.languageId), document.uri);
      return found;
    }
    await add(declaredBibliographies(text, document.languageId), document.uri);
    const project = await this.quartoProject(document.uri);
    if (project) await add(declaredInYamlFile(project.text), project.uri);
    return found;
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.documentTimers.values()) clearTimeout(timer);
    if (this.clashTimer) clearTimeout(this.clashTimer);
    // The library goes with the extension: only watchers and timers need stopping.
    for (const source of this.sources.values()) {
      clearTimeout(source.reloadTimer);
      source.watcher.dispose();
    }
    this.sources.clear();
    for (const disposable of [...this.disposables, ...this.includeWatchers]) disposable.dispose();
    clearTimeout(this.progressTimer);
    this.progressDone?.();
  }

  // Discovery ------------------------------------------------------------------------------------------------------

  /** The documents open in editor tabs: what "the open documents" means to the user (and to Reload). */
  private async discoverAll(force = false): Promise<void> {
    const inTabs = new Set(vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .map((tab) => (tab.input instanceof vscode.TabInputText ? tab.input.uri.toString() : undefined)));
    const documents = vscode.workspace.textDocuments.filter((document) => isCitingDocument(document) && inTabs.has(document.uri.toString()));
    await Promise.all([this.refreshIncludes(force), ...documents.map((document) => this.discoverDocument(document, force))]);
  }

  private scheduleDocument(document: vscode.TextDocument, delay: number): void {
    if (!isCitingDocument(document) || this.disposed) return;
    const key = document.uri.toString();
    clearTimeout(this.documentTimers.get(key));
    this.documentTimers.set(key, setTimeout(() => {
      this.documentTimers.delete(key);
      this.track(this.discoverDocument(document));
    }, delay));
  }

  private async discoverDocument(document: vscode.TextDocument, force = false): Promise<void> {
    if (document.isClosed && !force) return;
    const key = document.uri.toString();
    // Cheap check first: most edits do not touch a declaration, and then there is no file system work to do.
    const signature = signatureOf(document);
    const known = this.documents.get(key);
    if (known && known.signature === signature && !force) return;
    const declared = await this.declaredFor(document);
    const ids = new Set<string>();
    for (const file of declared) {
      if (!file.format) continue;
      ids.add(file.id);
      this.addReason(file.uri, file.format, key, force);
    }
    for (const id of known?.ids ?? []) if (!ids.has(id)) this.removeReason(id, key);
    this.documents.set(key, { ids, signature });
    this.reportDeclarations(document, declared);
  }

  /** A warning at each declaration whose file is missing or in a format we cannot read. */
  private reportDeclarations(document: vscode.TextDocument, declared: DeclaredFile[]): void {
    const text = document.getText();
    const own = declaredBibliographies(text, document.languageId);
    const diagnostics: vscode.Diagnostic[] = [];
    for (const file of declared) {
      if (file.declaredIn.toString() !== document.uri.toString()) continue;
      const declaration = own.find((item) => item.reference === file.reference);
      if (!declaration) continue;
      const start = document.positionAt(declaration.offset);
      const length = isLatexLanguage(document.languageId) && !text.startsWith(file.reference, declaration.offset)
        ? file.reference.replace(/\.bib$/i, '').length : file.reference.length;
      const range = new vscode.Range(start, document.positionAt(declaration.offset + length));
      if (!file.format) {
        diagnostics.push(diagnostic(range, `${file.reference}: only BibTeX (.bib) and CSL-JSON (.json) bibliographies are read by the NHS Leadership Library.`, vscode.DiagnosticSeverity.Information, 'unsupported-bibliography'));
      } else if (!file.exists) {
        diagnostics.push(diagnostic(range, `Bibliography file not found: ${file.uri.scheme === 'file' ? file.uri.fsPath : file.uri.toString()}`, vscode.DiagnosticSeverity.Warning, 'missing-bibliography'));
      }
    }
    this.diagnostics.set(document.uri, diagnostics);
  }

  private forgetDocumentDiagnostics(document: vscode.TextDocument): void {
    if (isCitingDocument(document)) this.diagnostics.delete(document.uri);
    // Its files stay loaded (reopening the document does not read them again), but its diagnostics come back only
    // with a fresh look at its declarations.
    const known = this.documents.get(document.uri.toString());
    if (known) known.signature = '';
  }

  private async quartoProject(documentUri: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(documentUri);
    if (!folder) return undefined;
    for (const dir of quartoProjectDirectories(documentUri.path, folder.uri.path)) {
      const uri = documentUri.with({ path: `${dir}/_quarto.yml` });
      const text = await readText(uri);
      if (text !== undefined) return { uri, text };
    }
    return undefined;
  }

  private watchQuartoProjects(): vscode.Disposable {
    const watcher = vscode.workspace.createFileSystemWatcher('**/_quarto.yml');
    const rediscover = () => {
      for (const document of vscode.workspace.textDocuments) {
        if (!isCitingDocument(document) || isLatexLanguage(document.languageId)) continue;
        const known = this.documents.get(document.uri.toString());
        if (known) known.signature = '';
        this.scheduleDocument(document, DOCUMENT_DEBOUNCE_MILLIS);
      }
    };
    return vscode.Disposable.from(watcher, watcher.onDidChange(rediscover), watcher.onDidCreate(rediscover), watcher.onDidDelete(rediscover));
  }

  /** Settings, folders and trust can change in quick succession: one refresh at a time, in order. */
  private refreshIncludes(force = false): Promise<void> {
    this.includeRefresh = this.includeRefresh.then(() => this.readIncludes(force), () => this.readIncludes(force));
    return this.includeRefresh;
  }

  private async readIncludes(force: boolean): Promise<void> {
    for (const watcher of this.includeWatchers) watcher.dispose();
    this.includeWatchers = [];
    const found = new Map<string, { uri: vscode.Uri; format: BibliographyFormat }>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const patterns = vscode.workspace.getConfiguration(Settings.section, folder.uri).get<string[]>(Settings.bibliographyInclude, []);
      for (const glob of patterns.filter((value) => typeof value === 'string' && value.trim())) {
        const pattern = new vscode.RelativePattern(folder, glob.trim());
        for (const uri of await vscode.workspace.findFiles(pattern)) {
          const format = bibliographyFormat(uri.path);
          if (format) found.set(sourceIdOf(uri), { uri, format });
        }
        // New files that match; a matched file's own watcher handles its changes and deletion.
        const watcher = vscode.workspace.createFileSystemWatcher(pattern, false, true, true);
        watcher.onDidCreate((uri) => {
          const format = bibliographyFormat(uri.path);
          if (format) this.addReason(uri, format, INCLUDE, false);
        });
        this.includeWatchers.push(watcher);
      }
    }
    if (this.disposed) return;
    for (const [id, source] of this.sources) if (source.reasons.has(INCLUDE) && !found.has(id)) this.removeReason(id, INCLUDE);
    for (const { uri, format } of found.values()) this.addReason(uri, format, INCLUDE, force);
  }

  // Sources --------------------------------------------------------------------------------------------------------

  private addReason(uri: vscode.Uri, format: BibliographyFormat, reason: string, force: boolean): void {
    if (this.disposed) return;
    const id = sourceIdOf(uri);
    const existing = this.sources.get(id);
    if (existing) {
      existing.reasons.add(reason);
      if (force) this.track(this.load(id, true));
      return;
    }
    const source: Source = { uri, format, reasons: new Set([reason]), watcher: this.watchFile(id, uri), works: NO_WORKS, problems: [], generation: 0 };
    this.sources.set(id, source);
    this.track(this.load(id, force));
  }

  private removeReason(id: string, reason: string): void {
    const source = this.sources.get(id);
    if (!source) return;
    source.reasons.delete(reason);
    if (source.reasons.size === 0) this.dropSource(id, source);
  }

  private dropSource(id: string, source: Source): void {
    source.generation++;
    clearTimeout(source.reloadTimer);
    source.watcher.dispose();
    this.sources.delete(id);
    this.diagnostics.delete(source.uri);
    this.library.removeUserSource(id);
    this.scheduleClashCheck();
  }

  private watchFile(id: string, uri: vscode.Uri): vscode.Disposable {
    const slash = uri.path.lastIndexOf('/');
    const pattern = new vscode.RelativePattern(uri.with({ path: uri.path.slice(0, slash) || '/' }), uri.path.slice(slash + 1));
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    const changed = () => {
      const source = this.sources.get(id);
      if (!source) return;
      clearTimeout(source.reloadTimer);
      // Saving a file fires several events; read it once they settle.
      source.reloadTimer = setTimeout(() => this.track(this.load(id, false)), FILE_DEBOUNCE_MILLIS);
    };
    return vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
  }

  private async load(id: string, force: boolean): Promise<void> {
    const source = this.sources.get(id);
    if (!source) return;
    const generation = ++source.generation;
    const name = baseName(source.uri);
    this.startedLoading();
    try {
      const input = await this.loadInput(id, source, force);
      const result = await this.parser.load(input);
      if (generation !== source.generation || this.sources.get(id) !== source) return;
      source.works = result.works;
      source.keys = undefined;
      source.problems = result.problems;
      this.reportedFailures.delete(id);
      const { works, ...known } = this.withoutCorpusCopies(result.works, { hashes: result.hashes, order: result.order });
      this.library.setUserPapers(id, works, { keys: result.keys, ...known });
      this.log.info(`${name}: ${result.works.length} works, ${result.problems.length} problems, ${result.fromCache ? 'from the cache' : 'parsed'} in ${result.millis.toFixed(0)} ms.`);
    } catch (error) {
      if (generation !== source.generation || this.sources.get(id) !== source) return;
      if (error instanceof LoadError && error.code === 'ENOENT') {
        // Deleted (or not created yet): its works leave the library; its watcher brings them back if it reappears.
        source.works = NO_WORKS;
        source.keys = undefined;
        source.problems = [];
        this.library.removeUserSource(id);
        this.log.info(`${name}: not found.`);
      } else {
        // Whatever was loaded before stays in the library.
        const message = `Could not read the bibliography ${name}: ${(error as Error).message}`;
        this.log.error(message);
        if (!this.reportedFailures.has(id)) {
          this.reportedFailures.add(id);
          void vscode.window.showWarningMessage(`${message} The library keeps the works it had.`);
        }
      }
    } finally {
      this.finishedLoading();
    }
    this.scheduleClashCheck();
  }

  /**
   * A user's entry for a corpus work (one we appended, or their own copy) adds nothing to the corpus record, which
   * has themes, summary and abstract: the library keeps the corpus one. An entry that reuses a corpus key for
   * another work does replace it, and is reported.
   */
  private withoutCorpusCopies(works: WorkList, known: Parameters<typeof withoutWorks>[2]): ReturnType<typeof withoutWorks> {
    this.corpusByKey ??= new Map(this.library.corpus().map((paper) => [paper.key, paper]));
    const corpus = this.corpusByKey;
    // Only a work whose key is a corpus key is made, to compare it with the corpus one.
    return withoutWorks(works, (key, position) => {
      const work = corpus.get(key);
      return !!work && sameWork(works.at(position), work);
    }, known);
  }

  private async loadInput(id: string, source: Source, force: boolean): Promise<LoadInput> {
    if (source.uri.scheme === 'file') return { file: id, format: source.format, path: source.uri.fsPath, useCache: !force };
    // A virtual workspace: only the workspace file system can read the file; the worker still parses it.
    try {
      const stat = await vscode.workspace.fs.stat(source.uri);
      const bytes = await vscode.workspace.fs.readFile(source.uri);
      return { file: id, format: source.format, bytes, size: stat.size, mtime: stat.mtime, useCache: !force };
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') throw new LoadError('not found', 'ENOENT');
      throw error;
    }
  }

  // Diagnostics ----------------------------------------------------------------------------------------------------

  private scheduleClashCheck(): void {
    if (this.clashTimer || this.disposed) return;
    this.clashTimer = setTimeout(() => {
      this.clashTimer = undefined;
      this.reportFileDiagnostics();
    }, 100);
  }

  /**
   * Sets each loaded file's diagnostics: its broken entries, and its keys that another source also defines with a
   * different work. An entry we appended from the corpus repeats the corpus work, and is no clash.
   */
  private reportFileDiagnostics(): void {
    const order = this.library.userFiles().filter((id) => this.sources.has(id));
    const definitions = new Map<string, { id: string; paper: Paper }[]>();
    // Only a key the library has from more than one place can clash: mapping every key of 100k works blocked ~100 ms.
    const shared = this.library.clashingKeys();
    for (const id of shared.size ? order : []) {
      const { works } = this.sources.get(id)!;
      for (let i = 0; i < works.length; i++) {
        const key = works.keyAt(i);
        if (!shared.has(key)) continue;
        const list = definitions.get(key);
        const definition = { id, paper: works.at(i) };
        if (list) list.push(definition);
        else definitions.set(key, [definition]);
      }
    }
    this.corpusByKey ??= new Map(this.library.corpus().map((paper) => [paper.key, paper]));
    const corpus = this.corpusByKey;
    const clashes = new Map<string, vscode.Diagnostic[]>();
    for (const [key, list] of definitions) {
      const corpusPaper = corpus.get(key);
      const differs = list.some(({ paper }) => !sameWork(paper, list[0].paper)) || (!!corpusPaper && list.some(({ paper }) => !sameWork(paper, corpusPaper)));
      if (!differs) continue;
      const used = list[list.length - 1];
      for (const { id, paper } of list) {
        const others = list.filter((other) => other.id !== id).map((other) => baseName(this.sources.get(other.id)!.uri));
        const where = [...(corpusPaper && !sameWork(paper, corpusPaper) ? ['the NHS Leadership Library'] : []), ...others];
        if (!where.length) continue;
        const verdict = used.id === id ? 'this entry is the one used' : `the entry in ${baseName(this.sources.get(used.id)!.uri)} is used`;
        const line = paper.origin.kind === 'user' ? Math.max(0, paper.origin.line - 1) : 0;
        const message = `The key ${key} is also defined, for a different work, in ${where.join(' and ')}; ${verdict}.`;
        const fileClashes = clashes.get(id) ?? [];
        fileClashes.push(diagnostic(lineRange(line), message, vscode.DiagnosticSeverity.Information, 'key-clash'));
        clashes.set(id, fileClashes);
      }
    }
    for (const [id, source] of this.sources) {
      const problems = source.problems.map((problem) => {
        // The reader counts from 1; an underline that runs past its line is cut at the line's end by the editor.
        const line = Math.max(0, problem.line - 1);
        const column = Math.max(0, problem.column - 1);
        const range = new vscode.Range(line, column, line, column + Math.max(1, problem.endOffset - problem.offset));
        return diagnostic(range, problem.message, problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning, 'bibliography-entry');
      });
      this.diagnostics.set(source.uri, [...problems, ...(clashes.get(id) ?? [])].slice(0, MAX_DIAGNOSTICS_PER_FILE));
    }
  }

  // Progress -------------------------------------------------------------------------------------------------------

  /** Runs background work, so whenIdle() can wait for it. */
  private track<T>(work: Promise<T>): Promise<T> {
    const settled = work.catch((error) => this.log.error(`Bibliography discovery failed: ${(error as Error).message}`));
    this.busy.add(settled);
    void settled.finally(() => this.busy.delete(settled));
    return work;
  }

  private startedLoading(): void {
    if (this.loading++ > 0 || this.progressDone || this.progressTimer) return;
    // Most files load in a blink: only a read that lasts is worth an indicator.
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      if (this.loading === 0 || this.disposed) return;
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Reading bibliography files' },
        () => new Promise<void>((resolve) => (this.progressDone = resolve)));
    }, 500);
  }

  private finishedLoading(): void {
    if (--this.loading > 0) return;
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.progressDone?.();
    this.progressDone = undefined;
  }
}

function isCitingDocument(document: vscode.TextDocument): boolean {
  return (CITING_LANGUAGES as readonly string[]).includes(document.languageId);
}

/** What decides a document's declarations; `_quarto.yml` is watched separately. */
function signatureOf(document: vscode.TextDocument): string {
  const text = document.getText();
  return `${document.languageId}\u0000${latexRootMagic(text) ?? ''}\u0000${declaredBibliographies(text, document.languageId).map((item) => item.reference).join('\u0000')}`;
}

function sameWork(a: Paper, b: Paper): boolean {
  const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  return fold(a.title) === fold(b.title) && (a.year === undefined || b.year === undefined || a.year === b.year);
}

function diagnostic(range: vscode.Range, message: string, severity: vscode.DiagnosticSeverity, code: string): vscode.Diagnostic {
  const result = new vscode.Diagnostic(range, message, severity);
  result.source = SOURCE;
  result.code = code;
  return result;
}

/** The whole line: the editor clamps the end to the line's length. */
function lineRange(line: number): vscode.Range {
  return new vscode.Range(line, 0, line, Number.MAX_SAFE_INTEGER);
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A file's text: the open document's (unsaved changes included), else what is on disk; undefined if absent. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
