// Installs the VS Code the integration tests run in: Node 24 and code-server, pinned, into .vscode-test/.
// Each install is idempotent: it ends by writing a marker file, and a folder without a valid marker is wiped
// and installed again. A lock serialises installs, since several runs may start at once on a shared machine.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import {
  CACHE_DIR, CODE_SERVER_DIR, CODE_SERVER_ENTRY, CODE_SERVER_HOME, CODE_SERVER_VERSION, INSTALL_MARKER,
  NODE_BIN, NODE_DIR, NODE_HOME, NODE_PACKAGE, NODE_VERSION,
} from './paths.mjs';
import { HarnessError, log } from './log.mjs';
import { ensurePrerequisites } from './prerequisites.mjs';
import { cleanNpmEnv, isAlive } from './processes.mjs';

/**
 * Returns the Node 24 binary and code-server's entry script, installing them first when needed.
 * @returns {Promise<{ node: string, entry: string }>}
 */
export async function ensureHost() {
  if (process.platform !== 'linux') {
    throw new HarnessError('the code-server harness supports Linux only; elsewhere use `npm run test:electron`.');
  }
  if (isInstalled(NODE_DIR, nodeMarker()) && isInstalled(CODE_SERVER_DIR, codeServerMarker())) {
    return { node: NODE_BIN, entry: CODE_SERVER_ENTRY };
  }
  await withInstallLock(async () => {
    await ensureNode();
    await ensureCodeServer();
  });
  return { node: NODE_BIN, entry: CODE_SERVER_ENTRY };
}

const nodeMarker = () => ({ package: NODE_PACKAGE, version: NODE_VERSION });
const codeServerMarker = () => ({ package: 'code-server', version: CODE_SERVER_VERSION, node: NODE_VERSION });

function isInstalled(dir, expected) {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, INSTALL_MARKER), 'utf8'));
    return Object.entries(expected).every(([key, value]) => marker[key] === value);
  } catch {
    return false;
  }
}

