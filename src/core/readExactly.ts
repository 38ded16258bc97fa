// Reads an exact range of a file, however many reads the operating system needs for it (one read may return less).
import type { promises as fs } from 'fs';

/** Fills `target` from the file at `position`; throws "<what> ended early" if the file is shorter. */
export async function readExactly(handle: fs.FileHandle, target: Uint8Array, position: number, what = 'The file'): Promise<void> {
  for (let at = 0; at < target.length;) {
    const { bytesRead } = await handle.read(target, at, target.length - at, position + at);
    if (bytesRead === 0) throw new RangeError(`${what} ended early`);
    at += bytesRead;
  }
}
