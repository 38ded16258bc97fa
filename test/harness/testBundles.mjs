// esbuild never empties out/integration/, so a suite deleted or renamed in test/integration/ would live on as a
// stale bundle that index.js still runs. The runners delete such orphans before each run.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.mjs';
import { log } from './log.mjs';

const SOURCES = path.join(ROOT, 'test', 'integration');
const BUNDLES = path.join(ROOT, 'out', 'integration');

export function pruneStaleTestBundles() {
  if (!fs.existsSync(BUNDLES)) return;
  for (const entry of fs.readdirSync(BUNDLES, { recursive: true, withFileTypes: true })) {
    const match = /^(.*\.test)\.js(\.map)?$/.exec(entry.name);
    if (!entry.isFile() || !match) continue;
    const relativeDir = path.relative(BUNDLES, entry.parentPath ?? entry.path);
    if (fs.existsSync(path.join(SOURCES, relativeDir, `${match[1]}.ts`))) continue;
    fs.rmSync(path.join(entry.parentPath ?? entry.path, entry.name), { force: true });
    if (!match[2]) log(`removed ${path.join('out', 'integration', relativeDir, entry.name)}: its source is gone`);
  }
}
