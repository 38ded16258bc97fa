// Process bookkeeping for the harness: child environments, whether a process lives, stopping a process group,
// and finding strays.
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The environment of `npm test` carries the project's npm settings (npm_config_*, npm_package_*): drop them. */
export function cleanNpmEnv(env) {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE'));
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** SIGTERM to a whole process group, then SIGKILL to whatever is left of it after `graceMs`. */
export async function stopProcessGroup(pgid, graceMs = 5_000) {
  if (!signalGroup(pgid, 'SIGTERM')) return;
  for (let waited = 0; waited < graceMs; waited += 100) {
    await sleep(100);
    if (!signalGroup(pgid, 0)) return;
  }
  signalGroup(pgid, 'SIGKILL');
}

/** Returns false when no process of the group is left. */
function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/**
 * Kills every process whose environment holds `entry` (e.g. "TMPDIR=/tmp/nhs-vscode-test-x/tmp"): a process that
 * left its group (a daemonised helper, say) still carries the environment it inherited. Linux only.
 */
export function killProcessesWithEnv(entry) {
  let pids;
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return;
  }
  for (const pid of pids) {
    if (pid === process.pid) continue;
    try {
      if (fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(entry)) process.kill(pid, 'SIGKILL');
    } catch {
      // gone already, or not ours to read
    }
  }
}
