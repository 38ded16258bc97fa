// A throw-away home for one VS Code session: user data, extensions, temp files and XDG folders all live in one
// temporary folder, so a run neither reads nor leaves anything in the user's home, and two runs never collide.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_USER_SETTINGS } from './vscodeSettings.mjs';
import { cleanNpmEnv, isAlive, killProcessesWithEnv } from './processes.mjs';

const PREFIX = 'nhs-vscode-';
const OWNER_FILE = 'owner.pid';
const KEPT_FILE = 'kept';

/**
 * @param {{ kind: string, settings?: Record<string, unknown>, keepHome?: boolean, persistentDir?: string }} options
 *   kind: part of the folder's name (test, shots, start…), to tell sandboxes apart.
 *   keepHome: leave HOME as it is (for `npm start`, where a person uses the terminal).
 *   persistentDir: keep user data and extensions there instead, across sessions; the user settings are
 *   written only when that folder has none yet, so a person's changes survive.
 */
export function createSandbox({ kind, settings = {}, keepHome = false, persistentDir }) {
  reapAbandonedSandboxes();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${kind}-`));
  fs.writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  const sub = (name, parent = dir) => {
    const folder = path.join(parent, name);
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    return folder;
  };
  const userDataDir = sub('user-data', persistentDir);
  const extensionsDir = sub('extensions', persistentDir);
  const settingsFile = path.join(sub('User', userDataDir), 'settings.json');
  if (!persistentDir || !fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...TEST_USER_SETTINGS, ...settings }, null, 2) + '\n');
  }

  const env = Object.fromEntries(Object.entries(cleanNpmEnv(process.env))
    // Variables of a VS Code whose terminal started us would point the new one at the old one's sockets.
    .filter(([key]) => !key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE'));
  Object.assign(env, {
    TMPDIR: sub('tmp'),
    XDG_CONFIG_HOME: sub('xdg/config'),
    XDG_DATA_HOME: sub('xdg/data'),
    XDG_CACHE_HOME: sub('xdg/cache'),
    XDG_STATE_HOME: sub('xdg/state'),
    XDG_RUNTIME_DIR: sub('xdg/runtime'),
    // No marketplace: nothing is fetched, and no extension but ours gets installed.
    EXTENSIONS_GALLERY: '{}',
  });
  if (!keepHome) env.HOME = sub('home');

  return {
    dir,
    userDataDir,
    extensionsDir,
    env,
    /** Copies a folder into the sandbox (tests may change it) and returns the copy's path. */
    copyFolder(source, name = path.basename(source)) {
      const target = path.join(dir, name);
      fs.cpSync(source, target, { recursive: true });
      return target;
    },
    /** Kills any process still running with this sandbox's environment, then deletes the folder. */
    dispose() {
      killProcessesWithEnv(`TMPDIR=${env.TMPDIR}`);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    },
    /** Keeps the folder for a person to look at: later runs will not reap it. */
    keep() {
      fs.writeFileSync(path.join(dir, KEPT_FILE), '');
    },
  };
}

/**
 * Cleans up after runs that could not clean up themselves (killed with SIGKILL, say): a sandbox whose owner
 * process is gone has its processes killed and its folder deleted. Sandboxes of live runs are left alone.
 */
function reapAbandonedSandboxes() {
  let names;
  try {
    names = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = path.join(os.tmpdir(), name);
    try {
      if (fs.existsSync(path.join(dir, KEPT_FILE))) continue;
      const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
      if (!owner || isAlive(owner)) continue;
      killProcessesWithEnv(`TMPDIR=${path.join(dir, 'tmp')}`);
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // another run is reaping it, or it is not ours
    }
  }
}
