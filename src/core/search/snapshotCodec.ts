// Writes a search index snapshot as one byte array and reads it back, so a restart with an unchanged 100k-entry
// library loads its index in milliseconds instead of rebuilding it for seconds. Layout: a magic line, a JSON header
// (scalars and each section's length), then the sections, each aligned to 4 bytes. Typed arrays are in the
// platform's byte order (little-endian on every platform VS Code runs on); the header records it.
import { SearchIndexSnapshot } from './searchIndex';

const MAGIC = 'nhs-library-search-index\n';

type Uint32Key = 'sortedWords' | 'headOffsets' | 'headPostings' | 'abstractOffsets' | 'abstractPostings' | 'defaultOrder' | 'prefixOffsets' | 'prefixWorks';
type Int32Key = 'keySlots' | 'keyHashes';
type ByteKey = 'titleLength' | 'prefixFields';
const UINT32: readonly Uint32Key[] = ['sortedWords', 'headOffsets', 'headPostings', 'abstractOffsets', 'abstractPostings', 'defaultOrder', 'prefixOffsets', 'prefixWorks'];
const INT32: readonly Int32Key[] = ['keySlots', 'keyHashes'];
const BYTES: readonly ByteKey[] = ['titleLength', 'prefixFields'];
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Header {
  version: number;
  size: number;
  fingerprint: number;
  alphabet: string;
  littleEndian: boolean;
  /** Byte lengths of the UTF-8 words and prefixes sections. */
  words: number;
  prefixes: number;
  /** Element counts of the typed arrays, UINT32, INT32, then BYTES. */
  lengths: number[];
}

const align = (n: number) => (n + 3) & ~3;

/** The snapshot as one byte array (see encodeSnapshotParts to write it without copying). */
export function encodeSnapshot(snapshot: SearchIndexSnapshot): Uint8Array {
  const parts = encodeSnapshotParts(snapshot);
  const bytes = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * The snapshot as the byte arrays to write one after another: views of the index's own arrays rather than a copy
 * of tens of megabytes on the extension host's main thread.
 */
export function encodeSnapshotParts(snapshot: SearchIndexSnapshot): Uint8Array[] {
  const encoder = new TextEncoder();
  const words = snapshot.words;
  const prefixes = encoder.encode(snapshot.prefixes);
  const arrays = [...UINT32.map((key) => snapshot[key]), ...INT32.map((key) => snapshot[key]), ...BYTES.map((key) => snapshot[key])];
  const header: Header = {
    version: snapshot.version,
    size: snapshot.size,
    fingerprint: snapshot.fingerprint,
    alphabet: snapshot.alphabet,
    littleEndian: LITTLE_ENDIAN,
    words: words.length,
    prefixes: prefixes.length,
    lengths: arrays.map((array) => array.length),
  };
  const sections = [encoder.encode(`${MAGIC}${JSON.stringify(header)}\n`), words, prefixes,
    ...arrays.map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength))];
  const parts: Uint8Array[] = [];
  for (const section of sections) {
    parts.push(section);
    if (align(section.length) > section.length) parts.push(new Uint8Array(align(section.length) - section.length));
  }
  return parts;
}

/** Reads what encodeSnapshot wrote; undefined for anything else (another format, a truncated file). */
export function decodeSnapshot(bytes: Uint8Array): SearchIndexSnapshot | undefined {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length || magic.some((byte, i) => bytes[i] !== byte)) return undefined;
  const end = bytes.indexOf(10, magic.length);
  if (end < 0) return undefined;
  try {
    const decoder = new TextDecoder();
    const header = JSON.parse(decoder.decode(bytes.subarray(magic.length, end))) as Header;
    if (header.littleEndian !== LITTLE_ENDIAN || header.lengths?.length !== UINT32.length + INT32.length + BYTES.length) return undefined;
    let at = align(end + 1);
    const take = (length: number) => {
      if (at + length > bytes.length) throw new RangeError('truncated');
      const part = bytes.subarray(at, at + length);
      at += align(length);
      return part;
    };
    // The words stay bytes here: the restore decodes them a slice at a time.
    const words = take(header.words);
    const prefixes = decoder.decode(take(header.prefixes));
    const snapshot: Partial<SearchIndexSnapshot> = {
      version: header.version, size: header.size, fingerprint: header.fingerprint, alphabet: header.alphabet, words, prefixes,
    };
    // A view of the file's bytes where they are aligned (a large file read whole is); a copy where not.
    const words32 = (length: number) => {
      const raw = take(length * 4);
      return raw.byteOffset % 4 === 0 ? raw : raw.slice();
    };
    const lengths = header.lengths;
    UINT32.forEach((key, i) => {
      const raw = words32(lengths[i]);
      snapshot[key] = new Uint32Array(raw.buffer, raw.byteOffset, lengths[i]);
    });
    INT32.forEach((key, i) => {
      const raw = words32(lengths[UINT32.length + i]);
      snapshot[key] = new Int32Array(raw.buffer, raw.byteOffset, lengths[UINT32.length + i]);
    });
    BYTES.forEach((key, i) => (snapshot[key] = take(lengths[UINT32.length + INT32.length + i])));
    return snapshot as SearchIndexSnapshot;
  } catch {
    return undefined;
  }
}
