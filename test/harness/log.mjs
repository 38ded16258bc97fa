// Progress messages of the harness, on stderr so they never mix with mocha's report on stdout.
import { performance } from 'node:perf_hooks';

const started = performance.now();

export function log(message) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  process.stderr.write(`[harness ${seconds}s] ${message}\n`);
}

/** An error whose message is meant for the user as it stands: printed without a stack trace. */
export class HarnessError extends Error {}

/** Runs `main`, prints a HarnessError plainly and anything else with its stack, and sets the exit code. */
export async function runMain(main) {
  try {
    const code = await main();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (error) {
    if (error instanceof HarnessError) log(`error: ${error.message}`);
    else log(`error: ${error?.stack ?? error}`);
    process.exitCode = 1;
  }
}
