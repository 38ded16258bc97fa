// Diagnostics on unknown citation keys and their quick fixes, through vscode.languages.getDiagnostics and
// vscode.executeCodeActionProvider in a real VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, openUntitled, positionOf, waitFor, withSetting, writeFixture } from './helpers';

const SOURCE = 'NHS Leadership Library';
const CODE = 'unknown-citation-key';
const MARTIN = 'martinCriticalAccountRise2012';

function ourDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === SOURCE && diagnostic.code === CODE);
}

/** Waits until the document's diagnostics flag exactly these keys, in order, and returns them. */
async function waitForFlagged(document: vscode.TextDocument, keys: string[], timeout = 5_000): Promise<vscode.Diagnostic[]> {
  let last: string[] = [];
  try {
    return await waitFor(() => {
      const diagnostics = ourDiagnostics(document.uri);
      last = diagnostics.map((diagnostic) => document.getText(diagnostic.range));
      return JSON.stringify(last) === JSON.stringify(keys) && diagnostics;
    }, { timeout, message: `diagnostics on ${JSON.stringify(keys)}` });
  } catch (error) {
    throw new Error(`${(error as Error).message}; flagged: ${JSON.stringify(last)}`);
  }
}

async function open(name: string, text: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(await writeFixture(`diagnostics/${name}`, text));
  return vscode.window.showTextDocument(document, { preview: false });
}

