// Hardening, in a real VS Code: hostile strings from a user's .bib and CSL-JSON files reach every surface as inert
// text (hover, completion documentation, tree tooltips, the details page); appends never change an existing byte;
// a restricted workspace gets no write; a virtual workspace is read and written through its file system provider;
// and a damaged corpus, a bibliography that becomes unreadable or vanishes each leave the extension serving.
// What bibliography.test.ts covers already (LF append, CRLF LaTeX file, a dirty buffer, a read-only file, two quick
// insertions into an empty file) is not repeated here.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, InternalCommands, Settings } from '../../src/constants';
import { readBundledCorpus } from '../../src/bundledCorpus';
import type { NhsLibraryApi } from '../../src/extension';
import { HOVER_COMMANDS } from '../../src/core/hoverContent';
import type { TreeNodeSnapshot } from '../../src/tree/papersTreeProvider';
import {
  activateExtension, cite, completionsAt, extensionManifest, fixtureUri, hoversAt, makeReadOnly, positionOf, revertAndCloseAll,
  waitFor, withSetting, writeFixture,
} from './helpers';
import { commandArgs } from '../support/commandArgs';

// markdown-it ships without types; it is a devDependency, bundled into this test.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(markdown: string): string };
/** A CommonMark renderer with raw HTML and link detection on: harsher than VS Code's hovers, which have HTML off. */
const markdown = new MarkdownIt({ html: true, linkify: true });

const AUTO_ADD = `${Settings.section}.${Settings.bibliographyAutoAdd}`;
const CORPUS_KEY = 'shapiroLeadershipNHS2011';
const OTHER_CORPUS_KEY = 'westDevelopingCollectiveLeadership2014';
/** A corpus work whose entry has characters outside ASCII (curly quotes). */
const UNICODE_CORPUS_KEY = 'martinCriticalAccountRise2012';
const HOSTILE_KEYS = ['hostileHtml2024', 'hostileCsl2023', 'evil*<b>_key'];
/** Tags our own Markdown may produce: emphasis, links, paragraphs, a code span for a key, a list of suggestions. */
const MARKDOWN_TAGS = new Set(['p', 'strong', 'em', 'a', 'code', 'br', 'ul', 'li']);
// eslint-disable-next-line no-control-regex -- control and bidirectional-override characters are what is looked for
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function readBytes(uri: vscode.Uri): Promise<Buffer> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri));
}

/** Copies test/fixtures/<from> into the test workspace at <to>. */
async function copyFixture(from: string, to: string): Promise<vscode.Uri> {
  const source = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'test', 'fixtures', ...from.split('/'));
  const target = fixtureUri(to);
  await vscode.workspace.fs.writeFile(target, await vscode.workspace.fs.readFile(source));
  return target;
}

/** Replaces a property of a `vscode` namespace for the duration of `body`; the extension shares these objects. */
async function stubbed<T extends object, K extends keyof T>(owner: T, name: K, value: T[K], body: () => Promise<void>): Promise<void> {
  const original = Object.getOwnPropertyDescriptor(owner, name);
  Object.defineProperty(owner, name, { value, configurable: true, writable: true });
  try {
    await body();
  } finally {
    if (original) Object.defineProperty(owner, name, original);
    else delete (owner as Record<PropertyKey, unknown>)[name as PropertyKey];
  }
}

/** Collects the messages of a `vscode.window.show…Message` function while `body` runs; every message is dismissed. */
async function messagesOf(kind: 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', body: (messages: string[]) => Promise<void>): Promise<string[]> {
  const messages: string[] = [];
  const collect = ((message: string) => {
    messages.push(message);
    return Promise.resolve(undefined);
  }) as typeof vscode.window.showErrorMessage;
  await stubbed(vscode.window, kind, collect, () => body(messages));
  return messages;
}

// Rendered surfaces -------------------------------------------------------------------------------------------------

/**
 * A Markdown value is inert when, rendered with raw HTML on, it holds only our own tags, links only to http(s) pages
 * or to the commands it is trusted with (with the work's key as their one argument), and no invisible character.
 */
