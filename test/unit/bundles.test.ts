// The bundle split that keeps activation short (issue 8): what only user libraries, searching or writing need is in
// bundles of its own, loaded on first use. One import in the wrong place would pull it back into the main bundle
// without any test failing, so this builds the main bundle and looks at what went into it.
import * as assert from 'assert';
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

async function mainBundleInputs(): Promise<string[]> {
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    write: false,
    metafile: true,
    outfile: 'main.js',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sourceFiles(file) : name.endsWith('.ts') ? [file] : [];
  });
}

describe('the extension bundles', () => {
  it('leave the reader, the bibliography parts, the search engine, the writers and the CSL engine out of the main bundle', async () => {
    const inputs = await mainBundleInputs();
    assert.ok(inputs.includes('src/extension.ts'), 'the build read the main entry');
    for (const lazy of [
      'src/core/bibtex/bibtexReader.ts',
      'src/bibliography/bibliographyManager.ts',
      'src/bibliography/parserClient.ts',
      'src/bibliography/bibliographyWriter.ts',
      'src/core/search/searchIndex.ts',
      'src/core/bibtex/bibtexWriter.ts',
      'src/core/bibtex/latexToUnicode.ts',
      'src/core/formatReference.ts',
    ]) {
      assert.ok(!inputs.includes(lazy), `${lazy} is in the main bundle`);
    }
    assert.deepStrictEqual(inputs.filter((input) => /node_modules\/(fuse\.js|citeproc)\//.test(input)), []);
  });

  it('build every bundle the code loads by name', () => {
    const script = readFileSync(path.join(ROOT, 'esbuild.js'), 'utf8');
    const loaded = sourceFiles(path.join(ROOT, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/lazyBundle<[^>]+>\([^,]+,\s*'(\w+)'\)/g)].map((match) => match[1]));
    assert.ok(loaded.length >= 4, `found ${loaded.join(', ')}`);
    for (const name of loaded) assert.match(script, new RegExp(`\\b${name}: 'src/`), `esbuild.js builds no ${name} bundle`);
  });
});