function writeMarker(dir, marker) {
  fs.writeFileSync(path.join(dir, INSTALL_MARKER), JSON.stringify({ ...marker, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

async function ensureNode() {
  if (isInstalled(NODE_DIR, nodeMarker())) return;
  // A folder installed by hand the same way (no marker) is adopted when its binary runs and has the right version.
  if (nodeVersionAt(NODE_BIN) === `v${NODE_VERSION}`) {
    log(`reusing Node ${NODE_VERSION} found in ${path.relative(process.cwd(), NODE_DIR)}`);
    writeMarker(NODE_DIR, nodeMarker());
    return;
  }
  log(`installing Node ${NODE_VERSION} (npm package ${NODE_PACKAGE}) into ${NODE_DIR}`);
  const started = performance.now();
  resetDir(NODE_DIR, { private: true });
  await runNpm(['install', '--no-audit', '--no-fund', '--save-exact', `${NODE_PACKAGE}@${NODE_VERSION}`], {
    cwd: NODE_DIR, env: cleanNpmEnv(process.env), logFile: path.join(CACHE_DIR, 'node-install.log'),
  });
  if (nodeVersionAt(NODE_BIN) !== `v${NODE_VERSION}`) throw new HarnessError(`Node ${NODE_VERSION} did not install: ${NODE_BIN} does not run`);
  writeMarker(NODE_DIR, nodeMarker());
  log(`Node ${NODE_VERSION} installed in ${seconds(started)}`);
}

function nodeVersionAt(binary) {
  if (!fs.existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

async function ensureCodeServer() {
  if (isInstalled(CODE_SERVER_DIR, codeServerMarker())) return;
  if (codeServerLooksComplete()) {
    log(`reusing code-server ${CODE_SERVER_VERSION} found in ${path.relative(process.cwd(), CODE_SERVER_DIR)}`);
    writeMarker(CODE_SERVER_DIR, codeServerMarker());
    return;
  }
  ensurePrerequisites(['krb5', 'compiler', 'python']);
  log(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR}: this builds native modules and takes ` +
    'about 2-4 minutes and 620 MB, once');
  const started = performance.now();
  // npm 11 runs no dependency install scripts unless allowed, and code-server's postinstall (which installs
  // VS Code's own dependencies) must run. `--allow-scripts` is refused here; the package.json setting works.
  resetDir(CODE_SERVER_DIR, { private: true, allowScripts: { 'code-server': true, argon2: true } });
  const env = cleanNpmEnv(process.env);
  // code-server's postinstall refuses any Node but 24, so npm itself must run on Node 24 (first on PATH), and
  // node-gyp must build against Node 24's headers rather than those npm's own config points at.
  env.PATH = `${path.dirname(NODE_BIN)}${path.delimiter}${env.PATH ?? ''}`;
  env.npm_config_nodedir = NODE_HOME;
  // --foreground-scripts streams the build scripts' output, so progress shows as it happens.
  await runNpm(['install', '--no-audit', '--no-fund', '--foreground-scripts', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: CODE_SERVER_DIR, env, logFile: path.join(CACHE_DIR, 'code-server-install.log'),
  });
  if (!codeServerLooksComplete()) {
    throw new HarnessError(`code-server's install finished but its files are incomplete: see ${path.join(CACHE_DIR, 'code-server-install.log')}`);
  }
  writeMarker(CODE_SERVER_DIR, codeServerMarker());
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds(started)}`);
}

/**
 * Whether an install without our marker completed: npm records the dependency in package.json only at the end
 * of a successful install, and code-server's postinstall ends by installing VS Code's built-in extensions.
 */
function codeServerLooksComplete() {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(CODE_SERVER_DIR, 'package.json'), 'utf8'));
    const installed = JSON.parse(fs.readFileSync(path.join(CODE_SERVER_HOME, 'package.json'), 'utf8'));
    return Boolean(manifest.dependencies?.['code-server']) &&
      installed.version === CODE_SERVER_VERSION &&
      fs.existsSync(CODE_SERVER_ENTRY) &&
      fs.existsSync(path.join(CODE_SERVER_HOME, 'lib', 'vscode', 'node_modules')) &&
      fs.existsSync(path.join(CODE_SERVER_HOME, 'lib', 'vscode', 'bin', 'remote-cli', 'code-server')) &&
      fs.existsSync(path.join(CODE_SERVER_HOME, 'lib', 'vscode', 'extensions', 'node_modules'));
  } catch {
    return false;
  }
}

function resetDir(dir, packageJson) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson) + '\n');
}

/** Runs npm, keeping its full output in a log file and echoing the lines that show progress. */
function runNpm(args, { cwd, env, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const logStream = fs.createWriteStream(logFile);
  const child = spawn('npm', [...args, '--prefix', cwd], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = [];
  let lastProgress = performance.now();
  const onData = (chunk) => {
    logStream.write(chunk);
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 40) tail.shift();
      // Lifecycle scripts ("> pkg@1.2.3 install"), code-server's own steps, npm's summary and errors.
      if (/^> \S+@\S+ \w+$|^Installing|^added \d+|^npm (error|ERR)|^ERROR/.test(line)) {
        log(`  npm: ${line}`);
        lastProgress = performance.now();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const heartbeat = setInterval(() => {
    if (performance.now() - lastProgress > 20_000) {
      log('  npm: still working (compiling native modules)…');
      lastProgress = performance.now();
    }
  }, 5_000);
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new HarnessError(`could not run npm: ${error.message}`)));
    child.on('close', (code) => {
      clearInterval(heartbeat);
      logStream.end();
      if (code === 0) resolve();
      else reject(new HarnessError(`npm ${args.join(' ')} failed (exit ${code}). Last lines:\n${tail.join('\n')}\nFull log: ${logFile}`));
    });
  });
}

/** Holds a lock folder while installing; waits for a live holder, and breaks the lock of a dead one. */
async function withInstallLock(install) {
  const lockDir = path.join(CACHE_DIR, 'install.lock');
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  let waitingSince;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readOrEmpty(path.join(lockDir, 'pid')));
      if (holder && !isAlive(holder)) {
        log(`removing the stale install lock of process ${holder}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (!holder && waitingSince && performance.now() - waitingSince > 10_000) {
        fs.rmSync(lockDir, { recursive: true, force: true }); // a lock folder left without a pid file
        continue;
      }
      if (!waitingSince) log(`another run (process ${holder || '?'}) is installing the test host; waiting for it`);
      waitingSince ??= performance.now();
      await sleep(2_000);
    }
  }
  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });
  process.once('exit', release);
  try {
    await install();
  } finally {
    release();
    process.removeListener('exit', release);
  }
}

function readOrEmpty(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

function seconds(started) {
  return `${Math.round((performance.now() - started) / 1000)} s`;
}

// `node test/harness/installHost.mjs` installs ahead of time (CI warm-up, or to see the install on its own).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { runMain } = await import('./log.mjs');
  await runMain(async () => {
    const host = await ensureHost();
    log(`ready: ${host.node} ${host.entry}`);
  });
}
