// Runs the integration suites (out/integration/*.test.js) inside a real VS Code: code-server's extension host,
// with its web workbench open in headless Chromium. Streams mocha's report and exits non-zero when a test fails,
// a test module fails to load, the host crashes, or nothing ends within the time limit.
//
// Usage (after `node esbuild.js && node esbuild.js --tests`, which `npm run test:integration` does):
//   node test/harness/runIntegrationTests.mjs [--grep <pattern>] [--timeout <seconds>] [--keep] [--verbose]
//     --grep     run only the tests whose full title matches (a mocha grep)
//     --timeout  fail the run when it has not ended after this long (default 600)
//     --keep     keep the sandbox (workspace copy, user data, code-server.log) and print its path
//     --verbose  also print the workbench's own log lines
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ensureHost } from './installHost.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { createSandbox } from './sandbox.mjs';
import { startCodeServer } from './codeServer.mjs';
import { launchChromium } from './chromium.mjs';
import { REPORT_TAG, createAutomationLog } from './automationLog.mjs';
import { HarnessError, log, runMain } from './log.mjs';
import { pruneStaleTestBundles } from './testBundles.mjs';
import { EXTENSION_DIR, FIXTURE_WORKSPACE, TESTS_INDEX } from './paths.mjs';
import { onInterrupt } from './interrupt.mjs';

const STARTUP_TIMEOUT_S = 180;

const { values: options } = parseArgs({
  options: {
    grep: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    keep: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});

await runMain(async () => {
  if (!fs.existsSync(TESTS_INDEX)) {
    throw new HarnessError(`${path.relative(process.cwd(), TESTS_INDEX)} is missing: run \`npm run test:integration\`, which builds it first.`);
  }
  pruneStaleTestBundles();
  const timeoutMs = Number(options.timeout) * 1000;
  if (!(timeoutMs > 0)) throw new HarnessError(`--timeout takes a number of seconds, not '${options.timeout}'`);

  ensurePrerequisites(['chromium']);
  const host = await ensureHost();

  const resources = [];
  const cleanUp = async () => {
    for (const dispose of resources.splice(0).reverse()) {
      try {
        await dispose();
      } catch (error) {
        log(`cleanup: ${error.message}`);
      }
    }
  };
  const interrupted = onInterrupt(cleanUp);
  try {
    const sandbox = createSandbox({ kind: 'test' });
    if (options.keep) {
      sandbox.keep();
      log(`sandbox kept at ${sandbox.dir}`);
    } else {
      resources.push(() => sandbox.dispose());
    }
    const workspace = sandbox.copyFolder(FIXTURE_WORKSPACE, 'workspace');

    const started = performance.now();
    const server = await startCodeServer(host, sandbox, {
      env: {
        NHS_TEST_GREP: options.grep ?? '',
        NHS_TEST_LOG_TAG: REPORT_TAG,
        NHS_TEST_COLOR: process.stdout.isTTY ? '1' : '0',
      },
    });
    resources.push(() => server.stop());
    log(`code-server ${server.url} is up`);

    const { context, page } = await launchChromium(sandbox);
    resources.push(() => context.close());

    const automationLog = createAutomationLog({ verbose: options.verbose, write: (line) => process.stdout.write(line + '\n') });
    /** @type {(outcome: { code: number, reason?: string }) => void} */
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    // The workbench calls these once it sees the smoke-test driver option: the extension host's console output
    // (mocha's report among it) as it happens, then the exit code when run() has settled.
    await page.exposeFunction('codeAutomationLog', (type, args) => automationLog.onLog(type, args));
    await page.exposeFunction('codeAutomationExit', (code) => {
      // The workbench also calls this when the extension host dies mid-run, with code 0: a run passes only when
      // index.ts reported the end of a passing run too.
      if (automationLog.result === undefined) finish({ code: 1, reason: `the extension host stopped (exit code ${code}) before the tests finished: did it crash?` });
      else if (automationLog.result === 'failed') finish({ code: Number(code) || 1 });
      else finish({ code: Number(code) });
    });
    page.on('crash', () => finish({ code: 1, reason: 'the workbench page crashed' }));
    page.on('pageerror', (error) => options.verbose && log(`page error: ${error.message}`));
    context.on('close', () => finish({ code: 1, reason: 'Chromium went away' }));
    void server.exited.then(({ code, signal }) => finish({ code: 1, reason: `code-server exited (${signal ?? code})` }));
    void interrupted.then((signal) => finish({ code: 130, reason: `interrupted (${signal})` }));
    setTimeout(() => finish({ code: 1, reason: `no result after ${options.timeout} s: a test hangs` }), timeoutMs).unref();
    // The host starts mocha within seconds; a run whose report has not begun by then will not begin at all.
    setTimeout(() => {
      if (!automationLog.started) finish({ code: 1, reason: `the tests had not started after ${STARTUP_TIMEOUT_S} s: the extension host failed to start or to load index.js` });
    }, Math.min(STARTUP_TIMEOUT_S * 1000, timeoutMs)).unref();

    const url = server.workbenchUrl({ folder: workspace, extensionDevelopmentPath: EXTENSION_DIR, testsIndex: TESTS_INDEX });
    page.goto(url).catch((error) => finish({ code: 1, reason: `could not open the workbench: ${error.message}` }));
    const outcome = await finished;

    const took = ((performance.now() - started) / 1000).toFixed(1);
    if (outcome.code === 130) {
      log(outcome.reason);
    } else if (outcome.reason) {
      log(`FAILED: ${outcome.reason}`);
      log(`code-server's last output:\n${server.output().split('\n').slice(-30).join('\n')}`);
    } else {
      log(`${outcome.code === 0 ? 'passed' : `FAILED (extension host exit code ${outcome.code})`} in ${took} s`);
    }
    return outcome.code === 0 ? 0 : outcome.code || 1;
  } finally {
    await cleanUp();
  }
});
