// The Insert Citation command in a real VS Code: `{ keys }` on .tex, .md and .qmd documents (a new citation,
// inside an existing one, several cursors, one undo step), the settings that shape it, and the picker.
//
// The picker is driven as a keyboard would drive it, with the workbench's own commands (quickInput.first,
// quickInput.next, workbench.action.quickPickManyToggle, workbench.action.acceptSelectedQuickOpenItem), and what
// the command inserts says which work sat on which row. So the tests prove, in the host's rendered list and not in
// the items we handed over, that rows 1 to 3 are our search's top 3 for queries VS Code's own filter would hide
// (a typo) or reorder (an author in no title, a year, two words, an author late in a long list); that checked works
// become one citation in the order they were checked; that Enter with nothing checked cites the top row; and that
// dismissing inserts nothing.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { NhsLibraryApi } from '../../src/extension';
import type { InsertCitationResult } from '../../src/insertCitation';
import { activateExtension, closeAllEditors, waitFor, withSetting, writeFixture } from './helpers';

const SHAPIRO = 'shapiroLeadershipNHS2011';
const WEST = 'westDevelopingCollectiveLeadership2014';
const MARTIN = 'martinCriticalAccountRise2012';

/** Opens a new fixture file holding `source` without its ‸ markers, with a cursor at each marker. */
async function openWithCursors(name: string, source: string): Promise<vscode.TextEditor> {
  const text = source.replace(/‸/g, '');
  const document = await vscode.workspace.openTextDocument(await writeFixture(`insertion/${name}`, text));
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const offsets: number[] = [];
  for (let i = 0, removed = 0; i < source.length; i++) {
    if (source[i] === '‸') offsets.push(i - removed++);
  }
  editor.selections = offsets.map((offset) => new vscode.Selection(document.positionAt(offset), document.positionAt(offset)));
  return editor;
}

function insertKeys(keys: string[]): Thenable<InsertCitationResult | undefined> {
  return vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { keys });
}

