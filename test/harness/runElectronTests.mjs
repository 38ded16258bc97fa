// Runs the same integration suites (out/integration) in desktop VS Code through @vscode/test-electron, for
// contributors whose machines can download VS Code (from update.code.visualstudio.com, cached in .vscode-test/).
// Not used by CI: where that download is blocked, `npm run test:integration` runs the suites in code-server.
//
// Usage (after `node esbuild.js && node esbuild.js --tests`, which `npm run test:electron` does):
//   node test/harness/runElectronTests.mjs [--grep <pattern>] [--vscode-version <version>]
//     --vscode-version  which VS Code to download (default: the one code-server ships, so both runs agree;
//                       "stable" or "insiders" also work)
// On Linux without a display, run it under Xvfb: xvfb-run -a npm run test:electron
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTests } from '@vscode/test-electron';
import { createSandbox } from './sandbox.mjs';
import { HarnessError, log, runMain } from './log.mjs';
import { pruneStaleTestBundles } from './testBundles.mjs';
import { CACHE_DIR, CODE_SERVER_VERSION, EXTENSION_DIR, FIXTURE_WORKSPACE, TESTS_INDEX } from './paths.mjs';

/** code-server 4.x.y ships VS Code 1.x.y. */
const MATCHING_VSCODE_VERSION = CODE_SERVER_VERSION.replace(/^4\./, '1.');

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    'vscode-version': { type: 'string', default: MATCHING_VSCODE_VERSION },
  },
});

await runMain(async () => {
  if (!fs.existsSync(TESTS_INDEX)) {
    throw new HarnessError(`${path.relative(process.cwd(), TESTS_INDEX)} is missing: run \`npm run test:electron\`, which builds it first.`);
  }
  pruneStaleTestBundles();
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('warning: no display: desktop VS Code needs one. Run this under Xvfb: xvfb-run -a npm run test:electron');
  }
  const sandbox = createSandbox({ kind: 'electron' });
  try {
    const workspace = sandbox.copyFolder(FIXTURE_WORKSPACE, 'workspace');
    const launchArgs = [
      workspace,
      '--user-data-dir', sandbox.userDataDir,
      '--extensions-dir', sandbox.extensionsDir,
      '--disable-extensions', // other installed extensions; ours, under development, still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ];
    // Chromium refuses to run as root with its sandbox on.
    if (process.getuid?.() === 0) launchArgs.push('--no-sandbox');
    try {
      return await runTests({
        version: options['vscode-version'],
        cachePath: CACHE_DIR,
        extensionDevelopmentPath: EXTENSION_DIR,
        extensionTestsPath: TESTS_INDEX,
        extensionTestsEnv: { NHS_TEST_GREP: options.grep ?? '', NHS_TEST_COLOR: process.stdout.isTTY ? '1' : '0' },
        launchArgs,
      });
    } catch (error) {
      if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|getaddrinfo|Failed to get JSON/i.test(String(error?.message ?? error))) {
        throw new HarnessError(
          `could not download VS Code ${options['vscode-version']} (${error.message}).\n` +
          '  test:electron needs access to update.code.visualstudio.com. Without it, run the same suites in ' +
          'code-server with `npm run test:integration`.');
      }
      if (error?.code !== undefined || error?.signal !== undefined) return typeof error.code === 'number' && error.code !== 0 ? error.code : 1;
      throw error;
    }
  } finally {
    sandbox.dispose();
  }
});
