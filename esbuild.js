// Builds the extension bundles, and (with --tests) the integration test modules that run inside VS Code.
// Usage: node esbuild.js [--production] [--watch] [--tests]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/** Prints errors in the form the `$esbuild-watch` problem matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const shared = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  external: ['vscode'],
  logLevel: 'silent',
  plugins: [problemMatcherPlugin],
};

/** Every bundle the extension loads at run time: the main entry, the parse worker, lazily loaded parts. */
const extensionEntries = {
  extension: 'src/extension.ts',
};
for (const [name, file] of Object.entries({
  parseWorker: 'src/bibliography/parseWorker.ts',
  bibliographies: 'src/bibliography/registerBibliographies.ts',
  referenceFormatter: 'src/core/formatReference.ts',
  searchEngine: 'src/core/search/searchEngine.ts',
  writers: 'src/core/writers.ts',
})) {
  if (fs.existsSync(file)) extensionEntries[name] = file;
}

function integrationTestEntries() {
  const dir = 'test/integration';
  const entries = {};
  const walk = (sub) => {
    for (const name of fs.readdirSync(path.join(dir, sub))) {
      const rel = path.join(sub, name);
      if (fs.statSync(path.join(dir, rel)).isDirectory()) walk(rel);
      else if (name === 'index.ts' || name.endsWith('.test.ts')) entries[rel.replace(/\.ts$/, '')] = path.join(dir, rel);
    }
  };
  walk('');
  return entries;
}

async function main() {
  const builds = [{ ...shared, entryPoints: extensionEntries, outdir: 'dist' }];
  if (tests) {
    // mocha is loaded from node_modules at run time so the host and the test share one instance.
    builds.push({ ...shared, minify: false, sourcemap: true, external: ['vscode', 'mocha'],
      entryPoints: integrationTestEntries(), outdir: 'out/integration' });
  }
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
  } else {
    try {
      for (const context of contexts) {
        const result = await context.rebuild();
        if (result.errors.length) process.exitCode = 1;
      }
    } catch {
      process.exitCode = 1;
    }
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
