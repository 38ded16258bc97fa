// Ctrl-C (or a CI job's SIGTERM) must still stop code-server and Chromium: the signal only resolves a promise
// the harness races against, and the harness cleans up and exits on its own.
import { log } from './log.mjs';

/** Resolves on the first SIGINT, SIGTERM or SIGHUP; a second signal runs `forceCleanUp` and exits at once. */
export function onInterrupt(forceCleanUp) {
  let interrupted = false;
  return new Promise((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.on(signal, () => {
        if (interrupted) {
          log(`${signal} again: stopping now`);
          void Promise.resolve(forceCleanUp()).finally(() => process.exit(130));
          return;
        }
        interrupted = true;
        log(`${signal}: stopping`);
        resolve(signal);
      });
    }
  });
}
