import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../../src/core/search/snapshotFiles';

describe('index snapshot files', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nhs-snapshots-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back what was written, in shared memory (which V8 does not count against the young generation)', async () => {
    const store = snapshotFiles(dir);
    await store.write('search-index-3-1.bin', [new Uint8Array([1, 2, 3]), new Uint8Array(new Uint32Array([4, 5]).buffer)]);
    const bytes = await store.read('search-index-3-1.bin');
    assert.ok(bytes && bytes.buffer instanceof SharedArrayBuffer);
    assert.deepStrictEqual([...bytes], [1, 2, 3, ...new Uint8Array(new Uint32Array([4, 5]).buffer)]);
    assert.strictEqual(await store.read('search-index-3-2.bin'), undefined, 'a missing snapshot');
  });

  it('keeps the most recently used few and leaves no temporary file', async () => {
    const store = snapshotFiles(dir, 2);
    for (const n of [1, 2, 3]) {
      await store.write(`search-index-3-${n}.bin`, [new Uint8Array([n])]);
      // Far enough apart for the file system's modification times to order them.
      fs.utimesSync(path.join(dir, `search-index-3-${n}.bin`), new Date(), new Date(Date.now() - (10 - n) * 1000));
    }
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), ['search-index-3-2.bin', 'search-index-3-3.bin']);
  });
});
