// The sidebar in a real VS Code: the Papers view's data for each grouping, its filter, the Cited Here view, the
// actions on a work (insert into a real editor, copy key, BibTeX and references), and dropping works into editors.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands, InternalCommands, Settings } from '../../src/constants';
import { USER_LIBRARY_GROUP_LABEL } from '../../src/core/grouping';
import type { NhsLibraryApi } from '../../src/extension';
import { CitationDropEditProvider, PaperDragAndDropController, planDroppedCitation } from '../../src/tree/paperDragAndDrop';
import { PapersNode, TreeNodeSnapshot, WORKS_PER_PAGE } from '../../src/tree/papersTreeProvider';
import { workListOf } from '../../src/core/workList';
import { activateExtension, closeAllEditors, openUntitled, waitFor, withSetting, writeFixture } from './helpers';

const labels = (nodes: readonly TreeNodeSnapshot[]) => nodes.map((node) => node.label);
const keyOf = (node: TreeNodeSnapshot) => node.command?.arguments?.[0] as string;

async function resetView(): Promise<void> {
  await vscode.commands.executeCommand(Commands.clearFilter);
  await vscode.workspace.getConfiguration(Settings.section).update(Settings.treeGroupBy, undefined, vscode.ConfigurationTarget.Global);
}

describe('Papers view', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
    await resetView();
  });

  afterEach(resetView);

  it('groups the library by theme, each theme with its work count, a work in two themes under both', async () => {
    const roots = await waitFor(async () => (await api.tree.papersState()).groupBy === 'theme' && api.tree.papers(), { message: 'theme grouping' });
    const corpus = api.papers().filter((paper) => paper.origin.kind === 'corpus');
    assert.deepStrictEqual(labels(roots).slice(0, 7), [
      'Clinical and medical leadership', 'Collective, distributed and co-produced leadership',
      'Commissioning, primary care and public health', 'Leadership discourse and critique', 'Policy and NHS reform',
      'Leadership development', 'Management and patient care',
    ]);
    for (const root of roots.slice(0, 7)) {
      const children = root.children ?? [];
      assert.strictEqual(root.description, `${children.length} ${children.length === 1 ? 'work' : 'works'}`, root.label);
      assert.strictEqual(root.contextValue, 'group');
    }
    const policy = roots.find((root) => root.label === 'Policy and NHS reform');
    const expected = corpus.filter((paper) => paper.themes.includes('policy-reform')).map((paper) => paper.key).sort();
    assert.deepStrictEqual((policy?.children ?? []).map(keyOf).sort(), expected);
    const placements = roots.slice(0, 7).flatMap((root) => (root.children ?? []).map(keyOf)).filter((key) => key === 'shapiroLeadershipNHS2011');
    assert.strictEqual(placements.length, 2, 'shapiroLeadershipNHS2011 has two themes');
  });

  it('shows each work by short title, "First author et al. · year", type icon, escaped summary tooltip and link state', async () => {
    const works = (await api.tree.papers()).flatMap((root) => root.children ?? []);
    const nicolson = works.find((node) => keyOf(node) === 'nicolsonLeadershipBetterPatient2011');
    assert.ok(nicolson);
    assert.strictEqual(nicolson.label, 'Leadership and Better Patient Care');
    assert.strictEqual(nicolson.description, 'Nicolson et al. · 2011');
    assert.strictEqual(nicolson.icon, 'graph');
    assert.strictEqual(nicolson.contextValue, 'paper;linked');
    assert.deepStrictEqual(nicolson.command, { command: Commands.showPaper, arguments: ['nicolsonLeadershipBetterPatient2011'] });

    const shapiro = works.find((node) => keyOf(node) === 'shapiroLeadershipNHS2011');
    assert.strictEqual(shapiro?.description, 'Shapiro & Rashid · 2011');
    assert.strictEqual(shapiro?.icon, 'file-text');
    assert.match(shapiro?.tooltip ?? '', /^\*\*Leadership in the NHS\*\*/);
    assert.match(shapiro?.tooltip ?? '', /The editorial argues that the NHS\\'s core task/);

    const undated = works.find((node) => keyOf(node) === 'PublicHealthLeadership');
    assert.strictEqual(undated?.description, undefined, 'no author and no year: no description rather than a guess');
    assert.strictEqual(undated?.contextValue, 'paper', 'no DOI or URL: no open action');
  });

  for (const [groupBy, expectedGroups] of [
    ['year', ['2016', '2015', '2014', '2012', '2011', 'Unknown year']],
    ['venue', ['BMJ', 'Future Hospital Journal', 'The International Journal of Health Planning and Management',
      'Journal of Health Organization and Management', "The King's Fund", 'Social Science & Medicine', 'Unknown venue']],
    ['type', ['Articles', 'Reports', 'Unknown type']],
    ['firstAuthor', ['Coleman', 'Edmonstone', 'Martin', 'Nicol', 'Nicolson', 'Shapiro', 'West', 'Unknown author']],
  ] as const) {
    it(`groups by ${groupBy} through nhsLibrary.groupBy, and remembers it in the setting`, async () => {
      await vscode.commands.executeCommand(Commands.groupBy, groupBy);
      const roots = await waitFor(async () => (await api.tree.papersState()).groupBy === groupBy && api.tree.papers(), { message: groupBy });
      const corpusGroups = labels(roots).filter((label) => (expectedGroups as readonly string[]).includes(label));
      assert.deepStrictEqual(corpusGroups, expectedGroups);
      assert.strictEqual(vscode.workspace.getConfiguration(Settings.section).get(Settings.treeGroupBy), groupBy);
      const total = roots.reduce((sum, root) => sum + (root.children?.length ?? 0), 0);
      assert.strictEqual(total, api.papers().length, 'each work exactly once');
    });
  }

  it('regroups when the setting is changed directly', async () => {
    await withSetting(`${Settings.section}.${Settings.treeGroupBy}`, 'type', async () => {
      const roots = await waitFor(async () => (await api.tree.papersState()).groupBy === 'type' && api.tree.papers(), { message: 'type grouping' });
      assert.ok(labels(roots).includes('Articles'));
    });
  });

  it('filters to the works the search finds, with "Filtered: <query>" as the view\'s message', async () => {
    await vscode.commands.executeCommand(Commands.filterPapers, 'commissioning');
    const state = await api.tree.papersState();
    assert.strictEqual(state.message, 'Filtered: commissioning');
    assert.strictEqual(state.filterActive, true);
    assert.strictEqual(state.filtered, false);
    const keys = new Set((await api.tree.papers()).flatMap((root) => (root.children ?? []).map(keyOf)));
    assert.ok(keys.has('colemanLeadershipHealthCommissioning2015'));
    assert.ok(!keys.has('shapiroLeadershipNHS2011'));
    const expected = new Set(api.search('commissioning', 1000).map((paper) => paper.key));
    assert.deepStrictEqual([...keys].sort(), [...expected].sort(), 'the same works as the citation search');
  });

  it('reports no match through the context key the welcome view reads, and clears back to everything', async () => {
    await vscode.commands.executeCommand(Commands.filterPapers, 'zzqxjvvw');
    assert.deepStrictEqual(await api.tree.papers(), []);
    assert.strictEqual((await api.tree.papersState()).filtered, true);
    assert.strictEqual((await api.tree.papersState()).message, 'Filtered: zzqxjvvw');
    await vscode.commands.executeCommand(Commands.clearFilter);
    const state = await api.tree.papersState();
    assert.deepStrictEqual([state.filterActive, state.filtered, state.message], [false, false, undefined]);
    assert.strictEqual(new Set((await api.tree.papers()).flatMap((root) => (root.children ?? []).map(keyOf))).size, api.papers().length);
  });

  it('lists a large group a page at a time: "Show more" adds the next page, and revealing a work lists its page', async () => {
    // Two and a bit pages of works no theme claims, so all sit in "Your library", ordered by their numbered titles.
    const count = 2 * WORKS_PER_PAGE + 37;
    const number = (i: number) => String(i).padStart(4, '0');
    const bib = Array.from({ length: count }, (_, i) => `@misc{paged${number(i)}, title = {Paged work ${number(i)}}, author = {Pager, Ann}, year = {2001}}\n`).join('');
    await writeFixture('user/paged/many.bib', bib);
    await withSetting(`${Settings.section}.${Settings.bibliographyInclude}`, ['user/paged/many.bib'], async () => {
      const userGroup = async () => (await api.tree.papers()).find((root) => root.label === USER_LIBRARY_GROUP_LABEL);
      const first = await waitFor(async () => {
        const group = await userGroup();
        return group?.description === `${count.toLocaleString('en-GB')} works` && group;
      }, { message: 'the paged library in the tree', timeout: 20_000 });
      const listed = (group: TreeNodeSnapshot) => (group.children ?? []).filter((node) => node.contextValue !== 'more').map(keyOf);
      const more = (group: TreeNodeSnapshot) => group.children?.find((node) => node.contextValue === 'more');
      assert.deepStrictEqual(listed(first), Array.from({ length: WORKS_PER_PAGE }, (_, i) => `paged${number(i)}`));
      assert.deepStrictEqual([more(first)?.label, more(first)?.description], [`Show ${WORKS_PER_PAGE} more`, `${count - WORKS_PER_PAGE} not listed yet`]);
      assert.strictEqual(first.children?.at(-1), more(first), '"Show more" comes last');

      // Revealing a work on the second page lists that page.
      await vscode.commands.executeCommand(Commands.revealPaper, `paged${number(WORKS_PER_PAGE + 100)}`);
      const second = await waitFor(async () => {
        const group = await userGroup();
        return group && listed(group).length === 2 * WORKS_PER_PAGE && group;
      }, { message: 'the second page listed' });
      assert.deepStrictEqual([more(second)?.label, more(second)?.description], ['Show 37 more', '37 not listed yet']);

      const command = more(second)?.command;
      assert.strictEqual(command?.command, InternalCommands.showMoreWorks);
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      const all = await userGroup();
      assert.deepStrictEqual(listed(all!), Array.from({ length: count }, (_, i) => `paged${number(i)}`));
      assert.strictEqual(more(all!), undefined, 'nothing more to show');
    });
  });

  it('applies a filter again once a large library it was set before is indexed, as the old index knew none of its works', async () => {
    // Past the size indexed at once (2,000 works): searched with the previous index until its own is built.
    const count = 2500;
    const bib = Array.from({ length: count }, (_, i) => `@misc{zymurgy${i}, title = {Zymurgical fermentation record ${i}}, year = {2002}}\n`).join('');
    await writeFixture('user/zymurgy/large.bib', bib);
    await vscode.commands.executeCommand(Commands.filterPapers, 'zymurgical');
    assert.strictEqual((await api.tree.papersState()).filtered, true, 'nothing matches before the file loads');
    await withSetting(`${Settings.section}.${Settings.bibliographyInclude}`, ['user/zymurgy/large.bib'], async () => {
      const group = await waitFor(async () => (await api.tree.papers()).find((root) => root.label === USER_LIBRARY_GROUP_LABEL),
        { message: 'the large library\'s works under the filter', timeout: 15_000 });
      assert.strictEqual(group.description, `${count.toLocaleString('en-GB')} works`);
      const state = await api.tree.papersState();
      assert.deepStrictEqual([state.message, state.filtered], ['Filtered: zymurgical', false]);
    });
  });

  it('treats a blank filter as no filter', async () => {
    await vscode.commands.executeCommand(Commands.filterPapers, '   ');
    assert.strictEqual((await api.tree.papersState()).filterActive, false);
  });
});

