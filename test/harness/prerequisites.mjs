// System packages the harness needs from apt. When run as root they are installed; otherwise the error says
// exactly what to install, since nothing else can be done without them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { CHROMIUM_PATH } from './paths.mjs';
import { HarnessError, log } from './log.mjs';

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function debPackageInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Each requirement: the Debian package that provides it, and how to tell it is present without dpkg. */
const REQUIREMENTS = {
  chromium: { deb: 'chromium', present: () => fs.existsSync(CHROMIUM_PATH) },
  // code-server's kerberos module compiles against the MIT Kerberos headers.
  krb5: { deb: 'libkrb5-dev', present: () => debPackageInstalled('libkrb5-dev') || fs.existsSync('/usr/include/krb5.h') },
  // node-gyp builds code-server's native modules.
  compiler: { deb: 'build-essential', present: () => commandExists('make') && commandExists('g++') },
  python: { deb: 'python3', present: () => commandExists('python3') },
};

/**
 * Makes sure the named requirements are met.
 * @param {Array<keyof typeof REQUIREMENTS>} names
 */
export function ensurePrerequisites(names) {
  const missing = names.filter((name) => !REQUIREMENTS[name].present()).map((name) => REQUIREMENTS[name].deb);
  if (missing.length === 0) return;
  const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new HarnessError(
      `missing system packages: ${missing.join(', ')}.\n` +
        `  On Debian or Ubuntu install them with:  sudo sh -c '${command}'\n` +
        (names.includes('chromium') ? '  (or point CHROMIUM_PATH at an existing Chromium or Chrome binary)\n' : ''),
    );
  }
  log(`installing missing system packages: ${missing.join(' ')}`);
  const result = spawnSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new HarnessError(`'${command}' failed with exit code ${result.status}`);
  const stillMissing = names.filter((name) => !REQUIREMENTS[name].present());
  if (stillMissing.length) throw new HarnessError(`still missing after apt-get: ${stillMissing.join(', ')}`);
}
