// Sorts what the workbench passes to window.codeAutomationLog: mocha's report (each line tagged by
// test/integration/index.ts), the extension host's errors and warnings, and the workbench's own chatter.
import { format } from 'node:util';

/** Prepended by index.ts to each line of the report; passed to it through the environment. */
export const REPORT_TAG = '\u2063nhs-mocha\u2063';
/** index.ts's last tagged line, then "passed" or "failed". Must match REPORT_END there. */
const REPORT_END = 'nhs-mocha:end:';

/**
 * Workbench errors and warnings that sessions log and that say nothing about the extension: the GitHub sign-in
 * the workbench waits for, which never comes offline, and its own start-up timings on a busy machine.
 */
const KNOWN_NOISE = [
  /^Timed out waiting for authentication provider 'github' to register/,
  /^Creation of workbench contribution '[^']+' took \d+ms/,
];

/**
 * @param {{ verbose: boolean, write: (line: string) => void }} options
 *   verbose: also print the workbench's info lines, and everything after the report ends.
 */
export function createAutomationLog({ verbose, write }) {
  /** @type {'passed' | 'failed' | undefined} */
  let result;
  let started = false;
  return {
    /**
     * @param {string} type the log level: trace, debug, info, warn or error
     * @param {unknown} args the console call's arguments, format string first
     */
    onLog(type, args) {
      const text = Array.isArray(args) ? format(...args) : String(args);
      if (text.startsWith(REPORT_TAG)) {
        started = true;
        const line = text.slice(REPORT_TAG.length);
        if (line.startsWith(REPORT_END)) result = line.slice(REPORT_END.length) === 'passed' ? 'passed' : 'failed';
        else write(line);
        return;
      }
      // Errors matter while tests run (an activation failure, say); once the report is complete the workbench
      // only logs its own shutdown (cancelled requests and the like).
      if (verbose || (!result && (type === 'error' || type === 'warn') && !KNOWN_NOISE.some((noise) => noise.test(text)))) {
        write(`[vscode ${type}] ${text}`);
      }
    },
    /** Whether any line of the report arrived: the tests have begun. */
    get started() {
      return started;
    },
    /** What index.ts reported at the end of the run; undefined when the run never got that far. */
    get result() {
      return result;
    },
  };
}
