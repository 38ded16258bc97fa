// A SnapshotStore in a folder (the extension's global storage): one file per indexed library, written whole or not
// at all, the least recently used pruned so a few libraries' snapshots are kept at most.
import { promises as fs } from 'fs';
import * as path from 'path';
import { readExactly } from '../readExactly';
import { SnapshotStore } from './searchService';

const PREFIX = 'search-index-';

export function snapshotFiles(dir: string, keep = 3): SnapshotStore {
  return {
    async read(name) {
      try {
        const file = path.join(dir, name);
        const bytes = await readShared(file);
        // Marks it as used, for pruning.
        const now = new Date();
        await fs.utimes(file, now, now).catch(() => undefined);
        return bytes;
      } catch {
        return undefined;
      }
    },
    async write(name, parts) {
      const file = path.join(dir, name);
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      try {
        await fs.mkdir(dir, { recursive: true });
        const handle = await fs.open(temporary, 'w');
        try {
          await handle.writev(parts as Uint8Array[]);
        } finally {
          await handle.close();
        }
        // A rename is atomic: a reader never sees half a snapshot.
        await fs.rename(temporary, file);
        await prune(dir, keep);
      } catch {
        await fs.rm(temporary, { force: true }).catch(() => undefined);
      }
    },
  };
}

/**
 * The file's bytes in shared memory. V8 counts an ordinary buffer of tens of megabytes as external memory of the
 * young generation and collects that generation at the next allocation of any buffer, copying whatever it holds (a
 * 100k library's works, just decoded); shared memory is not counted per thread (see bibliography/sharedMemory.ts).
 */
async function readShared(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const bytes = new Uint8Array(new SharedArrayBuffer((await handle.stat()).size));
    await readExactly(handle, bytes, 0, file);
    return bytes;
  } finally {
    await handle.close();
  }
}

async function prune(dir: string, keep: number): Promise<void> {
  const names = (await fs.readdir(dir)).filter((name) => name.startsWith(PREFIX) && name.endsWith('.bin'));
  if (names.length <= keep) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, used: (await fs.stat(path.join(dir, name))).mtimeMs })));
  dated.sort((a, b) => b.used - a.used);
  for (const { name } of dated.slice(keep)) await fs.rm(path.join(dir, name), { force: true });
}
