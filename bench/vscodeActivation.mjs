// Activation in a real VS Code: VS Code's own figures for the extension (its Startup Performance view), from fresh
// sessions of code-server, each opening a LaTeX file in a one-file workspace. The extension is the production build
// the benchmark made, packaged as .vscodeignore packages it. Prints one JSON line: the runs, in order.
//   node bench/vscodeActivation.mjs <production dist folder> [runs]
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { ensureHost } from '../test/harness/installHost.mjs';
import { ensurePrerequisites } from '../test/harness/prerequisites.mjs';
import { createSandbox } from '../test/harness/sandbox.mjs';
import { startCodeServer } from '../test/harness/codeServer.mjs';
import { launchChromium } from '../test/harness/chromium.mjs';
import { ROOT } from '../test/harness/paths.mjs';

const DATA = path.join(ROOT, 'bench', '.data');
const SESSION_TIMEOUT_MS = 120_000;
const LATEX_PAPER = [
  '\\documentclass{article}',
  '\\begin{document}',
  'As \\cite{westDevelopingCollectiveLeadership2014} found.',
  '\\end{document}',
  '',
].join('\n');

const [distDir, runsArg = '5'] = process.argv.slice(2);
if (!distDir) throw new Error('usage: node bench/vscodeActivation.mjs <production dist folder> [runs]');

/** The extension as a user would install it: the manifest, resources and media, and the production bundles. */
function packageExtension() {
  const target = path.join(DATA, 'vscode-extension');
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  for (const name of ['package.json', 'resources', 'media']) fs.cpSync(path.join(ROOT, name), path.join(target, name), { recursive: true });
  fs.cpSync(distDir, path.join(target, 'dist'), { recursive: true, filter: (file) => !file.endsWith('.map') });
  return target;
}

async function buildReporter() {
  const outfile = path.join(DATA, 'vscode-report', 'index.js');
  await esbuild.build({
    absWorkingDir: ROOT, entryPoints: ['bench/vscode/activationReport.ts'], bundle: true, format: 'cjs', platform: 'node',
    target: 'node20', external: ['vscode'], outfile, logLevel: 'silent',
  });
  return outfile;
}

/** One fresh session: code-server and a workbench page, closed afterwards. */
async function session(host, extensionDir, reporter) {
  const sandbox = createSandbox({ kind: 'bench' });
  // launchChromium points TMPDIR at the sandbox, which the next session's sandbox must not be made in.
  const tmpDir = process.env.TMPDIR;
  const cleanUp = [() => sandbox.dispose(), () => (tmpDir === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = tmpDir))];
  try {
    const workspace = path.join(sandbox.dir, 'workspace');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'paper.tex'), LATEX_PAPER);
    const out = path.join(sandbox.dir, 'activation.json');
    const server = await startCodeServer(host, sandbox, { env: { NHS_BENCH_OUT: out } });
    cleanUp.unshift(() => server.stop());
    const { context, page } = await launchChromium(sandbox);
    cleanUp.unshift(() => context.close());
    const exited = new Promise((resolve, reject) => {
      void page.exposeFunction('codeAutomationLog', () => undefined);
      void page.exposeFunction('codeAutomationExit', resolve);
      void server.exited.then(() => reject(new Error('code-server exited')));
      setTimeout(() => reject(new Error(`no result after ${SESSION_TIMEOUT_MS / 1000} s`)), SESSION_TIMEOUT_MS).unref();
    });
    await page.goto(server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: extensionDir, testsIndex: reporter }));
    const code = await exited;
    if (!fs.existsSync(out)) throw new Error(`the session ended (exit code ${code}) without a result:\n${server.output().split('\n').slice(-20).join('\n')}`);
    return JSON.parse(fs.readFileSync(out, 'utf8'));
  } finally {
    for (const dispose of cleanUp) {
      try {
        await dispose();
      } catch {
        // Cleaning up a session that failed: its own error says why.
      }
    }
  }
}

ensurePrerequisites(['chromium']);
const host = await ensureHost();
const extensionDir = packageExtension();
const reporter = await buildReporter();
const runs = [];
for (let run = 0; run < Number(runsArg); run++) {
  runs.push(await session(host, extensionDir, reporter));
  process.stderr.write(`VS Code activation ${run + 1}: ${JSON.stringify(runs.at(-1))}\n`);
}
console.log(JSON.stringify({ runs }));
process.exit(0);
