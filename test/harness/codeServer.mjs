// Starts code-server (VS Code's server and web workbench) on loopback, in a sandbox, and stops it with every
// process it started. It runs in its own process group so that one signal reaches the extension host too.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HarnessError } from './log.mjs';
import { stopProcessGroup } from './processes.mjs';

const LISTENING = /HTTP server listening on (http:\/\/127\.0\.0\.1:(\d+))\//;

/**
 * @param {{ node: string, entry: string }} host
 * @param {ReturnType<import('./sandbox.mjs').createSandbox>} sandbox
 * @param {{ port?: number, env?: Record<string, string> }} [options]
 *   port 0 (the default) lets the system pick a free one, so parallel runs never race for a port.
 */
export async function startCodeServer(host, sandbox, { port = 0, env = {} } = {}) {
  const args = [
    host.entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', sandbox.userDataDir,
    '--extensions-dir', sandbox.extensionsDir,
    // Without it the workbench ignores the test parameters of the URL and never calls codeAutomationExit.
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  const child = spawn(host.node, args, {
    env: { ...sandbox.env, ...env },
    cwd: sandbox.dir,
    detached: true, // its own process group, so that stop() reaches every process it starts
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = path.join(sandbox.dir, 'code-server.log');
  const logStream = fs.createWriteStream(logFile);
  let output = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    logStream.write(text);
    output = (output + text).slice(-20_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  /** @type {Promise<{ code: number | null, signal: NodeJS.Signals | null }>} */
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new HarnessError(`code-server did not start within 60 s. Its output:\n${output}`)), 60_000);
    const check = () => {
      const match = LISTENING.exec(output);
      if (match) done(match[1]);
    };
    const onExit = ({ code, signal }) => fail(new HarnessError(`code-server exited (${signal ?? code}) before listening. Its output:\n${output}`));
    const done = (value) => {
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      resolve(value);
    };
    const fail = (error) => {
      clearTimeout(timer);
      reject(error);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.on('error', (error) => fail(new HarnessError(`could not start code-server: ${error.message}`)));
    void exited.then(onExit);
    check();
  }).catch(async (error) => {
    await stopProcessGroup(child.pid);
    throw error;
  });

  return {
    /** e.g. http://127.0.0.1:41234 (no trailing slash). */
    url,
    port: Number(new URL(url).port),
    exited,
    logFile,
    output: () => output,
    /**
     * The workbench URL that opens `folder` with our extension under development and, when given, runs the
     * integration tests whose mocha entry point is `testsIndex`. Paths are on the server's file system.
     */
    workbenchUrl({ folder, extensionDevelopmentPath, testsIndex }) {
      const remote = (file) => `vscode-remote://${new URL(url).host}${file}`;
      const payload = [['extensionDevelopmentPath', remote(extensionDevelopmentPath)], ['skipWelcome', 'true']];
      if (testsIndex) payload.push(['extensionTestsPath', remote(testsIndex)]);
      return `${url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    async stop() {
      await stopProcessGroup(child.pid);
      logStream.end();
    },
  };
}
