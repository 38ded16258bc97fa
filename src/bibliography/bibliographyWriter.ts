// Writes to the user's bibliography files, only ever by appending, through WorkspaceEdits: each write is undoable,
// lands in the open buffer when the file is being edited (unsaved changes included), keeps the file's line endings
// and every existing byte. Appends to one file run one at a time, each re-reading the file, so two quick insertions
// never add an entry twice. Nothing is written in a restricted workspace or to a read-only file.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { endingOf, EntryText, keysInBibtex, planAppend, planAppendAfter } from '../core/bibliography/appendPlan';
import { declarationEdit, Insertion } from '../core/bibliography/declarationEdit';

export type { EntryText };

export interface AppendOutcome {
  /** Keys appended, in order. */
  added: string[];
  /** Keys the file already held. */
  present: string[];
  /** False when the file was already being edited, so the entries wait in its unsaved buffer. */
  saved: boolean;
}

export class WriteRefusedError extends Error {
  constructor(message: string, readonly reason: 'restricted' | 'readonly' | 'failed') {
    super(message);
    this.name = 'WriteRefusedError';
  }
}

/** Reads the keys of a BibTeX text or local file without blocking the host (the parse worker). */
export type KeyReader = (source: { text: string } | { path: string }) => Promise<ReadonlySet<string>>;

/** Above this many characters a file's keys are read off the main thread: the reader does about 25 MB/s. */
const IN_PLACE_KEY_SCAN_LIMIT = 512 * 1024;

/** VS Code gives extensions no document for a file above 50 MB: such a file is appended to on disk. */
const DOCUMENT_SIZE_LIMIT = 50 * 1024 * 1024;

