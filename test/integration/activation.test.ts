// The extension activates in a real VS Code, registers every command it declares, and serves its API.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { NhsLibraryApi } from '../../src/extension';
import { activateExtension, extensionManifest } from './helpers';

const CORPUS_KEYS = [
  'shapiroLeadershipNHS2011',
  'nicolBarriersDoctorsSuccessfully2016',
  'nicolsonLeadershipBetterPatient2011',
  'PublicHealthLeadership',
  'colemanLeadershipHealthCommissioning2015',
  'edmonstoneWhitherElephantContinuing2014',
  'martinCriticalAccountRise2012',
  'westDevelopingCollectiveLeadership2014',
  'CoproductiveHealthLeadership',
];

describe('activation', () => {
  let api: NhsLibraryApi;

  before(async () => {
    api = await activateExtension();
  });

  it('activates and returns its API', () => {
    assert.strictEqual(typeof api.papers, 'function');
    assert.strictEqual(typeof api.lookup, 'function');
    assert.strictEqual(typeof api.search, 'function');
  });

  it('registers every command that package.json contributes', async () => {
    const declared = extensionManifest().contributes.commands.map((command) => command.command);
    assert.ok(declared.length > 0, 'package.json declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((command) => !registered.has(command));
    if (missing.length) assert.fail(`declared in package.json but not registered: ${missing.join(', ')}`);
  });

  it('serves the nine works of the bundled corpus', () => {
    const corpusKeys = api.papers().filter((paper) => paper.origin.kind === 'corpus').map((paper) => paper.key);
    assert.deepStrictEqual([...corpusKeys].sort(), [...CORPUS_KEYS].sort());
  });

  it('looks works up by their exact key and finds nothing for an unknown key', () => {
    const paper = api.lookup('martinCriticalAccountRise2012');
    assert.ok(paper, 'martinCriticalAccountRise2012 was not found');
    assert.strictEqual(paper.year, 2012);
    assert.match(paper.title, /rise and spread of 'leadership'/);
    assert.strictEqual(api.lookup('notInAnyLibrary2099'), undefined);
    assert.strictEqual(api.lookup('martincriticalaccountrise2012'), undefined, 'keys are case-sensitive');
  });

  it('ranks the work a query describes first', () => {
    assert.strictEqual(api.search('collective leadership health care')[0]?.key, 'westDevelopingCollectiveLeadership2014');
    assert.strictEqual(api.search('commissioning')[0]?.key, 'colemanLeadershipHealthCommissioning2015');
    assert.ok(api.search('leadership', 3).length <= 3, 'search ignored its limit');
  });
});

describe('keybindings', () => {
  before(async () => {
    await activateExtension();
  });

  it('binds no key that a VS Code default binding (built-in extensions included) already uses', async () => {
    const ours = (extensionManifest().contributes.keybindings ?? []).map((binding) => ({ command: binding.command, key: normaliseKey(binding.key) }));
    assert.ok(ours.length > 0, 'package.json declares no keybinding');

    // The same file "Preferences: Open Default Keyboard Shortcuts (JSON)" shows, for this host's platform.
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document && document.uri.path.endsWith('keybindings.json'), 'the default keybindings did not open');
    const defaults = [...document.getText().matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)]
      .map(([, key, command]) => ({ key: normaliseKey(key), command }))
      .filter((binding) => !binding.command.startsWith('nhsLibrary.'));
    assert.ok(defaults.length > 100, `read only ${defaults.length} default keybindings: the file's format changed?`);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

    for (const binding of ours) {
      // A default chord that starts with our key collides as well: VS Code would wait for its second part.
      const clashes = defaults.filter((other) => other.key === binding.key || other.key.startsWith(binding.key + ' '));
      assert.deepStrictEqual(clashes, [], `${binding.command}'s key ${binding.key} is already bound by default`);
    }
  });
});

/** "shift+alt+Z" and "alt+shift+z" are the same key: lower-case, and modifiers in one order. */
function normaliseKey(key: string): string {
  return key.toLowerCase().split(' ').map((chord) => {
    const parts = chord.split('+');
    const last = parts.pop() ?? '';
    return [...parts.sort(), last].join('+');
  }).join(' ');
}