function assertInertMarkdown(value: string, key: string, commands: readonly string[], where: string): string {
  assert.ok(!INVISIBLE.test(value), `${where}: a control or bidi character survived: ${JSON.stringify(value)}`);
  const html = markdown.render(value);
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase());
  assert.deepStrictEqual(tags.filter((tag) => !MARKDOWN_TAGS.has(tag)), [], `${where}: markup escaped the text:\n${html}`);
  for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) {
    const url = href.replace(/&amp;/g, '&');
    if (url.startsWith('command:')) {
      const command = url.slice('command:'.length, url.indexOf('?') < 0 ? undefined : url.indexOf('?'));
      assert.ok(commands.includes(command), `${where}: a link to ${command}`);
      assert.deepStrictEqual(commandArgs(url), [key], `${where}: ${command} with other arguments`);
    } else {
      assert.match(url, /^https:\/\/(doi\.org|example\.org)\//, `${where}: a link to ${url}`);
    }
  }
  return html;
}

/** What the rendered HTML shows as text. */
function textOf(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function markdownOf(content: vscode.MarkdownString | vscode.MarkedString): vscode.MarkdownString {
  assert.ok(content instanceof vscode.MarkdownString || (typeof content === 'object' && 'value' in content && !('language' in content)), 'plain MarkdownString content');
  return content as vscode.MarkdownString;
}

function assertTrustedWithOurCommandsOnly(value: vscode.MarkdownString, where: string): void {
  const trust = value.isTrusted;
  assert.ok(trust !== true, `${where}: trusted with every command`);
  if (typeof trust === 'object') assert.deepStrictEqual([...trust.enabledCommands].sort(), [...HOVER_COMMANDS].sort(), where);
  assert.ok(!value.supportHtml, `${where}: HTML enabled`);
  assert.ok(!value.supportThemeIcons, `${where}: theme icons enabled`);
}

function treeNodes(nodes: readonly TreeNodeSnapshot[]): TreeNodeSnapshot[] {
  return nodes.flatMap((node) => [node, ...treeNodes(node.children ?? [])]);
}

/** Every tag of an HTML page with its attribute names. */
function tagsWithAttributes(html: string): { tag: string; attributes: string[] }[] {
  return [...html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/g)].map((match) => ({
    tag: match[1].toLowerCase(),
    attributes: [...match[2].matchAll(/\s+([\w-]+)(?:="[^"]*")?/g)].map((attribute) => attribute[1].toLowerCase()),
  }));
}

const PAGE_TAGS = new Set(['html', 'head', 'meta', 'link', 'title', 'body', 'header', 'main', 'p', 'h1', 'h2', 'div', 'button', 'dl', 'dt', 'dd', 'code', 'section', 'ul', 'li', 'span', 'a', 'script']);
const PAGE_ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'rel', 'href', 'data-key', 'class', 'type', 'data-action', 'title', 'nonce', 'src']);