export class BibliographyWriter {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly log: vscode.LogOutputChannel, private readonly readKeys: KeyReader) {}

  /** Appends the entries the file lacks; creates the file when it does not exist yet. */
  append(uri: vscode.Uri, entries: readonly EntryText[]): Promise<AppendOutcome> {
    return this.enqueue(uri, () => this.appendNow(uri, entries));
  }

  /** The keys the file lacks, as it will be when earlier appends to it have finished. */
  missingKeys(uri: vscode.Uri, keys: readonly string[]): Promise<string[]> {
    return this.enqueue(uri, async () => {
      if (!(await fileExists(uri))) return [...keys];
      let existing: ReadonlySet<string>;
      if (await isTooLargeForDocument(uri)) {
        existing = await this.readKeys({ path: uri.fsPath });
      } else {
        const text = (await vscode.workspace.openTextDocument(uri)).getText();
        existing = (await this.keysOf(text)).existingKeys ?? keysInBibtex(text);
      }
      return keys.filter((key) => !existing.has(key));
    });
  }

  /**
   * Creates `fileName` beside the document that holds the declarations (or appends to it if it exists), declares
   * it there, and adds the entries: one WorkspaceEdit, one undo.
   */
  createAndDeclare(declaring: vscode.TextDocument, fileName: string, entries: readonly EntryText[]): Promise<AppendOutcome & { uri: vscode.Uri }> {
    const uri = vscode.Uri.joinPath(declaring.uri, '..', fileName);
    return this.enqueue(uri, async () => {
      assertTrusted();
      await assertWritable(declaring.uri);
      const declaration = declarationEdit(declaring.getText(), declaring.languageId, fileName);
      if (!declaration.ok) throw new WriteRefusedError(declaration.reason, 'failed');
      return { ...(await this.appendNow(uri, entries, declaration.insertions, declaring)), uri };
    });
  }

  private enqueue<T>(uri: vscode.Uri, write: () => Promise<T>): Promise<T> {
    const key = uri.toString();
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(write, write);
    const settled = next.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return next;
  }

  private async appendNow(uri: vscode.Uri, entries: readonly EntryText[], declaration: Insertion[] = [], declaring?: vscode.TextDocument): Promise<AppendOutcome> {
    assertTrusted();
    if (!(await fileExists(uri))) {
      // A declared file that does not exist yet: create it with the entries.
      await assertWritable(vscode.Uri.joinPath(uri, '..'));
      const plan = planAppend('', entries);
      const edit = new vscode.WorkspaceEdit();
      edit.createFile(uri, { ignoreIfExists: true });
      edit.insert(uri, new vscode.Position(0, 0), plan.text);
      if (declaring) addInsertions(edit, declaring, declaration);
      if (!(await vscode.workspace.applyEdit(edit))) throw new WriteRefusedError(`Could not create ${baseName(uri)}.`, 'failed');
      const saved = await (await vscode.workspace.openTextDocument(uri)).save();
      this.log.info(`Created ${uri.fsPath || uri.toString()} with ${plan.added.join(', ')}.`);
      return { added: plan.added, present: [], saved };
    }
    await assertWritable(uri);
    if (!declaration.length && (await isTooLargeForDocument(uri))) return this.appendOnDisk(uri, entries);
    const document = await vscode.workspace.openTextDocument(uri);
    const wasDirty = document.isDirty;
    let version = document.version;
    let before = document.getText();
    let plan = planAppend(before, entries, await this.keysOf(before));
    // Reading a large file's keys takes a moment: if the user typed into it meanwhile, plan again.
    for (let attempt = 0; attempt < 3 && document.version !== version; attempt++) {
      version = document.version;
      before = document.getText();
      plan = planAppend(before, entries, await this.keysOf(before));
    }
    if (!plan.added.length && !declaration.length) return { added: [], present: plan.present, saved: !wasDirty };
    const edit = new vscode.WorkspaceEdit();
    // An insertion at the very end: every existing character stays where it is.
    if (plan.added.length) edit.insert(uri, document.positionAt(before.length), plan.text);
    if (declaring) addInsertions(edit, declaring, declaration);
    if (!(await vscode.workspace.applyEdit(edit))) throw new WriteRefusedError(`Could not add to ${baseName(uri)}.`, 'failed');
    const after = document.getText();
    if (plan.added.length && !(after.startsWith(before) && after.endsWith(plan.text))) {
      // The file changed between reading and editing: say so rather than pretend.
      this.log.warn(`${baseName(uri)} changed while entries were being appended; check its end.`);
    }
    // A file that had no unsaved changes is saved, so what compiles the document sees the entries; a file being
    // edited keeps them in its buffer, saved with the user's own changes.
    const saved = wasDirty ? false : await document.save();
    this.log.info(`Appended ${plan.added.join(', ') || 'nothing'} to ${uri.fsPath || uri.toString()}${saved ? '' : ' (not saved)'}.`);
    return { added: plan.added, present: plan.present, saved };
  }

  private async keysOf(text: string): Promise<{ existingKeys?: ReadonlySet<string> }> {
    return text.length > IN_PLACE_KEY_SCAN_LIMIT ? { existingKeys: await this.readKeys({ text }) } : {};
  }

  /**
   * Appends to a file too large for a document: straight to disk, after the last byte (so every existing byte stays),
   * which the editor cannot undo. Refused while an editor holds unsaved changes to it.
   */
  private async appendOnDisk(uri: vscode.Uri, entries: readonly EntryText[]): Promise<AppendOutcome> {
    const dirty = vscode.window.tabGroups.all.flatMap((group) => group.tabs)
      .some((tab) => tab.isDirty && tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === uri.toString());
    if (dirty) throw new WriteRefusedError(`${baseName(uri)} has unsaved changes in an editor: save them, then cite again.`, 'failed');
    const existing = await this.readKeys({ path: uri.fsPath });
    const handle = await fs.promises.open(uri.fsPath, 'r');
    let head: string;
    let tail: string;
    try {
      const { size } = await handle.stat();
      const headBytes = Buffer.alloc(Math.min(size, 65_536));
      const tailBytes = Buffer.alloc(Math.min(size, 64));
      await handle.read(headBytes, 0, headBytes.length, 0);
      await handle.read(tailBytes, 0, tailBytes.length, size - tailBytes.length);
      head = headBytes.toString('latin1');
      tail = tailBytes.toString('latin1');
    } finally {
      await handle.close();
    }
    const plan = planAppendAfter(endingOf(tail, '\n', head, true), entries, existing);
    if (plan.added.length) await fs.promises.appendFile(uri.fsPath, plan.text, 'utf8');
    this.log.info(`Appended ${plan.added.join(', ') || 'nothing'} to ${uri.fsPath} on disk: it is too large for VS Code to open as a document, so this cannot be undone in the editor.`);
    return { added: plan.added, present: plan.present, saved: true };
  }
}

function addInsertions(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, insertions: readonly Insertion[]): void {
  for (const insertion of insertions) edit.insert(document.uri, document.positionAt(insertion.offset), insertion.text);
}

function assertTrusted(): void {
  if (!vscode.workspace.isTrusted) {
    throw new WriteRefusedError('This workspace is in Restricted Mode, so the NHS Leadership Library changes no files. Trust the workspace to let it update bibliographies.', 'restricted');
  }
}

/** Refuses before editing, so a read-only file is never left with an edit that cannot be saved. */
async function assertWritable(uri: vscode.Uri): Promise<void> {
  const readOnly = () => new WriteRefusedError(`${baseName(uri) || uri.toString()} is read-only, so nothing was added to it.`, 'readonly');
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) throw readOnly();
  if (uri.scheme === 'file') {
    try {
      await fs.promises.access(uri.fsPath, fs.constants.W_OK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw readOnly();
    }
    return;
  }
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.permissions !== undefined && (stat.permissions & vscode.FilePermission.Readonly)) throw readOnly();
  } catch (error) {
    if (error instanceof WriteRefusedError) throw error;
  }
}

async function isTooLargeForDocument(uri: vscode.Uri): Promise<boolean> {
  return uri.scheme === 'file' && (await fs.promises.stat(uri.fsPath)).size > DOCUMENT_SIZE_LIMIT;
}

async function fileExists(uri: vscode.Uri): Promise<boolean> {
  if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString() && !document.isClosed)) return true;
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
