// Shared by the integration suites: reach the extension and the fixture workspace through public surfaces only.
// Each suite is bundled on its own, so nothing here may keep state that suites expect to share.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, InternalCommands } from '../../src/constants';
import type { NhsLibraryApi } from '../../src/extension';

/** Activates the extension (commands exist only once it is active) and returns its API. */
export async function activateExtension(): Promise<NhsLibraryApi> {
  const extension = vscode.extensions.getExtension<NhsLibraryApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  assert.ok(api, 'activate() returned no API');
  return api;
}

/** The extension's package.json as the host read it. */
export function extensionManifest(): ExtensionManifest {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this host`);
  return extension.packageJSON as ExtensionManifest;
}

export interface ExtensionManifest {
  contributes: {
    commands: { command: string; title: string }[];
    keybindings?: { command: string; key: string; mac?: string; when?: string }[];
    [point: string]: unknown;
  };
  [field: string]: unknown;
}

/** The test run's copy of test/fixtures/workspace: tests may change it freely. */
export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration tests need the fixture workspace open (the runners open it)');
  return folder;
}

/** A file of the fixture workspace, e.g. fixtureUri('paper.md'). */
export function fixtureUri(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relativePath.split('/'));
}

/** Opens a fixture file in an editor and waits until it has focus. */
export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Writes a file into the fixture workspace (creating folders) and returns its URI. */
export async function writeFixture(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = fixtureUri(relativePath);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

let untitledCount = 0;

/**
 * Opens an untitled document with the given text and language, in an editor, under a name never used before:
 * VS Code reuses "Untitled-N" names, and a document closed by the previous test can still answer for its name
 * when the next one opens.
 */
export async function openUntitled(content: string, language: string): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `nhs-test-${process.pid}-${untitledCount++}` });
  const document = await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  if (content) await editor.edit((builder) => builder.insert(new vscode.Position(0, 0), content));
  return editor;
}

/**
 * Closes every editor, discarding unsaved changes, so the next test starts from a clean window and finds the
 * files as they are on disk. (Closing a dirty editor would ask whether to save; reverting first never asks.)
 */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The position of the `occurrence`-th match of `needle` in the document, plus `offsetInNeedle` characters:
 * positionOf(doc, '@shapiroLeadershipNHS2011', 3) points inside the key.
 */
export function positionOf(document: vscode.TextDocument, needle: string, offsetInNeedle = 0, occurrence = 1): vscode.Position {
  const text = document.getText();
  let index = -1;
  for (let found = 0; found < occurrence; found++) {
    index = text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `'${needle}' occurs fewer than ${occurrence} time(s) in ${document.uri.path}`);
  }
  return document.positionAt(index + offsetInNeedle);
}

/**
 * Polls `probe` until it returns something other than undefined, false or null, and returns that value.
 * For state the extension updates asynchronously: diagnostics, tree refreshes, files on disk.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeout = 5_000, interval = 50, message = 'condition' }: { timeout?: number; interval?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Runs the hover providers at a position, as VS Code does when the mouse rests there. */
export async function hoversAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Hover[]> {
  return (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
}

/** The plain text of hovers' contents, joined, for assertions. */
export function hoverText(hovers: readonly vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** Runs the completion providers at a position; `trigger` is the character typed, if any. */
/** Completion items at a position; the first `resolve` of them resolved, as VS Code resolves the item it shows. */
export async function completionsAt(uri: vscode.Uri, position: vscode.Position, trigger?: string, resolve = 0): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider', uri, position, trigger, resolve);
  return list?.items ?? [];
}

/**
 * Sets a setting for the duration of `body`, then restores it. Global (user) scope by default, so the fixture
 * workspace gains no .vscode folder.
 */
export async function withSetting<T>(
  section: string, value: unknown, body: () => Promise<T>, target = vscode.ConfigurationTarget.Global,
): Promise<T> {
  const dot = section.lastIndexOf('.');
  const configuration = vscode.workspace.getConfiguration(section.slice(0, dot));
  const key = section.slice(dot + 1);
  const inspected = configuration.inspect(key);
  const previous = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue
    : target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.workspaceFolderValue;
  await configuration.update(key, value, target);
  try {
    return await body();
  } finally {
    await configuration.update(key, previous, target);
  }
}

/** Cites `keys` as a completion item would: inserts them at the end of the document, then runs the insert commands' hook. */
export async function cite(editor: vscode.TextEditor, keys: string[]): Promise<void> {
  const text = editor.document.languageId === 'latex' ? `\\cite{${keys.join(',')}}` : `[${keys.map((key) => `@${key}`).join('; ')}]`;
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  assert.ok(await editor.edit((builder) => builder.insert(end, ` ${text}`)));
  await vscode.commands.executeCommand(InternalCommands.didCite, editor.document.uri, keys);
}

/** Reverts every unsaved document (a test may leave some), then closes every editor without a save prompt. */
export async function revertAndCloseAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty && !candidate.isUntitled)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await closeAllEditors();
}

/**
 * Makes a file unwritable: by its mode, or, for root (whom modes do not stop), by the immutable attribute.
 * Undefined when neither is possible here.
 */
export function makeReadOnly(file: string): { restore(): void } | undefined {
  fs.chmodSync(file, 0o444);
  const restoreMode = () => fs.chmodSync(file, 0o644);
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    return { restore: restoreMode };
  }
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
  } catch {
    restoreMode();
    return undefined;
  }
  return {
    restore: () => {
      execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
      restoreMode();
    },
  };
}