describe('hardening', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    await revertAndCloseAll();
    await vscode.commands.executeCommand(Commands.reloadBibliographies);
  });

  describe('hostile strings render inert', () => {
    let document: vscode.TextDocument;

    before(async () => {
      await copyFixture('hostile/hostile.bib', 'hostile/hostile.bib');
      await copyFixture('hostile/hostile.json', 'hostile/hostile.json');
      const uri = await copyFixture('hostile/hostile.md', 'hostile/hostile.md');
      document = (await vscode.window.showTextDocument(uri)).document;
      await waitFor(() => HOSTILE_KEYS.every((key) => api.lookup(key)), { timeout: 15_000, message: 'the hostile libraries to load' });
    });

    it('in hovers: escaped Markdown, trusted with our three commands only, no HTML, no theme icons', async () => {
      for (const [key, needle] of [['hostileHtml2024', '@hostileHtml2024'], ['hostileCsl2023', '@hostileCsl2023'], ['evil*<b>_key', '@{evil*']] as const) {
        const hovers = await hoversAt(document.uri, positionOf(document, needle, needle.length - 2));
        const contents = hovers.flatMap((hover) => hover.contents).map(markdownOf);
        assert.strictEqual(contents.length, 1, `one hover for ${key}`);
        assertTrustedWithOurCommandsOnly(contents[0], `hover of ${key}`);
        const html = assertInertMarkdown(contents[0].value, key, HOVER_COMMANDS, `hover of ${key}`);
        const title = api.lookup(key)!.title;
        assert.ok(textOf(html).replace(/\s+/g, ' ').includes(title.replace(/\s+/g, ' ')), `the title shows as text: ${textOf(html)}`);
      }
    });

    it('in completion documentation', async () => {
      const items = await completionsAt(document.uri, positionOf(document, '[@hostile', '[@hostile'.length), undefined, 100);
      const ours = items.filter((item) => HOSTILE_KEYS.includes(typeof item.label === 'string' ? item.label : item.label.label));
      assert.ok(ours.length >= 2, `completion offered ${items.map((item) => item.label).join(', ')}`);
      for (const item of ours) {
        const key = typeof item.label === 'string' ? item.label : item.label.label;
        const documentation = item.documentation;
        assert.ok(documentation instanceof vscode.MarkdownString, `${key}: documentation is Markdown`);
        assertTrustedWithOurCommandsOnly(documentation, `completion of ${key}`);
        assertInertMarkdown(documentation.value, key, HOVER_COMMANDS, `completion of ${key}`);
        assert.ok(!INVISIBLE.test(String(item.detail)), `${key}: detail ${JSON.stringify(item.detail)}`);
      }
    });

    it('in the tree tooltips of the Papers and Cited Here views', async () => {
      const papers = treeNodes(await api.tree.papers()).filter((node) => HOSTILE_KEYS.includes(node.id?.split('/').pop() ?? ''));
      // Three works, a key in no library with a right-to-left override, and the key being typed on the last line.
      const cited = await waitFor(() => api.tree.citedHere().length === 5 && api.tree.citedHere(), { message: 'five cited keys' });
      assert.ok(papers.length >= 3, `the hostile works in the Papers view: ${papers.map((node) => node.id).join(', ')}`);
      for (const node of [...papers, ...cited]) {
        const key = node.id?.split('/').pop() ?? '';
        assert.ok(!INVISIBLE.test(node.label + (node.description ?? '')), `${key}: label ${JSON.stringify(node.label)}`);
        // Tooltips are untrusted Markdown: no command link may be in them at all.
        assertInertMarkdown(node.tooltip ?? '', key, [], `tooltip of ${key}`);
      }
    });

    it('in the diagnostics of unknown keys', async () => {
      const unknown = await waitFor(() => {
        const found = vscode.languages.getDiagnostics(document.uri).filter((diagnostic) => /Unknown citation key/.test(diagnostic.message));
        return found.some((diagnostic) => diagnostic.message.includes('spooftxt.exe')) && found;
      }, { message: 'the unknown-key diagnostic of the spoofing key, without its override' });
      for (const diagnostic of unknown) assert.ok(!INVISIBLE.test(diagnostic.message), JSON.stringify(diagnostic.message));
    });

    it('in the details page: our tags and attributes only, one script with the nonce, data escaped', async () => {
      for (const key of HOSTILE_KEYS) {
        await vscode.commands.executeCommand(Commands.showPaper, key);
        const html = await waitFor(() => api.detailsHtml()?.includes(`data-key="${escapeHtml(key)}"`) && api.detailsHtml(), { message: `the page of ${key}` });
        for (const { tag, attributes } of tagsWithAttributes(html)) {
          assert.ok(PAGE_TAGS.has(tag), `${key}: a <${tag}> in the page`);
          for (const attribute of attributes) assert.ok(PAGE_ATTRIBUTES.has(attribute), `${key}: <${tag} ${attribute}=…>`);
        }
        const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        assert.deepStrictEqual(scripts.length, 1, `${key}: scripts ${scripts.join(' ')}`);
        assert.ok(nonce && scripts[0].includes(`nonce="${nonce}"`));
        for (const [, href] of html.matchAll(/ href="([^"]*)"/g)) assert.match(href, /^https:\/\//, `${key}: href ${href}`);
        assert.ok(!INVISIBLE.test(html), `${key}: an invisible character in the page`);
        assert.ok(html.includes(`<h1>${escapeHtml(api.lookup(key)!.title.replace(/\s+/g, ' ').trim())}</h1>`), `${key}: the escaped title`);
      }
    });
  });

  describe('appends keep every existing byte', () => {
    afterEach(revertAndCloseAll);

    const cases: { name: string; bib: string; dirty?: string }[] = [
      { name: 'LF, with a final newline', bib: '% mine\n@misc{mine,\n  title = {Mine}\n}\n' },
      { name: 'CRLF, without a final newline', bib: '% mine\r\n@misc{mine,\r\n  title = {Mine}\r\n}' },
      { name: 'LF, without a final newline, in a buffer with unsaved changes', bib: '@misc{mine, title = {Mine}}', dirty: '\n% unsaved' },
      { name: 'CRLF, with a final newline, in a buffer with unsaved changes', bib: '@misc{mine,\r\n  title = {Mine}\r\n}\r\n', dirty: '% unsaved\r\n' },
      { name: 'CRLF, without a final newline, in a buffer with unsaved changes', bib: '@misc{mine,\r\n  title = {Mine}\r\n}', dirty: '\r\n% unsaved' },
      { name: 'UTF-8 with a byte order mark', bib: '\ufeff@misc{mine, title = {Caf\u00e9}}\n' },
    ];

    cases.forEach(({ name, bib, dirty }, index) => {
      it(`${name}`, async () => {
        const { editor, bibUri } = await project(`bytes${index}`, bib);
        const original = await readBytes(bibUri);
        let bibEditor: vscode.TextEditor | undefined;
        if (dirty) {
          bibEditor = await vscode.window.showTextDocument(bibUri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
          await bibEditor.edit((builder) => builder.insert(bibEditor!.document.positionAt(bibEditor!.document.getText().length), dirty));
        }
        await withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY, OTHER_CORPUS_KEY]));
        const lineBreak = bib.includes('\r\n') ? '\r\n' : '\n';
        if (bibEditor) {
          const buffer = bibEditor.document.getText();
          const before = bib.replace(/^\ufeff/, '') + dirty;
          assert.ok(buffer.startsWith(before), `the buffer kept its text: ${JSON.stringify(buffer)}`);
          assertAppended(buffer.slice(before.length), lineBreak);
          assert.ok((await readBytes(bibUri)).equals(original), 'nothing was saved behind the user\'s back');
        } else {
          const bytes = await readBytes(bibUri);
          assert.ok(bytes.subarray(0, original.length).equals(original), `the first ${original.length} bytes are unchanged`);
          assertAppended(bytes.subarray(original.length).toString('utf8'), lineBreak);
        }
      });
    });

    // Older .bib files are often Windows-1252, which the reader decodes; the editor opens them as UTF-8, and saving
    // that document would write each byte that is not UTF-8 (0xE9 for é) back as U+FFFD.
    it('Windows-1252: the entry goes after the last byte, in ASCII', async () => {
      const { editor, bibUri } = await project('latin1', '');
      const original = Buffer.from('@misc{mine, title = {Caf\xe9 au lait}}\n', 'latin1');
      fs.writeFileSync(bibUri.fsPath, original);
      await waitFor(() => api.lookup('mine')?.title === 'Caf\u00e9 au lait', { timeout: 15_000, message: 'the Windows-1252 .bib to load' });
      await withSetting(AUTO_ADD, 'always', () => cite(editor, [UNICODE_CORPUS_KEY]));
      const bytes = await readBytes(bibUri);
      assert.ok(bytes.subarray(0, original.length).equals(original), `the first bytes became ${JSON.stringify(bytes.subarray(0, original.length).toString('latin1'))}`);
      const added = bytes.subarray(original.length);
      assert.ok(added.every((byte) => byte < 0x80), `ASCII only: ${added.toString('latin1')}`);
      assert.ok(added.includes(Buffer.from(`{${UNICODE_CORPUS_KEY},`)) && added.includes(Buffer.from('{\\textquoteright}')), added.toString('latin1'));
    });

    it('Windows-1252 open as UTF-8 with unsaved changes: a clear message, and the buffer and the file stay as they were', async () => {
      const { editor, bibUri } = await project('latin1-dirty', '');
      const original = Buffer.from('@misc{mine, title = {Caf\xe9}}\n', 'latin1');
      fs.writeFileSync(bibUri.fsPath, original);
      const bibEditor = await vscode.window.showTextDocument(bibUri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await bibEditor.edit((builder) => builder.insert(bibEditor.document.positionAt(bibEditor.document.getText().length), '% unsaved\n'));
      const buffer = bibEditor.document.getText();
      const warnings = await messagesOf('showWarningMessage', () => withSetting(AUTO_ADD, 'always', () => cite(editor, [UNICODE_CORPUS_KEY])));
      assert.ok(warnings.some((message) => /refs\.bib has unsaved changes, and VS Code has it open as UTF-8 though it is saved in another encoding/.test(message)), warnings.join('\n'));
      assert.strictEqual(bibEditor.document.getText(), buffer, 'the buffer is as the user left it');
      assert.ok((await readBytes(bibUri)).equals(original), 'the file is as it was');
    });

    it('Windows-1252 opened in its own encoding, with unsaved changes: the entry joins the buffer in ASCII, and saving keeps every byte', async function () {
      const open = vscode.workspace.openTextDocument as unknown as (uri: vscode.Uri, options: { encoding: string }) => Thenable<vscode.TextDocument & { encoding?: string }>;
      const { editor, bibUri } = await project('latin1-encoding', '');
      const original = Buffer.from('@misc{mine, title = {Caf\xe9}}\n', 'latin1');
      fs.writeFileSync(bibUri.fsPath, original);
      const document = await open(bibUri, { encoding: 'windows1252' });
      // Before VS Code 1.100 there is no opening a document in an encoding of one's choice.
      if (document.encoding !== 'windows1252') this.skip();
      assert.ok(document.getText().startsWith('@misc{mine, title = {Caf\u00e9}}'), document.getText());
      const bibEditor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await bibEditor.edit((builder) => builder.insert(document.positionAt(document.getText().length), '% unsaved\n'));
      await withSetting(AUTO_ADD, 'always', () => cite(editor, [UNICODE_CORPUS_KEY]));
      const buffer = document.getText();
      assert.ok(buffer.includes(`{${UNICODE_CORPUS_KEY},`) && buffer.includes('{\\textquoteright}'), buffer);
      assert.ok(document.isDirty && (await readBytes(bibUri)).equals(original), 'nothing was saved behind the user\'s back');
      assert.ok(await document.save());
      const bytes = await readBytes(bibUri);
      assert.ok(bytes.subarray(0, original.length).equals(original), `the first bytes became ${JSON.stringify(bytes.subarray(0, original.length).toString('latin1'))}`);
      assert.ok(bytes.subarray(original.length).every((byte) => byte < 0x80), 'the rest is ASCII');
    });

    it('mixed line breaks, which a document makes uniform: the entry goes after the last byte', async () => {
      const bib = '@misc{mine,\r\n  title = {Mine}\n}\r\n% a note\n';
      const { editor, bibUri } = await project('mixed-eol', bib);
      const opened = await vscode.workspace.openTextDocument(bibUri);
      assert.notStrictEqual(opened.getText(), bib, 'VS Code gave the document one kind of line break');
      await withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY]));
      const text = fs.readFileSync(bibUri.fsPath, 'utf8');
      assert.ok(text.startsWith(bib), JSON.stringify(text));
      assert.ok(text.includes(`{${CORPUS_KEY},`), text);
    });

    it('under two quick insertions into a file that has entries: each key once, the old bytes first', async () => {
      const bib = '% mine\r\n@misc{mine, title = {Mine}}';
      const { editor, bibUri } = await project('quick', bib);
      const original = await readBytes(bibUri);
      await withSetting(AUTO_ADD, 'always', async () => {
        await Promise.all([
          vscode.commands.executeCommand(InternalCommands.didCite, editor.document.uri, [CORPUS_KEY]),
          vscode.commands.executeCommand(InternalCommands.didCite, editor.document.uri, [OTHER_CORPUS_KEY, CORPUS_KEY]),
        ]);
      });
      const bytes = await readBytes(bibUri);
      assert.ok(bytes.subarray(0, original.length).equals(original));
      const added = bytes.subarray(original.length).toString('utf8');
      assert.strictEqual(added.split(`{${CORPUS_KEY},`).length - 1, 1, added);
      assert.strictEqual(added.split(`{${OTHER_CORPUS_KEY},`).length - 1, 1, added);
      assert.ok(!/[^\r]\n/.test(added), 'CRLF throughout');
    });

    it('in a read-only file with unsaved changes: a clear message, and the buffer keeps the user\'s text', async function () {
      const bib = '@misc{mine, title = {Mine}}\n';
      const { editor, bibUri } = await project('readonly-dirty', bib);
      const bibEditor = await vscode.window.showTextDocument(bibUri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await bibEditor.edit((builder) => builder.insert(bibEditor.document.positionAt(bib.length), '% unsaved note\n'));
      const locked = makeReadOnly(bibUri.fsPath);
      if (!locked) this.skip();
      try {
        const warnings = await messagesOf('showWarningMessage', () => withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY])));
        assert.ok(warnings.some((message) => /refs\.bib is read-only, so nothing was added/.test(message)), warnings.join('\n'));
        assert.strictEqual(bibEditor.document.getText(), `${bib}% unsaved note\n`, 'the unsaved text is all there, and nothing else');
        assert.strictEqual(fs.readFileSync(bibUri.fsPath, 'utf8'), bib);
      } finally {
        locked!.restore();
      }
    });
  });

  describe('workspace trust', () => {
    afterEach(revertAndCloseAll);

    it('declares limited support for restricted and virtual workspaces', () => {
      const capabilities = extensionManifest().capabilities as Record<string, { supported: unknown; restrictedConfigurations?: string[] }>;
      assert.strictEqual(capabilities.untrustedWorkspaces.supported, 'limited');
      assert.deepStrictEqual([...capabilities.untrustedWorkspaces.restrictedConfigurations ?? []].sort(),
        [`${Settings.section}.${Settings.bibliographyAutoAdd}`, `${Settings.section}.${Settings.bibliographyInclude}`].sort());
      assert.strictEqual(capabilities.virtualWorkspaces.supported, 'limited');
    });

    it('in a restricted workspace, appends, creates and exports nothing, and asks nothing', async () => {
      const bib = '@misc{mine, title = {Mine}}\n';
      const { editor, bibUri } = await project('restricted', bib);
      const created = await writeFixture('hardening/restricted-new/doc.md', '# No bibliography\n');
      const newEditor = await vscode.window.showTextDocument(created, { viewColumn: vscode.ViewColumn.Beside });
      const exportTarget = fixtureUri('hardening/restricted/export.bib');
      await stubbed(vscode.workspace, 'isTrusted', false, async () => {
        assert.strictEqual(vscode.workspace.isTrusted, false, 'the stub took');
        const asked = await messagesOf('showInformationMessage', async () => {
          const errors = await messagesOf('showErrorMessage', async () => {
            await withSetting(AUTO_ADD, 'always', async () => {
              await cite(editor, [CORPUS_KEY]);
              await cite(newEditor, [CORPUS_KEY]);
            });
            await withSetting(AUTO_ADD, 'ask', () => cite(newEditor, [CORPUS_KEY]));
            await vscode.commands.executeCommand(Commands.exportBibliography, { scope: 'corpus', format: 'bibtex', uri: exportTarget });
          });
          assert.ok(errors.some((message) => /Restricted Mode/.test(message)), `export says why: ${errors.join('\n')}`);
        });
        assert.deepStrictEqual(asked, [], 'nothing is offered');
      });
      assert.strictEqual(fs.readFileSync(bibUri.fsPath, 'utf8'), bib);
      assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === bibUri.toString() && document.isDirty));
      assert.ok(!fs.existsSync(path.join(path.dirname(created.fsPath), 'references.bib')), 'no references.bib was created');
      assert.ok(!newEditor.document.getText().includes('bibliography:'), 'no declaration was added');
      assert.ok(!fs.existsSync(exportTarget.fsPath), 'nothing was exported');
    });
  });

  describe('virtual workspaces', () => {
    const scheme = 'nhs-hardening';
    let provider: MemoryFileSystem;
    let registration: vscode.Disposable;

    before(() => {
      provider = new MemoryFileSystem();
      registration = vscode.workspace.registerFileSystemProvider(scheme, provider, { isCaseSensitive: true });
    });

    after(async () => {
      await revertAndCloseAll();
      registration.dispose();
    });

    it('reads a declared .bib through the workspace file system, and appends through it', async () => {
      const bib = '% virtual\n@misc{virtualWork2021,\n  title = {Read Through a File System Provider}\n}\n';
      provider.put('/project/refs.bib', bib);
      provider.put('/project/doc.md', '---\nbibliography: refs.bib\n---\n\nText [@virtualWork2021].\n');
      const editor = await vscode.window.showTextDocument(vscode.Uri.from({ scheme, path: '/project/doc.md' }));
      const paper = await waitFor(() => api.lookup('virtualWork2021'), { timeout: 15_000, message: 'the virtual .bib to load' });
      assert.strictEqual(paper.title, 'Read Through a File System Provider');
      assert.ok(provider.reads.includes('/project/refs.bib'), 'read through the provider');

      await withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY]));
      const after = provider.text('/project/refs.bib');
      assert.ok(after.startsWith(bib) && after.includes(`{${CORPUS_KEY},`), after);
    });

    it('refuses to append to a read-only file system, with a clear message', async () => {
      const readonlyScheme = `${scheme}-ro`;
      const readonlyProvider = new MemoryFileSystem();
      const bib = '@misc{readOnlyWork2020, title = {Read Only}}\n';
      readonlyProvider.put('/project/refs.bib', bib);
      readonlyProvider.put('/project/doc.md', '---\nbibliography: refs.bib\n---\n\nText.\n');
      const readonlyRegistration = vscode.workspace.registerFileSystemProvider(readonlyScheme, readonlyProvider, { isCaseSensitive: true, isReadonly: true });
      try {
        const documentUri = vscode.Uri.from({ scheme: readonlyScheme, path: '/project/doc.md' });
        await vscode.window.showTextDocument(documentUri);
        await waitFor(() => api.lookup('readOnlyWork2020'), { timeout: 15_000, message: 'the read-only .bib to load' });
        // The document is read-only too, so the citation is not typed: the hook runs as if it had been.
        const warnings = await messagesOf('showWarningMessage', () => withSetting(AUTO_ADD, 'always', async () => {
          await vscode.commands.executeCommand(InternalCommands.didCite, documentUri, [CORPUS_KEY]);
        }));
        assert.ok(warnings.some((message) => /refs\.bib is read-only, so nothing was added/.test(message)), warnings.join('\n'));
        assert.strictEqual(readonlyProvider.text('/project/refs.bib'), bib);
      } finally {
        await revertAndCloseAll();
        readonlyRegistration.dispose();
      }
    });
  });

  describe('failures leave the extension serving', () => {
    afterEach(revertAndCloseAll);

    it('a damaged corpus file: an error naming the work and the field, and an empty corpus instead of a failed activation', async () => {
      const broken = await writeFixture('hardening/corpus/corpus.json', JSON.stringify({
        themes: [{ id: 't', label: 'T', description: 'D', keywords: [] }],
        works: [{ key: 'goodWork2020', title: 'Good', themes: ['t'] }, { key: 'badWork2021', title: 'Bad', themes: ['t'], year: 'twenty' }],
      }));
      const reported: string[] = [];
      const corpus = await readBundledCorpus(broken, (message) => reported.push(message));
      assert.deepStrictEqual(corpus, { themes: [], papers: [] });
      assert.strictEqual(reported.length, 1);
      assert.match(reported[0], /Work "badWork2021": field "year" must be a whole number/);
      assert.match(reported[0], /only your own bibliography files are available/);

      await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode('{"themes": [], "works": ['));
      const errors = await messagesOf('showErrorMessage', async () => {
        assert.deepStrictEqual(await readBundledCorpus(broken), { themes: [], papers: [] });
      });
      assert.match(errors.join('\n'), /The corpus file is not valid JSON/);
    });

    it('a .bib replaced by a folder: a warning that says so, and its works stay in the library', async () => {
      const { bibUri } = await project('unreadable', '@misc{unreadableWork2019, title = {Still Here}}\n');
      await waitFor(() => api.lookup('unreadableWork2019'), { timeout: 15_000, message: 'the .bib to load' });
      const warnings = await messagesOf('showWarningMessage', async (shown) => {
        fs.rmSync(bibUri.fsPath);
        fs.mkdirSync(bibUri.fsPath);
        // The file's watcher sees the change and reads it again.
        await waitFor(() => shown.length > 0, { message: 'a warning' });
      });
      try {
        assert.ok(warnings.some((message) => /Could not read the bibliography refs\.bib: .*folder.*keeps the works it had/.test(message)), warnings.join('\n'));
        assert.ok(api.lookup('unreadableWork2019'), 'the works read before are still served');
        assert.ok(api.lookup(CORPUS_KEY), 'and so is the corpus');
      } finally {
        fs.rmSync(bibUri.fsPath, { recursive: true });
      }
    });

    it('a .bib that cannot be read when Reload Bibliography Files runs: its works stay, as the warning says', async () => {
      const { bibUri } = await project('reloadfail', '@misc{reloadWork2019, title = {Still Here}}\n');
      await waitFor(() => api.lookup('reloadWork2019'), { timeout: 15_000, message: 'the .bib to load' });
      const warnings = await messagesOf('showWarningMessage', async () => {
        fs.rmSync(bibUri.fsPath);
        fs.mkdirSync(bibUri.fsPath);
        await vscode.commands.executeCommand(Commands.reloadBibliographies);
      });
      try {
        assert.ok(warnings.some((message) => /keeps the works it had/.test(message)), warnings.join('\n'));
        assert.ok(api.lookup('reloadWork2019'), 'the works read before are still served');
      } finally {
        fs.rmSync(bibUri.fsPath, { recursive: true });
      }
    });

    it('a .bib that vanishes: its works leave quietly, everything else stays, and they come back with the file', async () => {
      const bib = '@misc{vanishingWork2018, title = {Gone and Back}}\n';
      const { bibUri } = await project('vanishing', bib);
      await waitFor(() => api.lookup('vanishingWork2018'), { timeout: 15_000, message: 'the .bib to load' });
      const messages = await messagesOf('showWarningMessage', async () => {
        fs.rmSync(bibUri.fsPath);
        await waitFor(() => api.lookup('vanishingWork2018') === undefined, { message: 'the works to leave' });
      });
      assert.deepStrictEqual(messages, [], 'a deleted file is not an error');
      assert.ok(api.lookup(CORPUS_KEY));
      fs.writeFileSync(bibUri.fsPath, bib);
      await waitFor(() => api.lookup('vanishingWork2018'), { timeout: 15_000, message: 'the works to come back' });
    });
  });
});

