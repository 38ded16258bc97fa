// Citation key completion in a real VS Code, through vscode.executeCompletionItemProvider at each trigger: inside
// the braces of the LaTeX cite family (after `{`, after a comma, with optional arguments, in multicites, across
// lines) and after pandoc's `@` (line start, after a space, `[`, `;`, `-`), never in e-mail addresses, code, comments
// or front matter. Items are in our search's order, with a filter text VS Code cannot fail to match.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { NhsLibraryApi } from '../../src/extension';
import { activateExtension, closeAllEditors, completionsAt, writeFixture } from './helpers';

const COLEMAN = 'colemanLeadershipHealthCommissioning2015';

let file = 0;

/** Opens a new fixture file holding `source` without its ‸ marker, and returns it with the marker's position. */
async function openAt(extension: string, source: string): Promise<{ document: vscode.TextDocument; position: vscode.Position }> {
  const offset = source.indexOf('‸');
  assert.ok(offset >= 0, 'the source marks the cursor with ‸');
  const document = await vscode.workspace.openTextDocument(await writeFixture(`completion/doc${++file}.${extension}`, source.replace('‸', '')));
  await vscode.window.showTextDocument(document, { preview: false });
  return { document, position: document.positionAt(offset) };
}

/** Our items (citation keys are References; the word-based provider offers Text items). */
async function ourCompletions(extension: string, source: string, trigger?: string, resolve = 0) {
  const { document, position } = await openAt(extension, source);
  const items = (await completionsAt(document.uri, position, trigger, resolve)).filter((item) => item.kind === vscode.CompletionItemKind.Reference);
  return { document, position, items };
}

function rangeOf(item: vscode.CompletionItem): { inserting: vscode.Range; replacing: vscode.Range } {
  const range = item.range;
  assert.ok(range && !(range instanceof vscode.Range), 'items carry insert and replace ranges');
  return range;
}

describe('citation completion', function () {
  let api: NhsLibraryApi;
  // User bibliographies join the library as documents declare them, so read it when a test asserts.
  const libraryKeys = () => new Set(api.papers().map((paper) => paper.key));

  before(async () => {
    api = await activateExtension();
  });
  afterEach(closeAllEditors);

  const latexTriggers: [string, string | undefined][] = [
    ['\\cite{‸}', '{'],
    ['\\citep{‸}', '{'],
    ['\\citet*{‸}', '{'],
    ['\\parencite[see][p.~4]{‸}', '{'],
    ['\\textcite{‸}', '{'],
    ['\\autocite{‸}', '{'],
    ['\\footcite{‸}', '{'],
    ['\\Textcite{‸}', '{'],
    ['\\nocite{‸}', '{'],
    ['\\cite{shapiroLeadershipNHS2011,‸}', ','],
    ['\\cite{shapiroLeadershipNHS2011, ‸}', undefined],
    ['\\cites{shapiroLeadershipNHS2011}{‸}', '{'],
    ['\\parencites(see)()[p.~1]{shapiroLeadershipNHS2011}[p.~2]{‸}', '{'],
    ['\\cite{shapiroLeadershipNHS2011,\n  ‸}', undefined],
  ];
  for (const [source, trigger] of latexTriggers) {
    it(`offers every work in ${JSON.stringify(source)}`, async () => {
      const { items } = await ourCompletions('tex', source, trigger);
      assert.deepStrictEqual(new Set(items.map((item) => item.label)), libraryKeys());
    });
  }

  const pandocTriggers: [string, string][] = [
    ['@‸', 'md'],
    ['As @‸ argue', 'md'],
    ['Text [@‸]', 'md'],
    ['Text [see @shapiroLeadershipNHS2011; @‸]', 'md'],
    ['Text [-@‸]', 'qmd'],
    ['---\ntitle: x\n---\n\n- @‸', 'qmd'],
    ['Text [@‸]', 'Rmd'],
  ];
  for (const [source, extension] of pandocTriggers) {
    it(`offers every work after @ in ${JSON.stringify(source)} (.${extension})`, async () => {
      const { items } = await ourCompletions(extension, source, '@');
      assert.deepStrictEqual(new Set(items.map((item) => item.label)), libraryKeys());
    });
  }

  const nowhere: [string, string][] = [
    ['someone@‸', 'md'],
    ['Inline `@‸` code', 'md'],
    ['```\n@‸\n```\n', 'md'],
    ['---\ntitle: "@‸"\n---\n', 'qmd'],
    ['% \\cite{‸}', 'tex'],
    ['\\begin{verbatim}\\cite{‸}\\end{verbatim}', 'tex'],
    ['\\emph{‸}', 'tex'],
    ['See @fig-‸', 'qmd'],
  ];
  for (const [source, extension] of nowhere) {
    it(`offers nothing in ${JSON.stringify(source)} (.${extension})`, async () => {
      const trigger = source[source.indexOf('‸') - 1];
      const { items } = await ourCompletions(extension, source, trigger);
      assert.deepStrictEqual(items.map((item) => item.label), []);
    });
  }

  it('ranks by our search for what is typed, not by key prefix', async () => {
    const expected = api.search('leaderhsip', 100).map((paper) => paper.key);
    const { items } = await ourCompletions('md', 'See [@leaderhsip‸]');
    assert.deepStrictEqual(items.map((item) => item.label), expected);
    const bySortText = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepStrictEqual(bySortText.map((item) => item.label), expected, 'sortText keeps our order');
  });

  it('finds a work by an author late in a long author list, and VS Code keeps it (no 128-character limit)', async () => {
    const { document, items } = await ourCompletions('tex', '\\cite{peckham‸}');
    assert.strictEqual(items[0]?.label, COLEMAN);
    for (const item of items) {
      // VS Code filters with the text from the range's start to the cursor: the item's filterText is exactly that.
      assert.strictEqual(item.filterText, document.getText(rangeOf(item).inserting));
    }
  });

  it('describes each item: key as label, title and authors as detail, an escaped summary as documentation once resolved', async () => {
    const unresolved = (await ourCompletions('md', 'See @coleman‸')).items.find((candidate) => candidate.label === COLEMAN);
    assert.strictEqual(unresolved?.documentation, undefined, 'rendered when VS Code shows the item, not for every item');
    const { items } = await ourCompletions('md', 'See @coleman‸', undefined, 100);
    const item = items.find((candidate) => candidate.label === COLEMAN);
    assert.ok(item, 'the work is offered');
    assert.match(item.detail ?? '', /^Leadership for health commissioning.* — Coleman et al\., 2015$/);
    assert.ok(item.documentation instanceof vscode.MarkdownString);
    assert.match(item.documentation.value, /\*\*Leadership for health commissioning/);
  });

  it('replaces the whole key under the cursor and marks the list incomplete', async () => {
    const { document, position } = await openAt('md', 'See [@shap‸iroXYZ, p. 3]');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
    assert.strictEqual(list.isIncomplete, true);
    const item = list.items.find((candidate) => candidate.kind === vscode.CompletionItemKind.Reference);
    assert.ok(item);
    assert.strictEqual(document.getText(rangeOf(item).replacing), 'shapiroXYZ');
    assert.strictEqual(document.getText(rangeOf(item).inserting), 'shap');
  });

  it('inserts a key that pandoc\'s grammar allows bare as it is, without braces', async () => {
    // Every corpus key is bare; when braces are needed (`@{…}`) is pinned down by the unit tests of pandocKeyText.
    const { items } = await ourCompletions('md', 'See @‸', '@');
    for (const item of items) assert.strictEqual(item.insertText, item.label);
  });
});
