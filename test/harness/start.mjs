// `npm start`: builds the extension, then serves VS Code (code-server) on 127.0.0.1 with the extension under
// development, opened on the demo workspace examples/. Open the printed URL in a browser on this machine. The
// bundle is rebuilt on every save (esbuild --watch): run "Developer: Reload Window" in VS Code to load it.
// Stops on Ctrl-C, taking code-server and the watcher with it.
//
// Usage: npm start [-- --port <n>] [-- --no-watch] [-- --no-build]
//   --port      the port to listen on (default 8080, or a free one when 8080 is taken)
//   --no-watch  build once, do not rebuild on save
//   --no-build  serve dist/ as it is (neither build nor watch)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureHost } from './installHost.mjs';
import { createSandbox } from './sandbox.mjs';
import { startCodeServer } from './codeServer.mjs';
import { HarnessError, log, runMain } from './log.mjs';
import { CACHE_DIR, EXAMPLES_WORKSPACE, EXTENSION_DIR, ROOT } from './paths.mjs';
import { onInterrupt } from './interrupt.mjs';

const DEFAULT_PORT = 8080;

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    'no-watch': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

await runMain(async () => {
  const port = await choosePort(options.port);

  const watch = !options['no-watch'] && !options['no-build'];
  if (!options['no-build']) {
    log('building the extension');
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new HarnessError('the build failed: fix the errors above and run `npm start` again');
  } else if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
    throw new HarnessError('dist/extension.js does not exist: run `npm start` without --no-build');
  }

  const host = await ensureHost();
  const resources = [];
  const interrupted = onInterrupt(async () => {
    for (const dispose of resources.splice(0).reverse()) await dispose();
  });
  try {
    // User data (settings, open editors, UI state) persists between starts in .vscode-test/start/; HOME stays
    // the user's own, for the integrated terminal.
    const sandbox = createSandbox({ kind: 'start', keepHome: true, persistentDir: path.join(CACHE_DIR, 'start') });
    resources.push(() => sandbox.dispose());
    const server = await startCodeServer(host, sandbox, { port });
    resources.push(() => server.stop());

    if (watch) {
      const watcher = spawn(process.execPath, ['esbuild.js', '--watch'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
      resources.push(() => watcher.kill());
    }

    const url = server.workbenchUrl({ folder: EXAMPLES_WORKSPACE, extensionDevelopmentPath: EXTENSION_DIR });
    process.stdout.write([
      '',
      `VS Code (code-server) is serving ${EXAMPLES_WORKSPACE} with the extension under development.`,
      'Open this URL in a browser on this machine:',
      '',
      `  ${url}`,
      '',
      `(From another machine, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>.)`,
      watch ? 'Saved changes are rebuilt automatically; run "Developer: Reload Window" to load them.' : '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n') + '\n');

    const ended = await Promise.race([
      interrupted.then(() => 'interrupted'),
      server.exited.then(({ code, signal }) => `code-server exited (${signal ?? code})`),
    ]);
    if (ended !== 'interrupted') throw new HarnessError(`${ended}. Its last output:\n${server.output().split('\n').slice(-20).join('\n')}`);
    return 0;
  } finally {
    for (const dispose of resources.splice(0).reverse()) await dispose();
  }
});

/** An explicit --port must be free; the default falls back to any free port. */
async function choosePort(requested) {
  if (requested !== undefined) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new HarnessError(`--port takes a port number, not '${requested}'`);
    if (!(await isFree(port))) throw new HarnessError(`port ${port} on 127.0.0.1 is in use: choose another with --port`);
    return port;
  }
  if (await isFree(DEFAULT_PORT)) return DEFAULT_PORT;
  log(`port ${DEFAULT_PORT} is in use; using a free port instead`);
  return 0;
}

function isFree(port) {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