describe('Cited Here view', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  afterEach(closeAllEditors);

  it('lists the works cited in the active Markdown editor in order of first citation, unknown keys flagged', async () => {
    await openUntitled('See [@martinCriticalAccountRise2012; @notInAnyLibrary2099].\n\n'
      + '@shapiroLeadershipNHS2011 says so, as does [@martinCriticalAccountRise2012, p. 3].\n', 'markdown');
    const nodes = await waitFor(() => api.tree.citedHere().length === 3 && api.tree.citedHere(), { message: 'three cited works' });
    assert.deepStrictEqual(nodes.map((node) => node.id), ['martinCriticalAccountRise2012', 'notInAnyLibrary2099', 'shapiroLeadershipNHS2011']);
    assert.strictEqual(nodes[0].label, "A critical account of the rise and spread of 'leadership'");
    assert.strictEqual(nodes[0].description, 'Martin & Learmonth · 2012 · 2×');
    assert.strictEqual(nodes[0].contextValue, 'paper;linked');
    assert.strictEqual(nodes[1].label, 'notInAnyLibrary2099');
    assert.strictEqual(nodes[1].icon, 'warning');
    assert.strictEqual(nodes[1].contextValue, 'unknownKey');
  });

  it('follows the text as the user types', async () => {
    const editor = await openUntitled('\\section{A}\n\\cite{westDevelopingCollectiveLeadership2014}\n', 'latex');
    await waitFor(() => api.tree.citedHere().length === 1, { message: 'one cited work' });
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'First \\citep{colemanLeadershipHealthCommissioning2015}. '));
    const nodes = await waitFor(() => api.tree.citedHere().length === 2 && api.tree.citedHere(), { message: 'the new citation' });
    assert.deepStrictEqual(nodes.map((node) => node.id), ['colemanLeadershipHealthCommissioning2015', 'westDevelopingCollectiveLeadership2014']);
  });

  it('reveals a work\'s citations by selecting every occurrence in the editor', async () => {
    const text = 'A [@shapiroLeadershipNHS2011]. B [@nicolBarriersDoctorsSuccessfully2016]. C @shapiroLeadershipNHS2011.\n';
    const editor = await openUntitled(text, 'markdown');
    const node = await waitFor(() => api.tree.citedHere().find((candidate) => candidate.id === 'shapiroLeadershipNHS2011'), { message: 'shapiro' });
    await vscode.commands.executeCommand(Commands.revealCitations, ...(node.command?.arguments ?? []));
    const selected = editor.selections.map((selection) => editor.document.getText(selection));
    assert.deepStrictEqual(selected, ['shapiroLeadershipNHS2011', 'shapiroLeadershipNHS2011']);
    assert.strictEqual(editor.document.offsetAt(editor.selections[0].start), text.indexOf('shapiro'));
  });

  it('empties for a document in a language without citations', async () => {
    await openUntitled('[@shapiroLeadershipNHS2011]', 'markdown');
    await waitFor(() => api.tree.citedHere().length === 1, { message: 'one cited work' });
    await openUntitled('[@shapiroLeadershipNHS2011]', 'plaintext');
    await waitFor(() => api.tree.citedHere().length === 0, { message: 'an empty view' });
  });
});

