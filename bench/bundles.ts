// Bundle sizes: the production bundles, built afresh with esbuild into bench/.data/dist (dist/ may hold a
// development build with source maps, and other work may be using it), from the entries esbuild.js lists; and the
// benchmark's probes, bundled the same way so what they time runs as the extension's code does.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import * as path from 'path';

/** As esbuild.js builds the extension for production. */
const BUILD_OPTIONS: esbuild.BuildOptions = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'silent',
};

export interface BundleFigures {
  file: string;
  bytes: number;
}

/** The entry points esbuild.js declares (`name: 'src/....ts'`) that exist. */
function entries(root: string): Record<string, string> {
  const script = readFileSync(path.join(root, 'esbuild.js'), 'utf8');
  const result: Record<string, string> = {};
  for (const match of script.matchAll(/(\w+):\s*'(src\/[^']+\.ts)'/g)) {
    if (existsSync(path.join(root, match[2]))) result[match[1]] = match[2];
  }
  return result;
}

export async function benchBundles(root: string, outdir: string): Promise<BundleFigures[]> {
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({ ...BUILD_OPTIONS, absWorkingDir: root, entryPoints: entries(root), sourcemap: false, external: ['vscode'], outdir });
  return readdirSync(outdir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ file: `dist/${name}`, bytes: statSync(path.join(outdir, name)).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Bundles bench/activationProbe.ts (the core modules activation loads) as the extension bundle is built. */
export async function buildActivationProbe(root: string, outfile: string): Promise<void> {
  await esbuild.build({ ...BUILD_OPTIONS, absWorkingDir: root, entryPoints: ['bench/activationProbe.ts'], outfile });
}

/**
 * Bundles bench/startup.ts, the start-up measurements, minified like the extension, for a plain `node` to run. Run
 * under tsx instead, its loader hooks also load into every worker thread the process starts: the parse worker then
 * took ~110 ms to answer its first message, against ~35 ms in plain Node (and in the extension host).
 */
export async function buildStartupProbe(root: string, outfile: string): Promise<void> {
  await esbuild.build({
    ...BUILD_OPTIONS,
    absWorkingDir: root,
    entryPoints: ['bench/startup.ts'],
    outfile,
    // The bundle lives elsewhere, and finds the repository's files from where startup.ts is.
    define: { __dirname: JSON.stringify(path.join(root, 'bench')) },
    // Only the `rounds` mode (run from the command line) bundles the extension; the probe's own modes never do.
    external: ['esbuild'],
  });
}