describe('diagnostics', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('flags an unknown key in Markdown with its exact range, and nothing in e-mail, code or cross-references', async () => {
    const { document } = await open('unknown.md', [
      '---',
      'title: "Diagnostics"',
      '---',
      '',
      `Known [@${MARTIN}; @unknownMarkdownKey2001, p. 4] and in-text @westDevelopingCollectiveLeadership2014.`,
      'Write to someone@unknownEmailDomain.org, or see `@unknownInlineCode` and @fig-plot and @sec-intro.',
      '',
      '```r',
      'x <- "@unknownInFencedCode"',
      '```',
      '',
      '~~~',
      '[@unknownInTildeFence]',
      '~~~',
      '<!-- [@unknownInHtmlComment] -->',
      '',
    ].join('\n'));
    const [diagnostic] = await waitForFlagged(document, ['unknownMarkdownKey2001']);
    const start = positionOf(document, 'unknownMarkdownKey2001');
    assert.ok(diagnostic.range.isEqual(new vscode.Range(start, start.translate(0, 'unknownMarkdownKey2001'.length))));
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /unknownMarkdownKey2001/);
  });

  it('flags an unknown key in LaTeX, and nothing in comments or verbatim, lstlisting and minted environments', async () => {
    const { document } = await open('unknown.tex', [
      '\\documentclass{article}',
      '\\begin{document}',
      `\\parencite[see][p.~2]{${MARTIN},unknownLatexKey1999}`,
      '% \\cite{unknownInComment}',
      'Fifty per cent\\% \\cite{unknownAfterEscapedPercent}',
      '\\begin{verbatim}',
      '\\cite{unknownInVerbatim}',
      '\\end{verbatim}',
      '\\begin{lstlisting}',
      '\\cite{unknownInListing}',
      '\\end{lstlisting}',
      '\\begin{minted}{python}',
      '\\cite{unknownInMinted}',
      '\\end{minted}',
      '\\nocite{*}',
      '\\end{document}',
      '',
    ].join('\n'));
    await waitForFlagged(document, ['unknownLatexKey1999', 'unknownAfterEscapedPercent']);
  });

  it('follows edits after a pause, and a fixed key is no longer flagged', async () => {
    const editor = await open('edits.md', 'Nothing cited yet.\n');
    const { document } = editor;
    await waitForFlagged(document, []);
    const started = Date.now();
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'Now [@typoedKey2020].\n'));
    // Debounced: straight after the keystroke the old diagnostics still stand.
    if (Date.now() - started < 200) assert.deepStrictEqual(ourDiagnostics(document.uri), []);
    const [diagnostic] = await waitForFlagged(document, ['typoedKey2020']);
    await editor.edit((edit) => edit.replace(diagnostic.range, MARTIN));
    await waitForFlagged(document, []);
  });

  it('clears a document\'s diagnostics when it closes', async () => {
    const { document } = await openUntitled('An unknown key [@unknownUntitledKey].\n', 'markdown');
    await waitForFlagged(document, ['unknownUntitledKey']);
    const uri = document.uri;
    await closeAllEditors();
    await waitFor(() => ourDiagnostics(uri).length === 0, { message: 'diagnostics cleared on close' });
  });

  it('nhsLibrary.diagnostics.enabled turns them all off, and back on', async () => {
    const { document } = await open('setting.md', '[@unknownWhileDisabled]\n');
    await waitForFlagged(document, ['unknownWhileDisabled']);
    await withSetting('nhsLibrary.diagnostics.enabled', false, async () => {
      await waitForFlagged(document, []);
    });
    await waitForFlagged(document, ['unknownWhileDisabled']);
  });

  it('re-checks when the library changes: a key becomes known once its bibliography file appears', async () => {
    const { document } = await open('library.md', ['---', 'bibliography: late.bib', '---', '', 'Cited [@addedLater2024].', ''].join('\n'));
    await waitForFlagged(document, ['addedLater2024']);
    await writeFixture('diagnostics/late.bib', '@book{addedLater2024,\n  title = {Added Later},\n  author = {Doe, Jane},\n  year = {2024}\n}\n');
    await waitForFlagged(document, [], 15_000);
  });

  describe('quick fixes', () => {
    async function quickFixes(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider', document.uri, range, vscode.CodeActionKind.QuickFix.value);
      // The actions come back converted, without their diagnostics: ours are known by their titles.
      return (actions ?? []).filter((action): action is vscode.CodeAction => typeof action.command !== 'string' && /^Replace /.test(action.title));
    }

    it('replaces a mistyped key with the closest key, in Markdown', async () => {
      const { document } = await open('fix.md', 'See [@martinCriticalAcountRise2012, p. 3] and more.\n');
      const [diagnostic] = await waitForFlagged(document, ['martinCriticalAcountRise2012']);
      const actions = await quickFixes(document, diagnostic.range);
      const titles = actions.map((action) => action.title);
      assert.ok(titles[0].startsWith(`Replace with ${MARTIN} (`), JSON.stringify(titles));
      assert.ok(actions[0].isPreferred);
      assert.ok(titles.length <= 4, 'up to three replacements and the picker');
      const picker = actions.find((action) => action.command && /work from the NHS Leadership Library/.test(action.title));
      assert.ok(picker, `a quick fix opens the picker: ${JSON.stringify(titles)}`);
      assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
      assert.strictEqual(document.lineAt(0).text, `See [@${MARTIN}, p. 3] and more.`);
      await waitForFlagged(document, []);
    });

    it('replaces a key in a LaTeX list, and offers a work for a shortened key', async () => {
      const { document } = await open('fix.tex', '\\cite{shapiroLeadershipNHS2011,nicol2016}\n');
      const [diagnostic] = await waitForFlagged(document, ['nicol2016']);
      const [first] = await quickFixes(document, diagnostic.range);
      assert.strictEqual(first.title.split(' (')[0], 'Replace with nicolBarriersDoctorsSuccessfully2016');
      assert.ok(await vscode.workspace.applyEdit(first.edit!));
      assert.strictEqual(document.lineAt(0).text, '\\cite{shapiroLeadershipNHS2011,nicolBarriersDoctorsSuccessfully2016}');
    });

    /** Runs a quick fix's command, accepting the picker's highlighted work as soon as the picker shows one. */
    async function runWithPicker(action: vscode.CodeAction): Promise<void> {
      assert.ok(action.command, `${action.title} runs a command`);
      let settled = false;
      const done = vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? [])).then(() => (settled = true));
      // Accepting before the picker lists anything is ignored, so keep trying until the command ends.
      for (let tries = 0; !settled && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        // A multi-select picker highlights no row until asked: highlight the top one.
        await vscode.commands.executeCommand('quickInput.first');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      await done;
    }

    it('replaces a key with the work chosen in the picker, keeping the locator', async () => {
      const { document } = await open('pick.md', 'See [@martinCriticalAcountRise2012, p. 3] and [@other].\n');
      const [diagnostic] = await waitForFlagged(document, ['martinCriticalAcountRise2012', 'other']);
      const picker = (await quickFixes(document, diagnostic.range)).find((action) => action.command);
      assert.ok(picker);
      await runWithPicker(picker);
      assert.strictEqual(document.lineAt(0).text, `See [@${MARTIN}, p. 3] and [@other].`);
    });

    it('replaces a key in a LaTeX list with the work chosen in the picker', async () => {
      const { document } = await open('pick.tex', '\\parencite[p.~2]{westDevelopingCollectiveLeadership2014,martinCriticalAcountRise2012}\n');
      const [diagnostic] = await waitForFlagged(document, ['martinCriticalAcountRise2012']);
      const picker = (await quickFixes(document, diagnostic.range)).find((action) => action.command);
      assert.ok(picker);
      await runWithPicker(picker);
      assert.strictEqual(document.lineAt(0).text, `\\parencite[p.~2]{westDevelopingCollectiveLeadership2014,${MARTIN}}`);
    });

    it('offers no replacement for a key nothing resembles, only the picker', async () => {
      const { document } = await open('nothing.md', '[@qqqqqqqq]\n');
      const [diagnostic] = await waitForFlagged(document, ['qqqqqqqq']);
      const actions = await quickFixes(document, diagnostic.range);
      assert.deepStrictEqual(actions.map((action) => action.title), ['Replace qqqqqqqq with a work from the NHS Leadership Library…']);
    });
  });
});
