// The parse worker and its host-side client, with a real worker thread (the TypeScript source run under tsx).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { LoadError, ParserClient } from '../../src/bibliography/parserClient';
import { ParseCache } from '../../src/bibliography/parseCache';
import { loadInProcess } from '../../src/bibliography/parseWorker';
import { isAloneInSharedMemory } from '../../src/bibliography/sharedMemory';
import { WorkerOptions, WorkerReply, WorkerRequest } from '../../src/bibliography/workerProtocol';
import { decodeWorks, PackedWorks, packWorks, SharedStrings } from '../../src/bibliography/worksCodec';
import { decodeBibliography } from '../../src/core/bibliography/parseBibliography';
import { Paper } from '../../src/core/model';
import { referenceOrder } from '../../src/core/referenceOrder';
import { PaperSearch } from '../../src/core/search/paperSearch';
import { workHash } from '../../src/core/search/workHashes';
import { JoinedWorkList, papersOf, workListOf } from '../../src/core/workList';

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

  afterEach(async () => {
    // A test's load may leave the worker writing its cache: the folder is removed once the worker has ended.
    await client.dispose();
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
    assert.deepStrictEqual(papersOf(result.works).map((paper) => paper.key), ['nurseLed2020', 'plainBook2019']);
    const [nurse, book] = papersOf(result.works);
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
    await waitUntil(() => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.works')));
    const second = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(second.fromCache, true);
    assert.deepStrictEqual(papersOf(second.works), papersOf(first.works));
    assert.deepStrictEqual(second.problems, first.problems);

    const forced = await client.load({ file, format: 'bibtex', path: file, useCache: false });
    assert.strictEqual(forced.fromCache, false, 'Reload bypasses the cache');

    fs.appendFileSync(file, '\n@misc{added2024, title = {Added}}\n');
    const third = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(third.fromCache, false);
    assert.ok(papersOf(third.works).some((paper) => paper.key === 'added2024'));
  });

  it('loads on the calling thread when no worker can be started, from a parse and then from the cache', async () => {
    const file = copy('small.bib');
    const viaWorker = await client.load({ file, format: 'bibtex', path: file, useCache: false });
    const inProcessOptions = { ...options, cacheDir: path.join(dir, 'in-process-cache') };
    const request = { type: 'load' as const, id: 1, file, format: 'bibtex' as const, path: file, useCache: true };
    const parsed = await loadInProcess(request, inProcessOptions);
    assert.strictEqual(parsed.fromCache, false);
    assert.deepStrictEqual(parsed.papers, papersOf(viaWorker.works));
    assert.deepStrictEqual(parsed.problems, viaWorker.problems);
    await waitUntil(() => fs.existsSync(inProcessOptions.cacheDir) && fs.readdirSync(inProcessOptions.cacheDir).some((name) => name.endsWith('.works')));
    const cached = await loadInProcess(request, inProcessOptions);
    assert.strictEqual(cached.fromCache, true);
    assert.deepStrictEqual(cached.papers, papersOf(viaWorker.works));
  });

  it("runs below the host's priority on Linux, lowering its own thread and no other", async function () {
    const hostNice = os.getPriority();
    // The nice value is per thread on Linux alone; and a process already at or below the worker's has nothing to lower.
    if (process.platform !== 'linux' || hostNice >= os.constants.priority.PRIORITY_BELOW_NORMAL) this.skip();
    const before = threadNices();
    const file = copy('small.bib');
    await client.load({ file, format: 'bibtex', path: file, useCache: false });
    const after = threadNices();
    assert.strictEqual(after.get(process.pid), hostNice, "the host's main thread keeps its priority");
    for (const [thread, nice] of before) {
      if (after.has(thread)) assert.strictEqual(after.get(thread), nice, `thread ${thread} was not the worker's`);
    }
    // The worker's thread, and any thread it started (a thread inherits its creator's nice value).
    const lowered = [...after].filter(([thread, nice]) => !before.has(thread) && nice === os.constants.priority.PRIORITY_BELOW_NORMAL);
    assert.ok(lowered.length >= 1, `a new thread below normal priority: ${JSON.stringify([...after])}`);
  });

  it('parses the file again when its cache entry does not decode', async () => {
    const file = copy('small.bib');
    const first = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    await waitUntil(() => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.works')));
    const [name] = fs.readdirSync(options.cacheDir!).filter((entry) => entry.endsWith('.works'));
    const cached = fs.readFileSync(path.join(options.cacheDir!, name));
    // Same length and header, garbage where the works were: only decoding can tell.
    const newline = cached.indexOf(10);
    cached.fill(0xff, newline + 1, newline + 40);
    fs.writeFileSync(path.join(options.cacheDir!, name), cached);
    const second = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(second.fromCache, false);
    assert.deepStrictEqual(papersOf(second.works), papersOf(first.works));
  });

  it('delivers every work of a file larger than one batch, with its key index and work hashes made while decoding', async () => {
    const file = path.join(dir, 'large.bib');
    fs.writeFileSync(file, Array.from({ length: 2500 }, (_, i) => `@misc{k${i}, title = {Work ${i}}}\n`).join(''));
    const result = await client.load({ file, format: 'bibtex', path: file, useCache: false });
    assert.strictEqual(result.works.length, 2500);
    assert.strictEqual(result.works.keyAt(2499), 'k2499');
    // What the library would otherwise make over every work on the main thread.
    const keys = result.keys;
    assert.ok(keys, 'a key index with the works');
    assert.strictEqual(keys.works, result.works);
    assert.strictEqual(keys.size, 2500);
    assert.strictEqual(keys.get('k1234'), result.works.at(1234));
    assert.deepStrictEqual([...result.hashes!], papersOf(result.works).map(workHash));
  });

  it('sorts the works into reference-list order where it parses them, and keeps that order in its cache', async () => {
    const file = path.join(dir, 'sorted.bib');
    const families = ['Zhou', 'Ádams', 'smith', 'Adams', 'Østergaard'];
    fs.writeFileSync(file, Array.from({ length: 1500 }, (_, i) =>
      `@article{k${i}, author = {${families[i % 5]}, A.}, title = {Work ${(i * 37) % 101}}, year = ${1990 + (i % 7)}}\n`).join(''));
    const parsed = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.deepStrictEqual([...parsed.order!], [...referenceOrder(parsed.works)]);
    await waitUntil(() => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.works')));
    const cached = await client.load({ file, format: 'bibtex', path: file, useCache: true });
    assert.strictEqual(cached.fromCache, true);
    assert.deepStrictEqual([...cached.order!], [...parsed.order!]);
    const inProcessOptions = { ...options, cacheDir: path.join(dir, 'in-process-cache') };
    const inProcess = await loadInProcess({ type: 'load', id: 1, file, format: 'bibtex', path: file, useCache: false }, inProcessOptions);
    assert.deepStrictEqual([...inProcess.order!], [...parsed.order!]);
    // Its cache is written just after; the folder is removed once the test ends, so the write must be over by then.
    await waitUntil(() => fs.existsSync(inProcessOptions.cacheDir) && fs.readdirSync(inProcessOptions.cacheDir).some((name) => name.endsWith('.works')));
  });

  it('builds the search index of a library made of the works it loaded and a few others, from a parse or its cache', async () => {
    const file = path.join(dir, 'large.bib');
    fs.writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `@misc{k${i}, title = {Work number ${i} on ${i % 2 ? 'governance' : 'staffing'}}, year = {${2000 + (i % 20)}}}\n`).join(''));
    const corpusWork: Paper = { key: 'corpus1', title: 'Clinical leadership', themes: ['clinical'], origin: { kind: 'corpus' } };
    const themes = [{ id: 'clinical', label: 'Clinical leadership', description: '', keywords: [] }];
    for (const useCache of [false, true]) {
      const loaded = await client.load({ file, format: 'bibtex', path: file, useCache });
      assert.strictEqual(loaded.fromCache, useCache);
      const corpusList = workListOf([corpusWork]);
      const library = new JoinedWorkList([{ list: corpusList, from: 0, count: 1 }, { list: loaded.works, from: 1, count: loaded.works.length - 1 }]);
      const snapshot = await client.buildIndex(library, themes, { isCancellationRequested: false });
      assert.ok(snapshot, 'an index of the library');
      assert.ok(snapshot.headPostings.buffer instanceof SharedArrayBuffer && snapshot.words.buffer instanceof SharedArrayBuffer, 'its arrays in shared memory');
      const search = PaperSearch.fromSnapshot(library, themes, snapshot);
      assert.ok(search, 'a snapshot of these very works');
      assert.strictEqual(search.search('work number 2999')[0]?.key, 'k2999');
      assert.strictEqual(search.search('clinical')[0]?.key, 'corpus1');
      // As the library usually joins them: the corpus, then the load's works as they came.
      const joined = new JoinedWorkList([{ list: corpusList, from: 0, count: 1 }, { list: loaded.works, from: 0, count: loaded.works.length }]);
      const joinedSnapshot = await client.buildIndex(joined, themes, { isCancellationRequested: false });
      const joinedSearch = joinedSnapshot && PaperSearch.fromSnapshot(joined, themes, joinedSnapshot);
      assert.ok(joinedSearch, 'a snapshot of the joined works');
      assert.strictEqual(joinedSearch.search('work number 0')[0]?.key, 'k0');
      assert.strictEqual(joinedSearch.search('clinical')[0]?.key, 'corpus1');
      await waitUntil(() => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.works')));
    }
    const strangers = Array.from({ length: 3000 }, (_, i): Paper => ({ ...corpusWork, key: `other${i}` }));
    assert.strictEqual(await client.buildIndex(workListOf(strangers), themes, { isCancellationRequested: false }), undefined, 'not a library the worker read');
  });

  it('writes its parse cache only once the host says it has decoded the works, not while it decodes them', async () => {
    const file = copy('small.bib');
    const worker = new Worker(path.join(fixtures, 'parseWorker.cjs'), { workerData: options });
    try {
      const replies: WorkerReply[] = [];
      worker.on('message', (reply: WorkerReply) => replies.push(reply));
      const cacheWritten = () => fs.existsSync(options.cacheDir!) && fs.readdirSync(options.cacheDir!).some((name) => name.endsWith('.works'));
      worker.postMessage({ type: 'load', id: 7, file, format: 'bibtex', path: file, useCache: true } satisfies WorkerRequest);
      await waitUntil(() => replies.some((reply) => reply.type === 'done'));
      assert.deepStrictEqual(replies.map((reply) => reply.type), ['works', 'done']);
      // Long enough for a write the worker started by itself to land (the earlier worker wrote it at once).
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.strictEqual(cacheWritten(), false, 'nothing written while the host may still be decoding');
      worker.postMessage({ type: 'decoded', id: 7 } satisfies WorkerRequest);
      await waitUntil(cacheWritten);
    } finally {
      await worker.terminate();
    }
  });

  it('parses bytes the host read itself (a virtual workspace), keyed by the size and time it gives', async () => {
    const bytes = new TextEncoder().encode('@misc{virtual1, title = {Caf{\\\'e}}}\n');
    const result = await client.load({ file: 'vscode-vfs://github/x/refs.bib', format: 'bibtex', bytes, size: bytes.length, mtime: 1, useCache: true });
    const [work] = papersOf(result.works);
    assert.strictEqual(work.title, 'Café');
    assert.strictEqual(work.origin.kind === 'user' && work.origin.file, 'vscode-vfs://github/x/refs.bib');
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
  const works = [paper('a'), paper('b'), paper('c')];
  const problems = [{ severity: 'error' as const, message: 'broken', line: 3, column: 1, offset: 20, endOffset: 21 }];

  async function read(cache: ParseCache, at = key) {
    const pieces: PackedWorks[] = [];
    const cached = await cache.read(at, (piece) => pieces.push(piece));
    return cached && { ...cached, works: decodeWorks(...pieces) };
  }

  it('hands back what was written, for the same path, size, time and salt only', async () => {
    const cache = new ParseCache(dir);
    const strings = new SharedStrings();
    const order = Uint32Array.of(2, 0, 1);
    await cache.write(key, [packWorks(works.slice(0, 2), 1, strings), packWorks(works.slice(2), undefined, strings)], { problems, order });
    assert.deepStrictEqual(await read(cache), { problems, order, works });
    for (const changed of [{ size: 11 }, { mtime: 6 }, { salt: 't' }, { file: '/a/other.bib' }]) {
      assert.strictEqual(await read(cache, { ...key, ...changed }), undefined, JSON.stringify(changed));
    }
  });

  it('hands the works on in pieces, each alone in shared memory, so the worker posts them as they are', async () => {
    const many = Array.from({ length: 50 }, (_, i) => paper(`k${i}`));
    const cache = new ParseCache(dir, 1);
    await cache.write(key, [packWorks(many, 7)], { problems });
    const pieces: PackedWorks[] = [];
    const cached = await cache.read(key, (piece) => {
      assert.ok(isAloneInSharedMemory(piece.bytes), 'a whole SharedArrayBuffer');
      pieces.push(piece);
    });
    assert.deepStrictEqual(cached, { problems, order: undefined });
    assert.strictEqual(pieces.length, 8);
    assert.deepStrictEqual(decodeWorks(...pieces), many);
  });

  it('keeps a file with no works', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, [], { problems: [] });
    assert.deepStrictEqual(await read(cache), { problems: [], order: undefined, works: [] });
  });

  it('treats a truncated or corrupt cache file, or one of an older format, as a miss', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, [packWorks(works, 2)], { problems, order: Uint32Array.of(0, 1, 2) });
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name);
    const bytes = fs.readFileSync(file);
    const newline = bytes.indexOf(10);
    const header = JSON.parse(bytes.subarray(0, newline).toString()) as { format: number };
    const olderFormat = Buffer.concat([Buffer.from(JSON.stringify({ ...header, format: header.format - 1 }).padEnd(newline)), bytes.subarray(newline)]);
    const broken = [bytes.subarray(0, bytes.length - 1), Buffer.concat([bytes, Buffer.from(' ')]), Buffer.concat([Buffer.from('['), bytes.subarray(1)]), olderFormat];
    for (const variant of broken) {
      fs.writeFileSync(file, variant);
      assert.strictEqual(await read(cache), undefined);
    }
  });

  it('prunes entries unused for the given age, and those of the JSON format at once', async () => {
    const cache = new ParseCache(dir);
    await cache.write(key, [packWorks(works)], { problems });
    const [name] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, 'bib-0123456789abcdef0123.json'), '{}\n[]');
    await cache.prune(30);
    assert.deepStrictEqual(fs.readdirSync(dir), [name]);
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

/** Each thread of this process and its nice value, from Linux's /proc (field 19 of a task's stat). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const thread of fs.readdirSync('/proc/self/task')) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/self/task/${thread}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // The fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    nices.set(Number(thread), Number(fields[19 - 3]));
  }
  return nices;
}
