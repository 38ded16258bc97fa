// Writes to the user's bibliography files, only ever by appending, and keeps every existing byte. An append is a
// WorkspaceEdit where the file's document allows (see below): undoable, in the open buffer when the file is being
// edited (unsaved changes included), in the file's own line endings. Appends to one file run one at a time, each re-reading the file, so two quick insertions
// never add an entry twice. Nothing is written in a restricted workspace or to a read-only file.
//
// A file's bytes decide how: VS Code opens a file that is not UTF-8 (an older .bib in Windows-1252) as UTF-8 unless
// told otherwise, and saving that document would write each such byte back as U+FFFD. So the document is edited only
// when it would save back exactly the bytes on disk (its encoding decodes and re-encodes them unchanged, and, when
// it has no unsaved changes, its text is theirs). A document that would not is left alone: the entries are appended
// after the file's last byte, in ASCII unless the file is UTF-8, or, when it holds unsaved changes that appending on
// disk would conflict with, refused with a message and the entries to copy.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { endingOf, EntryText, keysInBibtex, planAppend, planAppendAfter } from '../core/bibliography/appendPlan';
import { declarationEdit, Insertion } from '../core/bibliography/declarationEdit';
import { decodeBibliography } from '../core/bibliography/parseBibliography';
import { asciiBibtex } from '../core/bibtex/asciiBibtex';

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
  /** `entryText`: the entries as the file can hold them, for the user to add by hand; else as written. */
  constructor(message: string, readonly reason: 'restricted' | 'readonly' | 'failed', readonly entryText?: string) {
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
    const bytes = await readBytes(uri);
    // The document is edited (undoably) only when saving it writes back the bytes the file has; otherwise the entries
    // go straight after the file's last byte, or, while the document holds unsaved changes, nowhere.
    const fit = bytes ? await documentFit(document, bytes) : { keepsBytes: true, unicode: true, encoding: 'utf8' };
    if (!fit.keepsBytes) {
      if (document.isDirty) {
        throw new WriteRefusedError(`${baseName(uri)} has unsaved changes, and VS Code has it open as ${encodingLabel(fit.encoding)} though it is saved in another encoding, so saving it would change letters already in it: nothing was added. Reopen it in its own encoding (Reopen with Encoding), then cite again, or copy the entry and paste it in.`, 'failed', asciiText(uri, entries));
      }
      return this.appendBytes(uri, bytes!, entries, declaration, declaring);
    }
    // An encoding such as Windows-1252 has no bytes for most characters: its file gets the entries in ASCII.
    if (!fit.unicode) entries = asciiEntries(uri, entries);
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

  /**
   * Appends to a file whose document would not save back the file's own bytes (one that is not UTF-8, opened as
   * UTF-8; one that mixes line breaks, which a document makes uniform): after the last byte, in ASCII unless the
   * file is UTF-8. The editor cannot undo this; an editor showing the file, which has no unsaved changes, reloads it.
   */
  private async appendBytes(uri: vscode.Uri, bytes: Uint8Array, entries: readonly EntryText[], declaration: Insertion[], declaring?: vscode.TextDocument): Promise<AppendOutcome> {
    assertAsciiCompatible(uri, bytes);
    const utf8 = isUtf8(bytes);
    const text = decodeBibliography(bytes);
    const plan = planAppend(text, utf8 ? entries : asciiEntries(uri, entries), await this.keysOf(text));
    if (plan.added.length) await appendToFile(uri, bytes, new TextEncoder().encode(plan.text));
    if (declaring && declaration.length) {
      const edit = new vscode.WorkspaceEdit();
      addInsertions(edit, declaring, declaration);
      if (!(await vscode.workspace.applyEdit(edit))) throw new WriteRefusedError(`Added ${plan.added.join(', ')} to ${baseName(uri)}, but could not declare it in ${baseName(declaring.uri)}.`, 'failed');
    }
    this.log.info(`Appended ${plan.added.join(', ') || 'nothing'} to ${uri.fsPath || uri.toString()} after its last byte${utf8 ? '' : ', in ASCII (the file is not UTF-8)'}: the editor would not have saved the file's bytes as they are, so this cannot be undone in the editor.`);
    return { added: plan.added, present: plan.present, saved: true };
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
    const utf8 = await isUtf8File(uri.fsPath);
    const handle = await fs.promises.open(uri.fsPath, 'r');
    let head: string;
    let tail: string;
    try {
      const { size } = await handle.stat();
      const headBytes = Buffer.alloc(Math.min(size, 65_536));
      const tailBytes = Buffer.alloc(Math.min(size, 64));
      await handle.read(headBytes, 0, headBytes.length, 0);
      await handle.read(tailBytes, 0, tailBytes.length, size - tailBytes.length);
      if (!utf8) assertAsciiCompatible(uri, headBytes);
      head = headBytes.toString('latin1');
      tail = tailBytes.toString('latin1');
    } finally {
      await handle.close();
    }
    const plan = planAppendAfter(endingOf(tail, '\n', head, true), utf8 ? entries : asciiEntries(uri, entries), existing);
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

/** The file's bytes; undefined when it is only an open document (deleted on disk, or not saved yet). */
async function readBytes(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    throw error;
  }
}

/** TextDocument.encoding and workspace.decode/encode arrived in VS Code 1.100 (this extension runs on 1.90 up). */
interface EncodingApi {
  decode?(content: Uint8Array, options: { encoding: string }): Thenable<string>;
  encode?(content: string, options: { encoding: string }): Thenable<Uint8Array>;
}

interface DocumentFit {
  /** Saving the document writes back the bytes the file has now, so an append keeps every one of them. */
  keepsBytes: boolean;
  /** Its encoding holds any character; else appended entries must be ASCII. */
  unicode: boolean;
  encoding: string;
}

/**
 * How a document stands to its file's bytes. Before 1.100 a document has no encoding to ask for: VS Code then decodes
 * as UTF-8 (with a byte order mark when the file has one) unless settings say otherwise, which only the round trip
 * below can tell, so such a document counts as fitting only when the bytes are UTF-8 and its text is theirs.
 */
async function documentFit(document: vscode.TextDocument, bytes: Uint8Array): Promise<DocumentFit> {
  const encoding = (document as { encoding?: string }).encoding ?? (hasUtf8Bom(bytes) ? 'utf8bom' : 'utf8');
  const unicode = /^utf(8|16)/.test(encoding);
  const text = await decodeExactly(bytes, encoding);
  // With unsaved changes the text is the user's; the encoding's round trip is what says their save keeps the bytes.
  const keepsBytes = text !== undefined && (document.isDirty || text === document.getText());
  return { keepsBytes, unicode, encoding };
}

/** The file's text in `encoding`, when re-encoding it gives back exactly its bytes. */
async function decodeExactly(bytes: Uint8Array, encoding: string): Promise<string | undefined> {
  if (encoding === 'utf8' || encoding === 'utf8bom') {
    if (hasUtf8Bom(bytes) !== (encoding === 'utf8bom')) return undefined;
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  const api = vscode.workspace as EncodingApi;
  if (!api.decode || !api.encode) return undefined;
  try {
    const text = await api.decode(bytes, { encoding });
    return Buffer.from(await api.encode(text, { encoding })).equals(bytes) ? text : undefined;
  } catch {
    return undefined;
  }
}

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Whether a file too large to hold at once is UTF-8, read in chunks. */
async function isUtf8File(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of fs.createReadStream(path, { highWaterMark: 1 << 20 })) decoder.decode(chunk as Buffer, { stream: true });
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

function encodingLabel(encoding: string): string {
  return encoding === 'utf8' || encoding === 'utf8bom' ? 'UTF-8' : encoding;
}

/** ASCII bytes mean themselves only in an encoding that extends ASCII: not in UTF-16 or UTF-32. */
function assertAsciiCompatible(uri: vscode.Uri, bytes: Uint8Array): void {
  const utf16Bom = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16Bom || bytes.subarray(0, 4096).includes(0)) {
    throw new WriteRefusedError(`${baseName(uri)} is saved in an encoding (such as UTF-16) that entries cannot be appended to byte by byte: nothing was added. Reopen it in its own encoding (Reopen with Encoding), then cite again.`, 'failed');
  }
}

/** The entries in ASCII, for a file in an 8-bit encoding; refused when a character has no ASCII spelling. */
function asciiEntries(uri: vscode.Uri, entries: readonly EntryText[]): EntryText[] {
  return entries.map((entry) => {
    const ascii = asciiBibtex(entry.text);
    if (!ascii.ok) {
      throw new WriteRefusedError(`${baseName(uri)} is not saved as UTF-8, and the entry for ${entry.key} has characters with no ASCII spelling in BibTeX (${ascii.characters.slice(0, 5).join(' ')}): nothing was added. Copy the entry and add it by hand.`, 'failed');
    }
    return { key: entry.key, text: ascii.text };
  });
}

/** The entries as an 8-bit file can hold them, for copying by hand; undefined when one cannot be. */
function asciiText(uri: vscode.Uri, entries: readonly EntryText[]): string | undefined {
  try {
    return asciiEntries(uri, entries).map((entry) => entry.text.trim()).join('\n\n') + '\n';
  } catch {
    return undefined;
  }
}

/**
 * Writes `added` after the file's last byte, if the file still holds exactly `before` (the plan was made for it). A
 * local file is opened for appending, so nothing before its end is written; another file system only offers whole
 * writes, so there the same bytes go back ahead of the new ones.
 */
async function appendToFile(uri: vscode.Uri, before: Uint8Array, added: Uint8Array): Promise<void> {
  const changed = () => new WriteRefusedError(`${baseName(uri)} changed while entries were being added: nothing was added. Cite again.`, 'failed');
  if (uri.scheme === 'file') {
    const handle = await fs.promises.open(uri.fsPath, 'a');
    try {
      if ((await handle.stat()).size !== before.length) throw changed();
      await handle.write(added);
    } finally {
      await handle.close();
    }
    return;
  }
  if (!Buffer.from(await vscode.workspace.fs.readFile(uri)).equals(before)) throw changed();
  const whole = new Uint8Array(before.length + added.length);
  whole.set(before);
  whole.set(added, before.length);
  await vscode.workspace.fs.writeFile(uri, whole);
}
