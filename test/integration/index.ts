// The mocha entry point VS Code's extension host loads (extensionTestsPath): it runs every compiled *.test.js
// beside it, and rejects when any test fails, a test module fails to load, or no test runs. The same module
// serves the code-server harness (test/harness/runIntegrationTests.mjs) and @vscode/test-electron.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';

/** Set by the code-server harness: see tagReportOutput. */
const reportTag = process.env.NHS_TEST_LOG_TAG;
/** The last tagged line, followed by "passed" or "failed": the runner trusts no exit code without it. */
const REPORT_END = 'nhs-mocha:end:';

export async function run(): Promise<void> {
  let passed = false;
  try {
    const failures = await runMocha().catch((error: unknown) => {
      // A module that failed to load, or no test at all: mocha printed nothing about it, so say why.
      report(error instanceof Error ? (error.stack ?? error.message) : String(error));
      throw error;
    });
    if (failures > 0) {
      const message = `${failures} integration test${failures === 1 ? '' : 's'} failed`;
      report(message);
      throw new Error(message);
    }
    passed = true;
  } finally {
    if (reportTag) console.log(reportTag + REPORT_END + (passed ? 'passed' : 'failed'));
  }
}

function runMocha(): Promise<number> {
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    // The runner says whether its terminal shows colours; the extension host has no terminal to ask.
    color: process.env.NHS_TEST_COLOR === '1',
    // Real editors, hovers and commands: far slower than unit tests, and the first call warms the host up.
    timeout: 20_000,
    slow: 2_000,
    grep: process.env.NHS_TEST_GREP || undefined,
  });
  tagReportOutput();
  const files = findTests(__dirname);
  if (files.length === 0) throw new Error(`no *.test.js files in ${__dirname}: build them with \`node esbuild.js --tests\``);
  for (const file of files) mocha.addFile(file);

  return new Promise<number>((resolve, reject) => {
    try {
      // A module that throws while loading makes mocha.run() throw: that rejects, and fails the run.
      const runner = mocha.run((failures) =>
        runner.total === 0 ? reject(new Error('no test ran: none matched the grep pattern')) : resolve(failures));
    } catch (error) {
      reject(error);
    }
  });
}

/**
 * In code-server the report reaches the runner mixed with the workbench's own log lines; a tag on each of
 * mocha's lines lets the runner print the report alone. (Base.consoleLog is what mocha's reporters write with.)
 */
function tagReportOutput(): void {
  if (!reportTag) return;
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const write = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => write(reportTag + format(...args));
}

function report(message: string): void {
  console.error(reportTag ? reportTag + message : message);
}

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(file);
    return entry.name.endsWith('.test.js') ? [file] : [];
  }).sort();
}