describe('actions on a work', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('inserts a citation into a Markdown editor in pandoc syntax', async () => {
    const editor = await openUntitled('As argued here ', 'markdown');
    editor.selection = new vscode.Selection(0, 15, 0, 15);
    await vscode.commands.executeCommand(Commands.insertPaperCitation, 'shapiroLeadershipNHS2011');
    assert.strictEqual(editor.document.getText(), 'As argued here [@shapiroLeadershipNHS2011]');
  });

  it('inserts a citation into a LaTeX editor with \\cite, from a tree node', async () => {
    const editor = await openUntitled('As argued here ', 'latex');
    editor.selection = new vscode.Selection(0, 15, 0, 15);
    const node = { kind: 'paper', paper: { key: 'martinCriticalAccountRise2012' } };
    await vscode.commands.executeCommand(Commands.insertPaperCitation, node, [node]);
    assert.strictEqual(editor.document.getText(), 'As argued here \\cite{martinCriticalAccountRise2012}');
  });

  it('inserts every selected work as one citation', async () => {
    const editor = await openUntitled('', 'markdown');
    const a = { kind: 'paper', paper: { key: 'shapiroLeadershipNHS2011' } };
    const b = { kind: 'paper', paper: { key: 'westDevelopingCollectiveLeadership2014' } };
    await vscode.commands.executeCommand(Commands.insertPaperCitation, b, [a, b]);
    assert.strictEqual(editor.document.getText(), '[@shapiroLeadershipNHS2011; @westDevelopingCollectiveLeadership2014]');
  });

  it('copies the key, the BibTeX entry and a formatted reference to the clipboard', async () => {
    await vscode.commands.executeCommand(Commands.copyKey, 'shapiroLeadershipNHS2011');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'shapiroLeadershipNHS2011');

    await vscode.commands.executeCommand(Commands.copyBibtex, 'shapiroLeadershipNHS2011');
    const bibtex = await vscode.env.clipboard.readText();
    assert.match(bibtex, /^@article\{shapiroLeadershipNHS2011,/);
    assert.match(bibtex, /doi = \{10\.1136\/bmj\.d3375\}/);

    await vscode.commands.executeCommand(Commands.copyReference, 'shapiroLeadershipNHS2011', 'vancouver');
    assert.strictEqual(await vscode.env.clipboard.readText(), 'Shapiro J, Rashid S. Leadership in the NHS. BMJ. 2011;342:d3375. doi:10.1136/bmj.d3375');
    await vscode.commands.executeCommand(Commands.copyReference, 'shapiroLeadershipNHS2011', 'harvard');
    assert.match(await vscode.env.clipboard.readText(), /^Shapiro, J\. and Rashid, S\. \(2011\) ‘Leadership in the NHS’, BMJ/);
  });
});