describe('Insert Citation', function () {
  let api: NhsLibraryApi;
  let file = 0;
  const fresh = (extension: string) => `doc${++file}.${extension}`;

  before(async () => {
    api = await activateExtension();
  });
  afterEach(closeAllEditors);

  // Appending to a bibliography is another feature's business; keep these documents' folders untouched.
  const isolated = <T>(body: () => Promise<T>) => withSetting('nhsLibrary.bibliography.autoAdd', 'never', body);

  describe('LaTeX', () => {
    it('inserts \\cite{k1,k2} at the cursor and returns what it inserted', () => isolated(async () => {
      const editor = await openWithCursors(fresh('tex'), 'As shown ‸.\n');
      assert.strictEqual(editor.document.languageId, 'latex');
      const result = await insertKeys([SHAPIRO, WEST]);
      assert.strictEqual(editor.document.getText(), `As shown \\cite{${SHAPIRO},${WEST}}.\n`);
      assert.deepStrictEqual(result?.inserted, [`\\cite{${SHAPIRO},${WEST}}`]);
      assert.deepStrictEqual(result?.keys, [SHAPIRO, WEST]);
      assert.ok(editor.selection.isEqual(new vscode.Selection(0, 9 + result!.inserted[0].length, 0, 9 + result!.inserted[0].length)), 'the cursor follows the citation');
    }));

    it('uses nhsLibrary.latex.citeCommand for a new citation', () => isolated(() => withSetting('nhsLibrary.latex.citeCommand', '\\parencite', async () => {
      const editor = await openWithCursors(fresh('tex'), 'Text ‸\n');
      await insertKeys([WEST]);
      assert.strictEqual(editor.document.getText(), `Text \\parencite{${WEST}}\n`);
    })));

    it('adds keys inside the braces of an existing citation, skipping those already there', () => isolated(async () => {
      const editor = await openWithCursors(fresh('tex'), `See \\citep[p.~4]{${SHAPIRO}‸}.\n`);
      await insertKeys([WEST, SHAPIRO]);
      assert.strictEqual(editor.document.getText(), `See \\citep[p.~4]{${SHAPIRO},${WEST}}.\n`);
    }));

    it('adds keys to the group of a multicite the cursor is in, across lines', () => isolated(async () => {
      const editor = await openWithCursors(fresh('tex'), `\\textcites{${SHAPIRO}}\n  [p.~2]{${MARTIN},\n  ‸}\n`);
      await insertKeys([WEST]);
      assert.strictEqual(editor.document.getText(), `\\textcites{${SHAPIRO}}\n  [p.~2]{${MARTIN},\n  ${WEST}}\n`);
    }));
  });

  describe('Markdown and Quarto', () => {
    it('inserts [@k1; @k2] in Markdown', () => isolated(async () => {
      const editor = await openWithCursors(fresh('md'), 'As shown ‸.\n');
      assert.strictEqual(editor.document.languageId, 'markdown');
      const result = await insertKeys([SHAPIRO, WEST]);
      assert.strictEqual(editor.document.getText(), `As shown [@${SHAPIRO}; @${WEST}].\n`);
      assert.deepStrictEqual(result?.inserted, [`[@${SHAPIRO}; @${WEST}]`]);
    }));

    it('inserts in-text citations when nhsLibrary.markdown.citationStyle is inText', () => isolated(() => withSetting('nhsLibrary.markdown.citationStyle', 'inText', async () => {
      const editor = await openWithCursors(fresh('md'), '‸ argue that\n');
      await insertKeys([WEST]);
      assert.strictEqual(editor.document.getText(), `@${WEST} argue that\n`);
    })));

    it('adds ; @key inside an existing bracketed citation in Quarto', () => isolated(async () => {
      const editor = await openWithCursors(fresh('qmd'), `---\ntitle: x\n---\n\nText [see @${SHAPIRO}, p. 4‸].\n`);
      assert.strictEqual(editor.document.languageId, 'quarto');
      await insertKeys([WEST, SHAPIRO]);
      assert.strictEqual(editor.document.getText(), `---\ntitle: x\n---\n\nText [see @${SHAPIRO}, p. 4; @${WEST}].\n`);
    }));

    it('inserts a fresh citation in Quarto outside any citation', () => isolated(async () => {
      const editor = await openWithCursors(fresh('qmd'), 'One ‸\n');
      await insertKeys([MARTIN]);
      assert.strictEqual(editor.document.getText(), `One [@${MARTIN}]\n`);
    }));
  });

  describe('several cursors', () => {
    it('cites at every cursor, each in its own way, and one undo removes it all', () => isolated(async () => {
      const source = `First ‸.\nSecond [@${SHAPIRO}‸].\nThird ‸.\n`;
      const editor = await openWithCursors(fresh('md'), source);
      const before = editor.document.getText();
      const result = await insertKeys([WEST]);
      assert.strictEqual(editor.document.getText(), `First [@${WEST}].\nSecond [@${SHAPIRO}; @${WEST}].\nThird [@${WEST}].\n`);
      assert.strictEqual(result?.inserted.length, 3);
      assert.strictEqual(editor.selections.length, 3, 'every cursor survives');

      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), before, 'a single undo restores the document');
      await vscode.commands.executeCommand('redo');
      assert.strictEqual(editor.document.getText(), `First [@${WEST}].\nSecond [@${SHAPIRO}; @${WEST}].\nThird [@${WEST}].\n`);
    }));

    it('cites at every cursor in LaTeX, one undo step', () => isolated(async () => {
      const editor = await openWithCursors(fresh('tex'), `A‸ B \\cite{${MARTIN}‸} C‸\n`);
      const before = editor.document.getText();
      await insertKeys([SHAPIRO]);
      assert.strictEqual(editor.document.getText(), `A\\cite{${SHAPIRO}} B \\cite{${MARTIN},${SHAPIRO}} C\\cite{${SHAPIRO}}\n`);
      await vscode.commands.executeCommand('undo');
      assert.strictEqual(editor.document.getText(), before);
    }));

    it('replaces selected text outside a citation', () => isolated(async () => {
      const editor = await openWithCursors(fresh('md'), 'See CITATION here.\n');
      editor.selection = new vscode.Selection(0, 4, 0, 12);
      await insertKeys([WEST]);
      assert.strictEqual(editor.document.getText(), `See [@${WEST}] here.\n`);
    }));
  });

  describe('with a uri', () => {
    it('inserts into the visible editor of that document, though another editor is active', () => isolated(async () => {
      const target = await openWithCursors(fresh('md'), 'First ‸.\n');
      const other = await vscode.workspace.openTextDocument(await writeFixture(`insertion/${fresh('tex')}`, 'Other.\n'));
      await vscode.window.showTextDocument(other, { viewColumn: vscode.ViewColumn.Beside, preview: false });
      assert.strictEqual(vscode.window.activeTextEditor?.document, other);
      const result = await vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { keys: [WEST], uri: target.document.uri.toString() });
      assert.strictEqual(target.document.getText(), `First [@${WEST}].\n`);
      assert.strictEqual(other.getText(), 'Other.\n');
      assert.strictEqual(result?.uri, target.document.uri.toString());
    }));

    it('inserts nothing when no visible editor shows that document', () => isolated(async () => {
      const hidden = await vscode.workspace.openTextDocument(await writeFixture(`insertion/${fresh('md')}`, 'Hidden.\n'));
      await openWithCursors(fresh('md'), 'Shown ‸.\n');
      assert.strictEqual(await vscode.commands.executeCommand(Commands.insertCitation, { keys: [WEST], uri: hidden.uri.toString() }), undefined);
      assert.strictEqual(hidden.getText(), 'Hidden.\n');
    }));
  });

  describe('without a citing document', () => {
    it('inserts nothing in a plain-text editor', async () => {
      const document = await vscode.workspace.openTextDocument({ content: 'plain', language: 'plaintext' });
      await vscode.window.showTextDocument(document);
      assert.strictEqual(await insertKeys([WEST]), undefined);
      assert.strictEqual(document.getText(), 'plain');
    });

    it('ignores the URI an editor menu passes as its argument', () => isolated(async () => {
      const editor = await openWithCursors(fresh('md'), 'x‸');
      const running = vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, editor.document.uri);
      // With no keys, the picker opens: dismiss it.
      await settle();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await running, undefined);
      assert.strictEqual(editor.document.getText(), 'x');
    }));
  });

  describe('the picker', () => {
    /**
     * Opens the picker on `query`, checks the item `position` rows down from the top of the list as displayed (with
     * the workbench's own commands, as the keyboard would), accepts, and returns the keys the command inserted.
     */
    async function pickAt(query: string, positions: number[]): Promise<string[] | undefined> {
      const running = vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { query });
      await settle();
      // A multi-select picker highlights no row until asked: start from the top row.
      await vscode.commands.executeCommand('quickInput.first');
      let row = 0;
      for (const position of positions) {
        for (; row < position; row++) await vscode.commands.executeCommand('quickInput.next');
        await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
      }
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return (await running)?.keys;
    }

    // Queries where VS Code's own filter would hide or reorder: a typo no label contains, an author's name that is
    // in no title, a year, a phrase of two words, and a surname found late in a long author list.
    const QUERIES = ['leaderhsip', 'nicol', '2014', 'collective leadership', 'public health', 'peckham'];

    for (const query of QUERIES) {
      it(`shows our ranking for "${query}", top rows first`, () => isolated(async () => {
        const expected = api.search(query, 3).map((paper) => paper.key);
        assert.ok(expected.length > 0, `our search finds something for "${query}"`);
        for (let position = 0; position < expected.length; position++) {
          await openWithCursors(fresh('md'), 'Cite ‸');
          assert.deepStrictEqual(await pickAt(query, [position]), [expected[position]], `row ${position + 1} for "${query}"`);
          await closeAllEditors();
        }
      }));
    }

    it('cites every checked work as one citation, in the order they were checked', () => isolated(async () => {
      const expected = api.search('leaderhsip', 3).map((paper) => paper.key);
      const editor = await openWithCursors(fresh('md'), 'Cite ‸');
      const keys = await pickAt('leaderhsip', [0, 2]);
      assert.deepStrictEqual(keys, [expected[0], expected[2]]);
      assert.strictEqual(editor.document.getText(), `Cite [@${expected[0]}; @${expected[2]}]`);
    }));

    it('cites the top result on Enter when nothing is checked or highlighted', () => isolated(async () => {
      const [best] = api.search('nicol', 1);
      const editor = await openWithCursors(fresh('md'), 'Cite ‸');
      const running = vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { query: 'nicol' });
      await settle();
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      assert.deepStrictEqual((await running)?.keys, [best.key]);
      assert.strictEqual(editor.document.getText(), `Cite [@${best.key}]`);
    }));

    it('searches again when a large library loaded while it is open starts answering from its own index', () => isolated(async () => {
      // Past the size indexed at once (2,000 works): searched with the previous index until its own is built.
      const bib = Array.from({ length: 2500 }, (_, i) => `@misc{brewing${i}, title = {Zymotic brewing ledger ${i}}, year = {2003}}\n`).join('');
      await writeFixture('user/brewing/large.bib', bib);
      const editor = await openWithCursors(fresh('md'), 'Cite ‸');
      const running = vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { query: 'zymotic ledger 1234' });
      await settle();
      await withSetting('nhsLibrary.bibliography.include', ['user/brewing/large.bib'], async () => {
        await waitFor(() => api.search('zymotic ledger 1234', 1)[0]?.key === 'brewing1234', { message: 'the large library searchable', timeout: 15_000 });
        await settle();
        await vscode.commands.executeCommand('quickInput.first');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const result = await Promise.race([running, settle().then(() => 'still open' as const)]);
        if (result === 'still open') await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.deepStrictEqual(result === 'still open' ? 'the list had nothing to cite' : result?.keys, ['brewing1234']);
        assert.strictEqual(editor.document.getText(), 'Cite [@brewing1234]');
      });
    }));

    it('inserts nothing when dismissed', () => isolated(async () => {
      const editor = await openWithCursors(fresh('tex'), 'Cite ‸');
      const running = vscode.commands.executeCommand<InsertCitationResult | undefined>(Commands.insertCitation, { query: 'west' });
      await settle();
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      assert.strictEqual(await running, undefined);
      assert.strictEqual(editor.document.getText(), 'Cite ');
    }));
  });
});

/** Lets the picker reach the workbench and draw its items before it is driven. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 400));
}
