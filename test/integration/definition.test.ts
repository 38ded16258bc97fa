// Go to definition and find references from citation keys, through vscode.executeDefinitionProvider and
// vscode.executeReferenceProvider in a real VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { NhsLibraryApi } from '../../src/extension';
import { activateExtension, closeAllEditors, fixtureUri, positionOf, waitFor, writeFixture } from './helpers';

const MARTIN = 'martinCriticalAccountRise2012';
const VIEW_SCHEME = 'nhs-library';

type Definition = vscode.Location | vscode.LocationLink;

function targetOf(definition: Definition): { uri: vscode.Uri; range: vscode.Range; origin?: vscode.Range } {
  return 'targetUri' in definition
    ? { uri: definition.targetUri, range: definition.targetSelectionRange ?? definition.targetRange, origin: definition.originSelectionRange }
    : { uri: definition.uri, range: definition.range };
}

async function definitionsAt(document: vscode.TextDocument, position: vscode.Position): Promise<Definition[]> {
  return (await vscode.commands.executeCommand<Definition[]>('vscode.executeDefinitionProvider', document.uri, position)) ?? [];
}

async function referencesAt(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location[]> {
  return (await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', document.uri, position)) ?? [];
}

async function open(relativePath: string, text: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(await writeFixture(relativePath, text));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/**
 * "folder/file:line:column" of each location that spans exactly `key`, sorted, for exact comparisons. VS Code's own
 * Markdown extension adds references of its own for `[@key]` as a link label, spanning the `@` too: those are not ours.
 */
async function where(locations: readonly vscode.Location[], key: string): Promise<string[]> {
  const root = vscode.workspace.workspaceFolders![0].uri.path;
  const found: string[] = [];
  for (const location of locations) {
    if ((await vscode.workspace.openTextDocument(location.uri)).getText(location.range) !== key) continue;
    found.push(`${location.uri.path.slice(root.length + 1)}:${location.range.start.line + 1}:${location.range.start.character + 1}`);
  }
  return found.sort();
}

describe('go to definition', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  afterEach(closeAllEditors);

  for (const [name, text] of [
    ['definition/corpus.md', `A critical view [see @${MARTIN}, p. 2].\n`],
    ['definition/corpus.tex', `A critical view \\parencite[p.~2]{westDevelopingCollectiveLeadership2014,${MARTIN}}.\n`],
  ]) {
    it(`goes from a corpus key in ${name.split('.')[1]} to a read-only BibTeX view of the work`, async () => {
      const document = await open(name, text);
      const keyStart = positionOf(document, MARTIN);
      const definitions = await definitionsAt(document, keyStart.translate(0, 4));
      assert.strictEqual(definitions.length, 1);
      const target = targetOf(definitions[0]);
      assert.strictEqual(target.uri.scheme, VIEW_SCHEME);
      assert.ok(target.origin?.isEqual(new vscode.Range(keyStart, keyStart.translate(0, MARTIN.length))), 'the link underlines exactly the key');

      const view = await vscode.workspace.openTextDocument(target.uri);
      assert.match(view.getText(), new RegExp(`^@article\\{${MARTIN},`));
      assert.strictEqual(view.getText(target.range), MARTIN, 'the target selects the key in the entry');
      assert.match(view.getText(), /title\s*=\s*\{/);
      // A view of the library, not a file: typing into its editor changes nothing.
      const before = view.getText();
      await vscode.window.showTextDocument(view);
      await vscode.commands.executeCommand('type', { text: 'x' });
      assert.strictEqual(view.getText(), before);
      assert.strictEqual(view.isDirty, false);
    });
  }

  it('also works with the cursor just after the key, and not beside it', async () => {
    const document = await open('definition/edges.md', `Text [@${MARTIN}; @westDevelopingCollectiveLeadership2014].\n`);
    const end = positionOf(document, MARTIN, MARTIN.length);
    assert.strictEqual((await definitionsAt(document, end)).length, 1);
    assert.strictEqual((await definitionsAt(document, positionOf(document, 'Text'))).length, 0);
    assert.strictEqual((await definitionsAt(document, positionOf(document, '; @', 1))).length, 0);
  });

  it('has no definition for an unknown key', async () => {
    const document = await open('definition/unknown.md', 'Text [@notInAnyLibrary2099].\n');
    assert.strictEqual((await definitionsAt(document, positionOf(document, 'notInAnyLibrary', 3))).length, 0);
  });

  it("goes from a key of the user's .bib file to its entry there", async () => {
    const document = await open('definition/user.md', ['---', 'bibliography: ../refs.bib', '---', '', 'An audit [@localWardAudit2023].', ''].join('\n'));
    // The document declares the fixture's refs.bib; wait until the library has read it.
    await waitFor(() => api.lookup('localWardAudit2023'), { timeout: 15_000, message: 'refs.bib loaded into the library' });
    const definitions = await definitionsAt(document, positionOf(document, 'localWardAudit2023', 2));
    assert.strictEqual(definitions.length, 1);
    const target = targetOf(definitions[0]);
    assert.strictEqual(target.uri.toString(), fixtureUri('refs.bib').toString());
    const bib = await vscode.workspace.openTextDocument(target.uri);
    assert.match(bib.lineAt(target.range.start.line).text, /^@report\{localWardAudit2023,/);
  });
});

describe('find references', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('finds a key in every Markdown, Quarto, R Markdown and LaTeX file, and nowhere excluded', async () => {
    const key = 'referencesOnlyHere2020';
    await writeFixture('references/a.md', `One [@${key}] and two [-@${key}; @other].\n`);
    await writeFixture('references/b.qmd', `---\ntitle: b\n---\n\n@${key} says.\n`);
    await writeFixture('references/c.Rmd', `Text [see @{${key}}, p. 3].\n`);
    await writeFixture('references/d.tex', `\\cite{other,\n  ${key}}\n% \\cite{${key}}\n`);
    await writeFixture('references/e.txt', `[@${key}]\n`);
    await writeFixture('references/node_modules/pkg/readme.md', `[@${key}]\n`);
    await writeFixture('references/f.md', `\`@${key}\` in code is not a citation; neither is me@${key}.org.\n`);
    const document = await vscode.workspace.openTextDocument(fixtureUri('references/a.md'));
    await vscode.window.showTextDocument(document);

    const references = await referencesAt(document, positionOf(document, key, 3));
    assert.deepStrictEqual(await where(references, key), [
      'references/a.md:1:7', 'references/a.md:1:42', 'references/b.qmd:5:2', 'references/c.Rmd:1:13', 'references/d.tex:2:3',
    ].sort());
  });

  it('counts the unsaved text of open documents', async () => {
    const key = 'referencesUnsaved2021';
    const document = await open('references/unsaved.md', `First [@${key}].\n`);
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `Second @${key}.\n`));
    assert.ok(document.isDirty);
    const references = await referencesAt(document, positionOf(document, key, 1));
    assert.deepStrictEqual(await where(references, key), ['references/unsaved.md:1:9', 'references/unsaved.md:2:9']);
  });

  it("finds a corpus key in the fixture papers, but not in a LaTeX comment", async () => {
    const document = await vscode.workspace.openTextDocument(fixtureUri('paper.md'));
    await vscode.window.showTextDocument(document);
    const key = 'nicolBarriersDoctorsSuccessfully2016';
    const files = (await where(await referencesAt(document, positionOf(document, key, 1)), key)).map((location) => location.split(':')[0]);
    assert.ok(files.includes('paper.md'), JSON.stringify(files));
    assert.ok(!files.includes('paper.tex'), `paper.tex cites it only in a comment: ${JSON.stringify(files)}`);
  });
});
