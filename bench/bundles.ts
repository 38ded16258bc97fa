// Bundle sizes: the production bundles, built afresh with esbuild into bench/.data/dist (dist/ may hold a
// development build with source maps, and other work may be using it), from the entries esbuild.js lists.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import * as path from 'path';

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
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries(root),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: false,
    external: ['vscode'],
    outdir,
    logLevel: 'silent',
  });
  return readdirSync(outdir)
    .filter((name) => name.endsWith('.js'))
    .map((name) => ({ file: `dist/${name}`, bytes: statSync(path.join(outdir, name)).size }))
    .sort((a, b) => a.file.localeCompare(b.file));
}

/** Bundles bench/activationProbe.ts (the core modules activation loads) as the extension bundle is built. */
export async function buildActivationProbe(root: string, outfile: string): Promise<void> {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['bench/activationProbe.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    outfile,
    logLevel: 'silent',
  });
}
