// Parse results on disk, keyed by the file's path, size and modification time, so a restart does not re-parse an
// unchanged library. Runs in the parse worker (plain Node fs). A cache file is a JSON header line, the works packed
// as worksCodec.ts writes them (what the worker hands the host, so a warm start reads them a few megabytes at a time
// and passes each piece on without decoding anything), their reference-list order (uint32 each), then the problems
// as JSON. The header is checked before the (possibly large) rest is read; a file of another format, key or length
// is a miss.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { BibliographyProblem } from '../core/bibliography/parseBibliography';
import { readExactly } from '../core/readExactly';
import { PackedWorks, packedByteLength } from './worksCodec';

/** Bumped whenever the file layout or the packing changes: older files are then misses, and pruned. */
const CACHE_FORMAT = 5;
const EXTENSION = '.works';
/** How a read error names a cache file. */
const CACHE_FILE = 'The cache file';
/** Longest header read when checking the key (a batch length is a few bytes; 100k works make 100 batches). */
const MAX_HEADER = 1 << 20;
/** The works are read and handed on in pieces of about this size, so the host can decode one while the next is read. */
const CHUNK_BYTES = 8 << 20;

export interface CacheKey {
  file: string;
  size: number;
  mtime: number;
  salt: string;
}

interface Header extends CacheKey {
  format: number;
  batches: number[];
  /** How many positions the works' order holds: as many as there are works, or 0 for none. */
  order: number;
  /** Byte length of the problems' JSON, at the end. */
  problems: number;
}

/** What a cache entry holds besides the works, which it hands on piece by piece. */
export interface CachedExtras {
  problems: BibliographyProblem[];
  order?: Uint32Array;
}


export class ParseCache {
  /** `pieceBytes`: about how much of the works is read and handed on at a time. */
  constructor(private readonly dir: string, private readonly pieceBytes = CHUNK_BYTES) {}

  /**
   * Hands the cached works to `onWorks` piece by piece, and returns the cached problems and order; undefined (before
   * any piece) when there is no usable entry (missing, stale, corrupt). Throws only if the file breaks after its
   * first piece was handed on.
   */
  async read(key: CacheKey, onWorks: (works: PackedWorks) => void): Promise<CachedExtras | undefined> {
    const file = this.pathOf(key.file);
    let handedOn = false;
    try {
      const handle = await fs.open(file, 'r');
      try {
        const found = await readHeader(handle);
        if (!found) return undefined;
        const { header, dataStart } = found;
        if (header.format !== CACHE_FORMAT || header.file !== key.file || header.size !== key.size || header.mtime !== key.mtime
          || header.salt !== key.salt || !Array.isArray(header.batches) || !header.batches.every(isLength) || !isLength(header.order)
          || !isLength(header.problems)) {
          return undefined;
        }
        const worksLength = packedByteLength(header.batches);
        const orderLength = 4 * header.order;
        if ((await handle.stat()).size !== dataStart + worksLength + orderLength + header.problems) return undefined;
        const problemBytes = new Uint8Array(header.problems);
        await readExactly(handle, problemBytes, dataStart + worksLength + orderLength, CACHE_FILE);
        const problems = JSON.parse(Buffer.from(problemBytes).toString('utf8')) as BibliographyProblem[];
        if (!Array.isArray(problems)) return undefined;
        let order: Uint32Array | undefined;
        if (header.order) {
          order = new Uint32Array(header.order);
          await readExactly(handle, new Uint8Array(order.buffer), dataStart + worksLength, CACHE_FILE);
        }
        // Marks the entry as used, for prune().
        const now = new Date();
        await fs.utimes(file, now, now).catch(() => undefined);
        for (let first = 0, at = dataStart; first < header.batches.length;) {
          // Whole batches, as many as fit in a piece (at least one).
          let last = first + 1;
          let size = packedByteLength([header.batches[first]]);
          for (; last < header.batches.length; last++) {
            const next = packedByteLength([header.batches[last]]);
            if (size + next > this.pieceBytes) break;
            size += next;
          }
          const batches = header.batches.slice(first, last);
          // Each piece in shared memory of its own, which the worker posts to the host as it is (sharedMemory.ts
          // says why shared rather than transferred).
          const bytes = new Uint8Array(new SharedArrayBuffer(size));
          await readExactly(handle, bytes, at, CACHE_FILE);
          at += bytes.length;
          handedOn = true;
          onWorks({ bytes, batches });
          first = last;
        }
        return { problems, order };
      } finally {
        await handle.close();
      }
    } catch (error) {
      if (handedOn) throw error;
      // Missing, unreadable or corrupt: parse again (and overwrite it).
      return undefined;
    }
  }

  async write(key: CacheKey, works: readonly PackedWorks[], { problems, order }: CachedExtras): Promise<void> {
    const file = this.pathOf(key.file);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      const problemBytes = Buffer.from(JSON.stringify(problems), 'utf8');
      const orderBytes = order ? new Uint8Array(order.buffer, order.byteOffset, order.byteLength) : new Uint8Array(0);
      const header: Header = {
        ...key, format: CACHE_FORMAT, batches: works.flatMap((piece) => piece.batches), order: order?.length ?? 0, problems: problemBytes.length,
      };
      const line = JSON.stringify(header);
      // Padded so the works start on a 4-byte boundary, where their integers can be read in place.
      const headerBytes = Buffer.from(`${line}${' '.repeat((4 - ((Buffer.byteLength(line) + 1) % 4)) % 4)}\n`, 'utf8');
      await fs.mkdir(this.dir, { recursive: true });
      const handle = await fs.open(temporary, 'w');
      try {
        await handle.writev([headerBytes, ...works.map((piece) => piece.bytes), orderBytes, problemBytes]);
      } finally {
        await handle.close();
      }
      // A rename is atomic: a reader never sees half a cache file.
      await fs.rename(temporary, file);
    } catch {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /**
   * Removes cache files not used for `maxAgeDays` (their bibliography was deleted, renamed or not opened), and those
   * of an older format at once.
   */
  async prune(maxAgeDays: number): Promise<void> {
    const cutoff = Date.now() - maxAgeDays * 86_400_000;
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.startsWith('bib-')) continue;
      const file = path.join(this.dir, name);
      try {
        if (name.endsWith('.json') || (await fs.stat(file)).mtimeMs < cutoff) await fs.rm(file, { force: true });
      } catch {
        // Someone else removed it.
      }
    }
  }

  private pathOf(file: string): string {
    return path.join(this.dir, `bib-${createHash('sha1').update(file).digest('hex').slice(0, 20)}${EXTENSION}`);
  }
}

function isLength(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

async function readHeader(handle: fs.FileHandle): Promise<{ header: Header; dataStart: number } | undefined> {
  let head = Buffer.alloc(16_384);
  for (;;) {
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const newline = head.subarray(0, bytesRead).indexOf(10);
    if (newline >= 0) return { header: JSON.parse(head.subarray(0, newline).toString('utf8')) as Header, dataStart: newline + 1 };
    if (bytesRead < head.length || head.length >= MAX_HEADER) return undefined;
    head = Buffer.alloc(head.length * 4);
  }
}