describe('dragging works into an editor', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(closeAllEditors);

  const node = (key: string): PapersNode =>
    ({ kind: 'paper', paper: { key, title: key, themes: [], origin: { kind: 'corpus' } }, parent: { kind: 'group', group: { id: 'g', label: 'g', papers: workListOf([]) } } });

  async function drop(languageId: string, text: string, offset: number, keys: string[]): Promise<vscode.DocumentDropEdit | undefined> {
    const editor = await openUntitled(text, languageId);
    const dataTransfer = new vscode.DataTransfer();
    new PaperDragAndDropController().handleDrag(keys.map(node), dataTransfer);
    const token = new vscode.CancellationTokenSource().token;
    return new CitationDropEditProvider(planDroppedCitation).provideDocumentDropEdits(
      editor.document, editor.document.positionAt(offset), dataTransfer, token);
  }

  it('puts the dragged keys on our mime type and on text/plain', async () => {
    const dataTransfer = new vscode.DataTransfer();
    new PaperDragAndDropController().handleDrag([node('a'), node('b'), node('a')], dataTransfer);
    assert.strictEqual(await dataTransfer.get('text/plain')?.asString(), 'a, b');
    assert.ok(dataTransfer.get('application/vnd.nhs-library.citation-keys+json'));
    assert.strictEqual(dataTransfer.get('text/uri-list'), undefined, 'no file drop to hijack the editor');
  });

  it('drops a pandoc citation into Markdown and a \\cite into LaTeX at the drop point', async () => {
    const markdown = await drop('markdown', 'Text.', 4, ['shapiroLeadershipNHS2011', 'martinCriticalAccountRise2012']);
    assert.strictEqual(markdown?.insertText, '[@shapiroLeadershipNHS2011; @martinCriticalAccountRise2012]');
    assert.strictEqual(markdown?.additionalEdit, undefined);
    const latex = await drop('latex', 'Text.', 4, ['shapiroLeadershipNHS2011']);
    assert.strictEqual(latex?.insertText, '\\cite{shapiroLeadershipNHS2011}');
  });

  it('adds a dropped key to the citation it lands in', async () => {
    const text = 'See [@shapiroLeadershipNHS2011].';
    const edit = await drop('markdown', text, text.indexOf(']'), ['westDevelopingCollectiveLeadership2014']);
    assert.ok(edit);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    if (edit.additionalEdit) await vscode.workspace.applyEdit(edit.additionalEdit);
    else await editor.edit((builder) => builder.insert(editor.document.positionAt(text.indexOf(']')), String(edit.insertText)));
    assert.strictEqual(editor.document.getText(), 'See [@shapiroLeadershipNHS2011; @westDevelopingCollectiveLeadership2014].');
  });

  it('leaves drops that carry no keys to VS Code', async () => {
    const editor = await openUntitled('Text.', 'markdown');
    const dataTransfer = new vscode.DataTransfer();
    dataTransfer.set('text/uri-list', new vscode.DataTransferItem('file:///tmp/a.png'));
    const token = new vscode.CancellationTokenSource().token;
    const edit = await new CitationDropEditProvider(planDroppedCitation).provideDocumentDropEdits(
      editor.document, new vscode.Position(0, 0), dataTransfer, token);
    assert.strictEqual(edit, undefined);
  });
});
