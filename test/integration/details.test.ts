// The paper details panel in a real VS Code: one reused webview, the work's metadata escaped, a strict
// Content-Security-Policy with a nonce, excerpts and missing abstracts labelled, and a panel that comes back after
// being hidden.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { Commands } from '../../src/constants';
import type { NhsLibraryApi } from '../../src/extension';
import { activateExtension, closeAllEditors, openUntitled, waitFor } from './helpers';

/** The tabs of our details panels in every editor group. */
function detailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('nhsLibrary.details'));
}

describe('paper details panel', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  after(closeAllEditors);

  it('opens for a key with the work\'s escaped title, a nonce CSP, and only media/ resources', async () => {
    await vscode.commands.executeCommand(Commands.showPaper, 'martinCriticalAccountRise2012');
    const html = await waitFor(() => api.detailsHtml(), { message: 'the details HTML' });
    assert.ok(html.includes('<h1>A critical account of the rise and spread of &#39;leadership&#39;: the case of UK healthcare</h1>'),
      'the title, its quotes escaped');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1] ?? '';
    const nonce = csp.match(/script-src 'nonce-([^']+)'/)?.[1];
    assert.ok(nonce, `no nonce in the CSP: ${csp}`);
    const [, styleSource, imageSource] = csp.match(/^default-src 'none'; style-src ([^;]+); script-src 'nonce-[^']+'; img-src ([^;]+);$/) ?? [];
    assert.ok(styleSource && styleSource === imageSource && !styleSource.includes('unsafe'), csp);
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`) && /media\/details\.js/.test(scripts[0]), scripts[0]);
    assert.match(html, /<link rel="stylesheet" href="[^"]*media\/details\.css">/);
    await waitFor(() => detailsTabs().length === 1, { message: 'the details tab' });
  });

  it('labels an excerpt as "Excerpt" and our summary as ours', async () => {
    await vscode.commands.executeCommand(Commands.showPaper, 'shapiroLeadershipNHS2011');
    const html = await waitFor(() => api.detailsHtml()?.includes('Leadership in the NHS') && api.detailsHtml(), { message: 'shapiro' });
    assert.ok(html.includes('<h2>Excerpt</h2>'));
    assert.ok(html.includes('<h2>Summary (ours, not the authors&#39;)</h2>'));
  });

  it('says "No abstract available" for nicolsonLeadershipBetterPatient2011', async () => {
    await vscode.commands.executeCommand(Commands.showPaper, 'nicolsonLeadershipBetterPatient2011');
    const html = await waitFor(() => api.detailsHtml()?.includes('Leadership and Better Patient Care') && api.detailsHtml(), { message: 'nicolson' });
    assert.ok(html.includes('No abstract available'));
    assert.ok(html.includes('Paula Nicolson, Emma Rowland'));
  });

  it('reuses one panel for every work', async () => {
    await vscode.commands.executeCommand(Commands.showPaper, 'westDevelopingCollectiveLeadership2014');
    await vscode.commands.executeCommand(Commands.showPaper, 'nicolBarriersDoctorsSuccessfully2016');
    await waitFor(() => api.detailsHtml()?.includes('Barriers to doctors'), { message: 'nicol' });
    await waitFor(() => detailsTabs()[0]?.label === 'Barriers to doctors successfully…', { message: 'the retitled tab' });
    assert.strictEqual(detailsTabs().length, 1);
  });

  it('comes back with the right work after being hidden behind an editor', async () => {
    const tab = detailsTabs()[0];
    assert.ok(tab);
    const column = tab.group.viewColumn;
    await openUntitled('hiding the panel', 'markdown').then((editor) =>
      vscode.window.showTextDocument(editor.document, { viewColumn: column, preview: false }));
    await waitFor(() => !detailsTabs()[0]?.isActive, { message: 'the panel to be hidden' });
    await vscode.commands.executeCommand(Commands.showPaper, 'edmonstoneWhitherElephantContinuing2014');
    await waitFor(() => detailsTabs()[0]?.isActive, { message: 'the panel to be shown again' });
    assert.strictEqual(detailsTabs().length, 1);
    assert.ok(api.detailsHtml()?.includes('Whither the elephant?'));
  });

  it('with no key, offers the library in our search\'s order and shows the work picked', async () => {
    const [newest] = api.search('', 1);
    assert.ok(newest, 'the library has works');
    let settled = false;
    const done = Promise.resolve(vscode.commands.executeCommand(Commands.showPaper)).then(() => (settled = true));
    // Accepting before the picker lists anything is ignored, so keep trying until the command ends.
    for (let tries = 0; !settled && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await done;
    await waitFor(() => api.detailsHtml()?.includes(`data-key="${newest.key}"`), { message: `the details of ${newest.key}, the search's first work` });
  });

  it('inserts from the panel into the document the user was last in, though the panel has focus', async () => {
    await closeAllEditors();
    const editor = await openUntitled('Shared leadership ', 'markdown');
    editor.selection = new vscode.Selection(0, 18, 0, 18);
    await vscode.commands.executeCommand(Commands.showPaper, 'westDevelopingCollectiveLeadership2014');
    await waitFor(() => detailsTabs().length === 1, { message: 'the details tab' });
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await waitFor(() => vscode.window.activeTextEditor === undefined, { message: 'the panel to take focus' });
    // What the panel's Insert Citation button runs, with the key of the work it shows.
    await vscode.commands.executeCommand(Commands.insertPaperCitation, 'westDevelopingCollectiveLeadership2014');
    assert.strictEqual(editor.document.getText(), 'Shared leadership [@westDevelopingCollectiveLeadership2014]');
  });

  it('ignores a key that is in no library', async () => {
    const before = api.detailsHtml();
    await vscode.commands.executeCommand(Commands.showPaper, 'notInAnyLibrary2099');
    assert.strictEqual(api.detailsHtml(), before);
  });
});
