// Headless Chromium driven by playwright-core, allowed to talk to 127.0.0.1 only. Its profile lives in the
// sandbox, so nothing of it outlives the run.
import path from 'node:path';
import { CHROMIUM_PATH } from './paths.mjs';

const CHROMIUM_ARGS = [
  '--no-sandbox', // we may run as root, and containers rarely allow the setuid sandbox
  '--disable-gpu',
  '--disable-dev-shm-usage', // containers often give /dev/shm only 64 MB
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @param {ReturnType<import('./sandbox.mjs').createSandbox>} sandbox
 * @param {{ viewport?: { width: number, height: number } }} [options]
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page }>}
 */
export async function launchChromium(sandbox, { viewport = { width: 1400, height: 900 } } = {}) {
  // Playwright keeps its own temporary folders in os.tmpdir(), read when it loads and when it launches: point
  // that at the sandbox first, so a run killed outright leaves nothing that reaping the sandbox misses.
  process.env.TMPDIR = sandbox.env.TMPDIR;
  const { chromium } = await import('playwright-core');
  const context = await chromium.launchPersistentContext(path.join(sandbox.dir, 'chromium-profile'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    env: sandbox.env,
    viewport,
    // Playwright's own handlers would exit the process on Ctrl-C before the harness stops code-server.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // Nothing leaves the machine: the workbench would otherwise try marketplaces, CDNs and telemetry endpoints.
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  return protocol === 'data:' || protocol === 'blob:' || hostname === '127.0.0.1';
}
