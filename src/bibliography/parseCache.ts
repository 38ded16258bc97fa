// Parse results on disk, keyed by the file's path, size and modification time, so a restart does not re-parse an
// unchanged library. Runs in the parse worker (plain Node fs). A cache file is a header line, one line per batch of
// works, and a line of problems: the header is checked before the (possibly large) rest is read, and each batch can
// be sent on while the next is decoded.
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { Paper } from '../core/model';
import { BibliographyProblem } from '../core/bibliography/parseBibliography';

export interface CacheKey {
  file: string;
  size: number;
  mtime: number;
  salt: string;
}

interface Header extends CacheKey {
  batches: number;
}

export class ParseCache {
  constructor(private readonly dir: string) {}

  /**
   * Hands the cached works to `onBatch`, batch by batch, and returns the cached problems; undefined (before any
   * batch) when there is no usable entry. Throws only if the file breaks after its first batch was handed on.
   */
  async read(key: CacheKey, onBatch: (papers: Paper[]) => Promise<void>): Promise<BibliographyProblem[] | undefined> {
    const file = this.pathOf(key.file);
    let lines: string[];
    let problems: BibliographyProblem[];
    let first: Paper[];
    try {
      const header = await readHeader(file);
      if (!header || header.file !== key.file || header.size !== key.size || header.mtime !== key.mtime || header.salt !== key.salt) {
        return undefined;
      }
      lines = (await fs.readFile(file, 'utf8')).split('\n');
      if (lines.length !== header.batches + 2) return undefined;
      problems = JSON.parse(lines[lines.length - 1]) as BibliographyProblem[];
      first = header.batches ? JSON.parse(lines[1]) as Paper[] : [];
      if (!Array.isArray(problems) || !Array.isArray(first)) return undefined;
    } catch {
      // Missing, unreadable or corrupt: parse again (and overwrite it).
      return undefined;
    }
    // Marks the entry as used, for prune().
    const now = new Date();
    await fs.utimes(file, now, now).catch(() => undefined);
    if (first.length) await onBatch(first);
    for (let i = 2; i < lines.length - 1; i++) await onBatch(JSON.parse(lines[i]) as Paper[]);
    return problems;
  }

  async write(key: CacheKey, batches: readonly (readonly Paper[])[], problems: readonly BibliographyProblem[]): Promise<void> {
    const file = this.pathOf(key.file);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    const header: Header = { ...key, batches: batches.length };
    try {
      await fs.mkdir(this.dir, { recursive: true });
      // JSON.stringify never writes a raw line break, so each batch stays on its line.
      await fs.writeFile(temporary, [header, ...batches, problems].map((part) => JSON.stringify(part)).join('\n'));
      // A rename is atomic: a reader never sees half a cache file.
      await fs.rename(temporary, file);
    } catch {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** Removes cache files not used for `maxAgeDays` (their bibliography was deleted, renamed or not opened). */
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
        if ((await fs.stat(file)).mtimeMs < cutoff) await fs.rm(file, { force: true });
      } catch {
        // Someone else removed it.
      }
    }
  }

  private pathOf(file: string): string {
    return path.join(this.dir, `bib-${createHash('sha1').update(file).digest('hex').slice(0, 20)}.json`);
  }
}

async function readHeader(file: string): Promise<Header | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(16_384);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const newline = head.subarray(0, bytesRead).indexOf(10);
    return newline < 0 ? undefined : JSON.parse(head.subarray(0, newline).toString('utf8')) as Header;
  } finally {
    await handle.close();
  }
}
