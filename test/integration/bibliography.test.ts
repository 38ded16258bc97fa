// The user's own bibliographies, and keeping a document's bibliography in step, in a real VS Code: files declared by
// documents and matched by the include setting are read (accents, @string, CSL-JSON), serve hover and completion,
// report their broken entries and key clashes; citing a library work appends its entry, byte-safe and undoable.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, InternalCommands, Settings } from '../../src/constants';
import type { NhsLibraryApi } from '../../src/extension';
import {
  activateExtension,
  cite,
  completionsAt,
  fixtureUri,
  hoversAt,
  hoverText,
  makeReadOnly,
  openFixture,
  positionOf,
  revertAndCloseAll,
  waitFor,
  withSetting,
  writeFixture,
} from './helpers';

const DID_CITE = InternalCommands.didCite;
const AUTO_ADD = `${Settings.section}.${Settings.bibliographyAutoAdd}`;
const INCLUDE = `${Settings.section}.${Settings.bibliographyInclude}`;
const CORPUS_KEY = 'shapiroLeadershipNHS2011';
const OTHER_CORPUS_KEY = 'westDevelopingCollectiveLeadership2014';

async function readDisk(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Replaces a `vscode.window` function for the duration of `body`; the extension shares this API object. */
async function stubWindow<K extends 'showInformationMessage' | 'showWarningMessage'>(
  name: K, answer: (message: string) => string | undefined, body: (messages: string[]) => Promise<void>,
): Promise<void> {
  const window = vscode.window as unknown as Record<string, unknown>;
  const original = window[name];
  const messages: string[] = [];
  window[name] = (message: string) => {
    messages.push(message);
    return Promise.resolve(answer(message));
  };
  try {
    await body(messages);
  } finally {
    window[name] = original;
  }
}

describe('user bibliographies', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  after(async () => {
    // Leave the library as the other suites expect it: the corpus, and only what open documents declare.
    await revertAndCloseAll();
    await vscode.commands.executeCommand(Commands.reloadBibliographies);
  });

  describe('reading', () => {
    let editor: vscode.TextEditor;

    before(async () => {
      editor = await openFixture('user/cites-user.md');
      await waitFor(() => api.lookup('muellerTeamworkWards2019') && api.lookup('patelBoardsCslJson2022'),
        { timeout: 15_000, message: 'the declared .bib and CSL-JSON files to load' });
    });

    it('decodes LaTeX accents and expands @string macros joined with #', () => {
      const paper = api.lookup('muellerTeamworkWards2019')!;
      assert.deepStrictEqual(paper.authors?.map((person) => person.family), ['Müller', 'Niño']);
      assert.strictEqual(paper.venue, 'Health Service Journal');
      assert.strictEqual(api.lookup('nhsWorkforcePlan2023')?.publisher, 'NHS England and Department of Health');
      assert.strictEqual(api.lookup('okaforQuietLeadership2021')?.title, 'Quiet Leadership: Æsthetics of Care');
    });

    it('records where each entry is, for go to definition', () => {
      const origin = api.lookup('muellerTeamworkWards2019')!.origin;
      assert.strictEqual(origin.kind, 'user');
      assert.ok(origin.kind === 'user' && origin.file === fixtureUri('user/library.bib').fsPath, JSON.stringify(origin));
      assert.ok(origin.kind === 'user' && origin.line === 7);
    });

    it('reads CSL-JSON', () => {
      const paper = api.lookup('patelBoardsCslJson2022')!;
      assert.strictEqual(paper.title, 'Boards and Patient Safety in English Hospitals');
      assert.strictEqual(paper.year, 2022);
      assert.strictEqual(paper.authors?.[1].family, 'Évora');
    });

    it('places a user work under a theme by its keywords', () => {
      assert.deepStrictEqual(api.lookup('muellerTeamworkWards2019')!.themes, ['collective-leadership']);
      assert.deepStrictEqual(api.lookup('nhsWorkforcePlan2023')!.themes, []);
    });

    it('shows a user work in the hover over its key', async () => {
      const hovers = await hoversAt(editor.document.uri, positionOf(editor.document, '@muellerTeamworkWards2019', 4));
      assert.match(hoverText(hovers), /Teamwork and Co\\?-Production on NHS Wards/);
    });

    it('completes a user key', async () => {
      const items = await completionsAt(editor.document.uri, positionOf(editor.document, '[@muel', 6));
      const labels = items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      assert.ok(labels.some((label) => label.includes('muellerTeamworkWards2019')), labels.slice(0, 20).join(', '));
    });

    it('reports the broken entry at its line with what is wrong, and loads every other entry', async () => {
      const diagnostics = await waitFor(() => {
        const found = vscode.languages.getDiagnostics(fixtureUri('user/library.bib'));
        return found.some((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error) && found;
      }, { message: 'diagnostics on library.bib' });
      const broken = diagnostics.filter((diagnostic) => diagnostic.severity === vscode.DiagnosticSeverity.Error);
      assert.strictEqual(broken.length, 1);
      assert.strictEqual(broken[0].range.start.line, 24);
      assert.match(broken[0].message, /Unclosed "\{" in field "title" of entry "brokenEntry2020"/);
      assert.ok(api.lookup('okaforQuietLeadership2021'), 'the entry after the broken one loads');
      assert.strictEqual(api.lookup('brokenEntry2020'), undefined);
    });

    it('reports a key the corpus also uses for another work, and uses the user entry', async () => {
      const clash = await waitFor(() => vscode.languages.getDiagnostics(fixtureUri('user/library.bib'))
        .find((diagnostic) => diagnostic.code === 'key-clash'), { message: 'the key clash diagnostic' });
      assert.strictEqual(clash.severity, vscode.DiagnosticSeverity.Information);
      assert.strictEqual(clash.range.start.line, 34);
      assert.match(clash.message, /martinCriticalAccountRise2012.*NHS Leadership Library.*this entry is the one used/);
      assert.strictEqual(api.lookup('martinCriticalAccountRise2012')?.title, 'A Different Paper That Reuses a Library Key');
    });

    it('keeps the corpus record, unreported, when a user file repeats a corpus work', async () => {
      // The fixture workspace's refs.bib holds the corpus work shapiroLeadershipNHS2011, as an append leaves it.
      await openFixture('paper.md');
      await waitFor(() => api.lookup('localWardAudit2023'), { message: 'refs.bib to load' });
      const paper = api.lookup(CORPUS_KEY)!;
      assert.strictEqual(paper.origin.kind, 'corpus', 'the richer record, with its themes and summary, stays');
      assert.ok(paper.themes.length > 0);
      assert.ok(!vscode.languages.getDiagnostics(fixtureUri('refs.bib')).some((diagnostic) => diagnostic.code === 'key-clash'));
    });

    it('warns at a declaration whose file does not exist', async () => {
      const uri = await writeFixture('user/missing.md', '---\nbibliography: [library.bib, nowhere.bib]\n---\nText\n');
      await vscode.window.showTextDocument(uri);
      const warning = await waitFor(() => vscode.languages.getDiagnostics(uri).find((diagnostic) => diagnostic.code === 'missing-bibliography'),
        { message: 'the missing-file warning' });
      assert.strictEqual(warning.range.start.line, 1);
      assert.match(warning.message, /nowhere\.bib/);
    });

    it('loads files matched by the include setting, and drops them when the setting no longer matches', async () => {
      await withSetting(INCLUDE, ['user/crlf.bib'], async () => {
        const paper = await waitFor(() => api.lookup('crlfEntry2018'), { message: 'the included file to load' });
        assert.strictEqual(paper.authors?.[0].family, 'Grönberg');
      });
      await waitFor(() => api.lookup('crlfEntry2018') === undefined, { message: 'the included file to be dropped' });
    });

    it('reports a key two user files define for different works, in both', async () => {
      const other = await writeFixture('user/clash/other.bib', '% another library\n@misc{muellerTeamworkWards2019, title = {Something Else}}\n');
      await withSetting(INCLUDE, ['user/clash/*.bib'], async () => {
        const here = await waitFor(() => vscode.languages.getDiagnostics(other).find((diagnostic) => diagnostic.code === 'key-clash'),
          { message: 'the clash on other.bib' });
        assert.strictEqual(here.range.start.line, 1);
        assert.match(here.message, /muellerTeamworkWards2019 is also defined, for a different work, in library\.bib; this entry is the one used/);
        const there = vscode.languages.getDiagnostics(fixtureUri('user/library.bib')).find((diagnostic) => diagnostic.code === 'key-clash' && diagnostic.range.start.line === 6);
        assert.match(there?.message ?? '', /in other\.bib; the entry in other\.bib is used/);
      });
    });

    it('re-reads a file that changes', async () => {
      const uri = await writeFixture('user/changing.bib', '@misc{changingOne, title = {One}}\n');
      await withSetting(INCLUDE, ['user/changing.bib'], async () => {
        await waitFor(() => api.lookup('changingOne'), { message: 'the first version' });
        await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('@misc{changingTwo, title = {Two}}\n'));
        await waitFor(() => api.lookup('changingTwo') && !api.lookup('changingOne'), { message: 'the second version' });
      });
    });
  });

  describe('keeping the bibliography in step', () => {
    afterEach(revertAndCloseAll);

    /** A document declaring its own bibliography in a folder of its own, so tests do not share files. */
    async function project(name: string, document: { file: string; text: string }, bib: { file: string; text: string }) {
      const bibUri = await writeFixture(`user/${name}/${bib.file}`, bib.text);
      const documentUri = await writeFixture(`user/${name}/${document.file}`, document.text);
      const editor = await vscode.window.showTextDocument(documentUri);
      return { editor, bibUri, documentUri };
    }

    it('appends the entry of a cited library work to the declared file, keeping every byte, once', async () => {
      const original = '@misc{mine,\n  title = {Mine}\n}';
      const { editor, bibUri } = await project('append', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\nText' }, { file: 'refs.bib', text: original });
      await withSetting(AUTO_ADD, 'always', async () => {
        await cite(editor, [CORPUS_KEY]);
        const once = await readDisk(bibUri);
        assert.ok(once.startsWith(original), 'the file kept its bytes');
        assert.strictEqual(once.slice(original.length, original.length + 2), '\n\n', 'a line break ends the old last line, then a blank line');
        assert.strictEqual(count(once, `{${CORPUS_KEY},`), 1);
        assert.ok(once.endsWith('}\n'));

        await cite(editor, [CORPUS_KEY]);
        assert.strictEqual(await readDisk(bibUri), once, 'citing again adds nothing');
      });
    });

    it('appends when a work is cited with the Insert Citation command', async () => {
      const { editor, bibUri } = await project('command', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\nText ' }, { file: 'refs.bib', text: '' });
      const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
      editor.selection = new vscode.Selection(end, end);
      await withSetting(AUTO_ADD, 'always', async () => {
        await vscode.commands.executeCommand(Commands.insertCitation, { keys: [OTHER_CORPUS_KEY] });
        await waitFor(async () => (await readDisk(bibUri)).includes(`{${OTHER_CORPUS_KEY},`), { message: 'the entry on disk' });
      });
    });

    it('adds an entry once under two quick insertions', async () => {
      const { editor, bibUri } = await project('quick', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: '' });
      await withSetting(AUTO_ADD, 'always', async () => {
        await Promise.all([
          vscode.commands.executeCommand(DID_CITE, editor.document.uri, [CORPUS_KEY]),
          vscode.commands.executeCommand(DID_CITE, editor.document.uri, [CORPUS_KEY, OTHER_CORPUS_KEY]),
          vscode.commands.executeCommand(DID_CITE, editor.document.uri, [OTHER_CORPUS_KEY]),
        ]);
        const text = await readDisk(bibUri);
        assert.strictEqual(count(text, `{${CORPUS_KEY},`), 1, text);
        assert.strictEqual(count(text, `{${OTHER_CORPUS_KEY},`), 1, text);
      });
    });

    it('keeps CRLF line endings of a LaTeX project file', async () => {
      const original = '% CRLF\r\n@misc{mine,\r\n  title = {Mine}\r\n}\r\n';
      const tex = '\\documentclass{article}\r\n\\usepackage{biblatex}\r\n\\addbibresource{lib.bib}\r\n\\begin{document}\r\n\\end{document}\r\n';
      const { editor, bibUri } = await project('crlf', { file: 'doc.tex', text: tex }, { file: 'lib.bib', text: original });
      await withSetting(AUTO_ADD, 'always', async () => {
        await cite(editor, [CORPUS_KEY]);
        const text = await readDisk(bibUri);
        assert.ok(text.startsWith(original));
        assert.ok(text.includes(`{${CORPUS_KEY},`));
        assert.ok(!/[^\r]\n/.test(text), 'every line break is CRLF');
      });
    });

    it('appends into an open, unsaved buffer without saving the user\'s changes for them', async () => {
      const original = '@misc{mine, title = {Mine}}\n';
      const { editor, bibUri } = await project('dirty', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: original });
      const bibEditor = await vscode.window.showTextDocument(bibUri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
      await bibEditor.edit((builder) => builder.insert(bibEditor.document.positionAt(original.length), '% my unsaved note\n'));
      await withSetting(AUTO_ADD, 'always', async () => {
        await cite(editor, [CORPUS_KEY]);
        const buffer = bibEditor.document.getText();
        assert.ok(buffer.startsWith(`${original}% my unsaved note\n`), 'the unsaved text is kept, in front');
        assert.strictEqual(count(buffer, `{${CORPUS_KEY},`), 1);
        assert.ok(bibEditor.document.isDirty);
        assert.strictEqual(await readDisk(bibUri), original, 'nothing was saved behind the user\'s back');
      });
    });

    it('can be undone', async () => {
      const original = '@misc{mine, title = {Mine}}\n';
      const { editor, bibUri } = await project('undo', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: original });
      await withSetting(AUTO_ADD, 'always', async () => {
        await cite(editor, [CORPUS_KEY]);
      });
      const bibEditor = await vscode.window.showTextDocument(bibUri);
      assert.ok(bibEditor.document.getText().includes(CORPUS_KEY));
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(bibEditor.document.getText(), original);
    });

    it('appends on disk to a file too large for VS Code to give the extension, keeping every byte, once', async function () {
      this.timeout(120_000);
      const line = `% ${'filler '.repeat(14)}\n`;
      const original = `@misc{mine, title = {Mine}}\n${line.repeat(Math.ceil(51 * 1024 * 1024 / line.length))}@misc{last, title = {Last}}`;
      const { editor, bibUri } = await project('large', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: original });
      await withSetting(AUTO_ADD, 'always', async () => {
        await cite(editor, [CORPUS_KEY]);
        const once = fs.readFileSync(bibUri.fsPath, 'utf8');
        assert.ok(once.startsWith(original), 'the file kept its bytes');
        assert.ok(once.slice(original.length).startsWith(`\n\n@`), 'a line break ends the old last line, then a blank line');
        assert.strictEqual(count(once.slice(original.length), `{${CORPUS_KEY},`), 1);
        await cite(editor, [CORPUS_KEY]);
        assert.strictEqual(fs.readFileSync(bibUri.fsPath, 'utf8').length, once.length, 'citing again adds nothing');
      });
    });

    it('asks first by default, and adds on "Add"', async () => {
      const { editor, bibUri } = await project('ask', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: '' });
      await stubWindow('showInformationMessage', (message) => (message.startsWith('Add') ? 'Add' : undefined), async (messages) => {
        await cite(editor, [CORPUS_KEY]);
        assert.strictEqual(messages.length, 1);
        assert.match(messages[0], new RegExp(`${CORPUS_KEY}.*refs\\.bib`));
      });
      assert.strictEqual(count(await readDisk(bibUri), `{${CORPUS_KEY},`), 1);
    });

    it('remembers "Always" in the setting', async () => {
      const { editor, bibUri } = await project('always', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: '' });
      await withSetting(AUTO_ADD, undefined, async () => {
        await stubWindow('showInformationMessage', (message) => (message.startsWith('Add') ? 'Always' : undefined), async (messages) => {
          await cite(editor, [CORPUS_KEY]);
          await cite(editor, [OTHER_CORPUS_KEY]);
          assert.strictEqual(messages.length, 1, 'asked once');
        });
        assert.strictEqual(vscode.workspace.getConfiguration(Settings.section).inspect(Settings.bibliographyAutoAdd)?.globalValue, 'always');
      });
      const text = await readDisk(bibUri);
      assert.ok(text.includes(`{${CORPUS_KEY},`) && text.includes(`{${OTHER_CORPUS_KEY},`));
    });

    it('changes nothing when set to never, or for a work that is the user\'s own', async () => {
      const { editor, bibUri } = await project('never', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: '' });
      await withSetting(AUTO_ADD, 'never', () => cite(editor, [CORPUS_KEY]));
      await withSetting(AUTO_ADD, 'always', () => cite(editor, ['muellerTeamworkWards2019', 'notInAnyLibrary2099']));
      assert.strictEqual(await readDisk(bibUri), '');
    });

    it('leaves a read-only file alone, with a clear message', async function () {
      const original = '@misc{mine, title = {Mine}}\n';
      const { editor, bibUri } = await project('readonly', { file: 'doc.md', text: '---\nbibliography: refs.bib\n---\n' }, { file: 'refs.bib', text: original });
      const locked = makeReadOnly(bibUri.fsPath);
      if (!locked) this.skip();
      try {
        await stubWindow('showWarningMessage', () => undefined, async (messages) => {
          await withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY]));
          assert.ok(messages.some((message) => /refs\.bib is read-only, so nothing was added/.test(message)), messages.join('\n'));
        });
        assert.strictEqual(await readDisk(bibUri), original);
        const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === bibUri.toString());
        assert.ok(!open?.isDirty, 'no edit waits in a buffer that cannot be saved');
      } finally {
        locked!.restore();
      }
    });

    it('offers to create references.bib and declares it in the front matter', async () => {
      const documentUri = await writeFixture('user/create/doc.md', '# No bibliography\n\nText.\n');
      const editor = await vscode.window.showTextDocument(documentUri);
      await stubWindow('showInformationMessage', (message) => (/declares no BibTeX bibliography/.test(message) ? 'Create references.bib' : undefined), async (messages) => {
        await withSetting(AUTO_ADD, 'always', () => cite(editor, [CORPUS_KEY]));
        assert.strictEqual(messages.length, 1);
      });
      const created = await readDisk(fixtureUri('user/create/references.bib'));
      assert.ok(created.startsWith(`@`) && created.includes(`{${CORPUS_KEY},`));
      assert.ok(editor.document.getText().startsWith('---\nbibliography: references.bib\n---\n\n# No bibliography'));
      // The new file is read: its diagnostics (none) are set once it is.
      await writeFixture('user/create/references.bib', `${created}@misc{createdProbe2024, title = {Probe}}\n`);
      await waitFor(() => api.lookup('createdProbe2024'), { message: 'the new file to be read' });
    });

    it('declares references.bib with \\bibliography in a BibTeX document', async () => {
      const tex = '\\documentclass{article}\n\\begin{document}\nText.\n\\end{document}\n';
      const documentUri = await writeFixture('user/create-tex/doc.tex', tex);
      const editor = await vscode.window.showTextDocument(documentUri);
      await stubWindow('showInformationMessage', (message) => (/declares no BibTeX/.test(message) ? 'Create references.bib' : undefined), async () => {
        await withSetting(AUTO_ADD, 'ask', () => cite(editor, [CORPUS_KEY]));
      });
      assert.match(editor.document.getText(), /\\bibliographystyle\{plain\}\n\\bibliography\{references\}\n\n\\end\{document\}/);
      assert.ok((await readDisk(fixtureUri('user/create-tex/references.bib'))).includes(`{${CORPUS_KEY},`));
    });
  });

  describe('export', () => {
    afterEach(revertAndCloseAll);

    it('exports the works cited in the active document as BibTeX', async () => {
      await openFixture('user/cites-user.md');
      await waitFor(() => api.lookup('muellerTeamworkWards2019'), { timeout: 15_000, message: 'the user library' });
      const target = fixtureUri('user/export/cited.bib');
      const written = await vscode.commands.executeCommand<vscode.Uri>(Commands.exportBibliography, { scope: 'cited', format: 'bibtex', uri: target });
      assert.strictEqual(written?.toString(), target.toString());
      const text = await readDisk(target);
      for (const key of ['muellerTeamworkWards2019', 'patelBoardsCslJson2022', 'nhsWorkforcePlan2023']) assert.ok(text.includes(`{${key},`), key);
      assert.ok(!text.includes(CORPUS_KEY), 'only what the document cites');
    });

    it('exports the corpus as CSL-JSON', async () => {
      const target = fixtureUri('user/export/corpus.json');
      await vscode.commands.executeCommand(Commands.exportBibliography, { scope: 'corpus', format: 'csl-json', uri: target });
      const items = JSON.parse(await readDisk(target)) as { id: string; title: string }[];
      const corpusFile = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'resources', 'corpus.json');
      const corpus = JSON.parse(await readDisk(corpusFile)) as { works: { key: string; title: string }[] };
      assert.deepStrictEqual(items.map((item) => item.id).sort(), corpus.works.map((work) => work.key).sort());
      const martin = corpus.works.find((work) => work.key === 'martinCriticalAccountRise2012')!;
      assert.strictEqual(items.find((item) => item.id === martin.key)?.title, martin.title, 'the corpus work, not a user entry with its key');
    });
  });
});
