// The parse worker and its host-side client, with a real worker thread (the TypeScript source run under tsx).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LoadError, ParserClient } from '../../src/bibliography/parserClient';
import { ParseCache } from '../../src/bibliography/parseCache';
import { WorkerOptions } from '../../src/bibliography/workerProtocol';
import { decodeBibliography } from '../../src/core/bibliography/parseBibliography';

const fixtures = path.join(__dirname, '..', 'fixtures', 'userlib');
const themes = [{ id: 'clinical', keywords: ['clinical leadership', 'nurse'] }];

describe('bibliography parse worker', function () {
  // Starting a worker that compiles TypeScript on the fly takes a moment on a busy machine.
  this.timeout(30_000);
  let dir: string;
  let client: ParserClient;
  let options: WorkerOptions;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhs-bib-'));
    options = { cacheDir: path.join(dir, 'cache'), cacheSalt: 'test', themes };
    client = new ParserClient(path.join(fixtures, 'parseWorker.cjs'), options);
  });

  afterEach(() => {
    client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function copy(name: string): string {
    const file = path.join(dir, name);
    fs.copyFileSync(path.join(fixtures, name), file);
    return file;
  }

  it('reads a .bib file into works placed under themes, and reports the broken entry at its line', async () => {
    const file = copy('small.bib');
    const result = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.deepStrictEqual(result.papers.map((paper) => paper.key), ['nurseLed2020', 'plainBook2019']);
    const [nurse, book] = result.papers;
    assert.strictEqual(nurse.venue, 'Health Service Journal');
    assert.deepStrictEqual(nurse.origin, { kind: 'user', file, line: 3, entryType: 'article' });
    assert.deepStrictEqual(nurse.themes, ['clinical']);
    assert.deepStrictEqual(book.themes, []);
    assert.strictEqual(result.problems.length, 1);
    assert.strictEqual(result.problems[0].line, 11);
    assert.strictEqual(result.problems[0].key, 'broken2021');
    assert.strictEqual(result.fromCache, false);
  });

  it('serves an unchanged file from the cache, and parses again once it changes', async () => {
    const file = copy('small.bib');
    const first = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    // The cache is written just after the reply; give it a moment.
    await waitUntil(() => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.json')));
    const second = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(second.fromCache, true);
    assert.deepStrictEqual(second.papers, first.papers);
    assert.deepStrictEqual(second.problems, first.problems);

    const forced = await client.load({ file, format: 'bibtex', path: file, useCache: false });
    assert.strictEqual(forced.fromCache, false, 'Reload bypasses the cache');

    fs.appendFileSync(file, '\n@misc{added2024, title = {Added}}\n');
    const third = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(third.fromCache, false);
    assert.ok(third.papers.some((paper) => paper.key === 'added2024'));
  });

  it('delivers every work of a file larger than one message', async () => {
    const file = path.join(dir, 'large.bib');
    fs.writeFileSync(file, Array.from({ length: 2500 }, (_, i) => `@misc{k${i}, title = {Work ${i}}}\n`).join(''));
    const result = await client.load({ file, format: 'bibtex', path: file, useCache: false });
    assert.strictEqual(result.papers.length, 2500);
    assert.strictEqual(result.papers[2499].key, 'k2499');
  });

  it('parses bytes the host read itself (a virtual workspace), keyed by the size and time it gives', async () => {
    const bytes = new TextEncoder().encode('@misc{virtual1, title = {Caf{\\\'e}}}\n');
    const result = await client.load({ file: 'vscode-vfs://github/x/refs.bib', format: 'bibtex', bytes, size: bytes.length, mtime: 1, useCache: true });
    assert.strictEqual(result.papers[0].title, 'Café');
    assert.strictEqual(result.papers[0].origin.kind === 'user' && result.papers[0].origin.file, 'vscode-vfs://github/x/refs.bib');
  });

  it('fails with ENOENT for a file that does not exist', async () => {
    const file = path.join(dir, 'gone.bib');
    await assert.rejects(client.load({ file, format: 'bibtex', path: file, useCache: true }),
      (error: unknown) => error instanceof LoadError && error.code === 'ENOENT');
  });

  it('reads the keys of a text or a file, broken entries included', async () => {
    const expected = ['broken2021', 'nurseLed2020', 'plainBook2019'];
    assert.deepStrictEqual([...await client.keys({ text: fs.readFileSync(path.join(fixtures, 'small.bib'), 'utf8') })].sort(), expected);
    assert.deepStrictEqual([...await client.keys({ path: path.join(fixtures, 'small.bib') })].sort(), expected);
  });

  it('rejects what was pending when the worker dies, says so once, and starts a new worker next time', async () => {
    const died: string[] = [];
    const dying = new ParserClient(path.join(fixtures, 'dyingWorker.cjs'), options, (message) => died.push(message));
    try {
      await assert.rejects(dying.load({ file: 'x', format: 'bibtex', path: 'x', useCache: true }), /stopped \(exit code 3\)/);
      assert.strictEqual(died.length, 1);
      await assert.rejects(dying.keys({ text: '@misc{a,}' }), /stopped/);
      assert.strictEqual(died.length, 2);
    } finally {
      dying.dispose();
    }
  });
});

describe('bibliography parse cache', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhs-cache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const key = { file: '/a/refs.bib', size: 10, mtime: 5, salt: 's' };
  const paper = (key: string) => ({ key, title: key.toUpperCase(), themes: [], origin: { kind: 'corpus' as const } });
  const batches = [[paper('a'), paper('b')], [paper('c')]];
  const problems = [{ severity: 'error' as const, message: 'broken', line: 3, column: 1, offset: 20, endOffset: 21 }];

  async function read(cache: ParseCache, at = key) {
    const received: unknown[][] = [];
    const result = await cache.read(at, async (papers) => {
      received.push(papers);
    });
    return { problems: result, received };
  }

  it('hands back what was written, batch by batch, for the same path, size, time and salt only', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, batches, problems);
    assert.deepStrictEqual(await read(cache), { problems, received: batches });
    for (const changed of [{ size: 11 }, { mtime: 6 }, { salt: 't' }, { file: '/a/other.bib' }]) {
      assert.deepStrictEqual(await read(cache, { ...key, ...changed }), { problems: undefined, received: [] }, JSON.stringify(changed));
    }
  });

  it('keeps a file with no works', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, [], []);
    assert.deepStrictEqual(await read(cache), { problems: [], received: [] });
  });

  it('treats a truncated or corrupt cache file as a miss', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, batches, problems);
    const [name] = fs.readdirSync(dir);
    const lines = fs.readFileSync(path.join(dir, name), 'utf8').split('\n');
    const truncated = lines.slice(0, -1);
    const badProblems = [...lines.slice(0, -1), '[{'];
    const badHeader = ['{', ...lines.slice(1)];
    for (const broken of [truncated, badProblems, badHeader].map((parts) => parts.join('\n'))) {
      fs.writeFileSync(path.join(dir, name), broken);
      assert.deepStrictEqual(await read(cache), { problems: undefined, received: [] });
    }
  });

  it('prunes entries unused for the given age', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, batches, problems);
    const [name] = fs.readdirSync(dir);
    const old = new Date(Date.now() - 40 * 86_400_000);
    fs.utimesSync(path.join(dir, name), old, old);
    await cache.prune(30);
    assert.deepStrictEqual(fs.readdirSync(dir), []);
  });
});

describe('decoding bibliography bytes', () => {
  it('reads UTF-8 and drops a byte order mark', () => {
    assert.strictEqual(decodeBibliography(new Uint8Array([0xef, 0xbb, 0xbf, 0x40, 0xc3, 0xa9])), '@é');
  });

  it('falls back to Windows-1252 for bytes that are not UTF-8', () => {
    assert.strictEqual(decodeBibliography(new Uint8Array([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x80])), 'Müller€');
  });
});

async function waitUntil(probe: () => boolean, timeout = 5000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