// Helpers -----------------------------------------------------------------------------------------------------------

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** What an append adds: a separator, then whole entries ending in a line break, all in the file's line breaks. */
function assertAppended(added: string, lineBreak: string): void {
  assert.ok(added.includes(`{${CORPUS_KEY},`) && added.includes(`{${OTHER_CORPUS_KEY},`), added);
  assert.ok(added.endsWith(`}${lineBreak}`), JSON.stringify(added.slice(-10)));
  if (lineBreak === '\r\n') assert.ok(!/[^\r]\n/.test(added), 'CRLF throughout');
  else assert.ok(!added.includes('\r'), 'LF throughout');
}

/** A document declaring `refs.bib` beside it, in a folder of its own, open in an editor. */
async function project(name: string, bib: string): Promise<{ editor: vscode.TextEditor; bibUri: vscode.Uri }> {
  const bibUri = await writeFixture(`hardening/${name}/refs.bib`, bib);
  const documentUri = await writeFixture(`hardening/${name}/doc.md`, '---\nbibliography: refs.bib\n---\n\nText');
  const editor = await vscode.window.showTextDocument(documentUri);
  return { editor, bibUri };
}

/** A file system held in memory, as a virtual workspace's provider would serve it; it records what is read. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  readonly reads: string[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;

  put(filePath: string, text: string): void {
    this.files.set(filePath, { data: new TextEncoder().encode(text), mtime: Date.now() });
  }

  text(filePath: string): string {
    return new TextDecoder().decode(this.files.get(filePath)?.data);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: file.mtime, size: file.data.byteLength };
    if ([...this.files.keys()].some((name) => name.startsWith(`${uri.path.replace(/\/$/, '')}/`))) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = `${uri.path.replace(/\/$/, '')}/`;
    return [...this.files.keys()].filter((name) => name.startsWith(prefix) && !name.slice(prefix.length).includes('/'))
      .map((name) => [name.slice(prefix.length), vscode.FileType.File]);
  }

  createDirectory(): void {
    // Folders exist implicitly, as prefixes of file paths.
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    this.reads.push(uri.path);
    return file.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }

  rename(oldUri: vscode.Uri, newUri: vscode.Uri): void {
    const file = this.files.get(oldUri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(oldUri);
    this.files.delete(oldUri.path);
    this.files.set(newUri.path, file);
  }
}
