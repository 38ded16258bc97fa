// Writes a search index snapshot as one byte array and reads it back, so a restart with an unchanged 100k-entry
// library loads its index in milliseconds instead of rebuilding it for seconds. Layout: a magic line, a JSON header
// (scalars and each section's kind and length), then the sections, each aligned to 4 bytes.
import { SearchIndexSnapshot } from './searchIndex';

const MAGIC = 'nhs-library-search-index\n';

type ArrayKey = 'sortedWords' | 'headOffsets' | 'headPostings' | 'abstractOffsets' | 'abstractPostings' | 'titleLength' | 'defaultOrder';
const ARRAYS: readonly ArrayKey[] = ['sortedWords', 'headOffsets', 'headPostings', 'abstractOffsets', 'abstractPostings', 'titleLength', 'defaultOrder'];

interface Header {
  version: number;
  size: number;
  fingerprint: number;
  alphabet: string;
  /** Byte length of the UTF-8 words section. */
  words: number;
  /** Element counts of the typed arrays, in ARRAYS order. */
  lengths: number[];
}

const align = (n: number) => (n + 3) & ~3;

export function encodeSnapshot(snapshot: SearchIndexSnapshot): Uint8Array {
  const words = new TextEncoder().encode(snapshot.words);
  const header: Header = {
    version: snapshot.version,
    size: snapshot.size,
    fingerprint: snapshot.fingerprint,
    alphabet: snapshot.alphabet,
    words: words.length,
    lengths: ARRAYS.map((key) => snapshot[key].length),
  };
  const head = new TextEncoder().encode(`${MAGIC}${JSON.stringify(header)}\n`);
  let total = align(head.length) + align(words.length);
  for (const key of ARRAYS) total += align(snapshot[key].byteLength);
  const bytes = new Uint8Array(total);
  let at = 0;
  const put = (part: Uint8Array) => {
    bytes.set(part, at);
    at += align(part.length);
  };
  put(head);
  put(words);
  for (const key of ARRAYS) {
    const array = snapshot[key];
    put(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  return bytes;
}

/** Reads what encodeSnapshot wrote; undefined for anything else (another format, a truncated file). */
export function decodeSnapshot(bytes: Uint8Array): SearchIndexSnapshot | undefined {
  const magic = new TextEncoder().encode(MAGIC);
  if (bytes.length < magic.length || magic.some((byte, i) => bytes[i] !== byte)) return undefined;
  const end = bytes.indexOf(10, magic.length);
  if (end < 0) return undefined;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(magic.length, end))) as Header;
  } catch {
    return undefined;
  }
  if (!Array.isArray(header.lengths) || header.lengths.length !== ARRAYS.length) return undefined;
  let at = align(end + 1);
  const take = (length: number) => {
    if (at + length > bytes.length) throw new RangeError('truncated');
    const part = bytes.subarray(at, at + length);
    at += align(length);
    return part;
  };
  try {
    const words = new TextDecoder().decode(take(header.words));
    const arrays = ARRAYS.map((key, i) => {
      const length = header.lengths[i];
      const raw = take(key === 'titleLength' ? length : length * 4);
      if (key === 'titleLength') return raw;
      // A view of the file's bytes where they are aligned (a large file read whole is); a copy where not.
      return raw.byteOffset % 4 === 0 ? new Uint32Array(raw.buffer, raw.byteOffset, length) : new Uint32Array(raw.slice().buffer);
    });
    const [sortedWords, headOffsets, headPostings, abstractOffsets, abstractPostings, titleLength, defaultOrder] = arrays;
    return {
      version: header.version,
      size: header.size,
      fingerprint: header.fingerprint,
      alphabet: header.alphabet,
      words,
      sortedWords: sortedWords as Uint32Array,
      headOffsets: headOffsets as Uint32Array,
      headPostings: headPostings as Uint32Array,
      abstractOffsets: abstractOffsets as Uint32Array,
      abstractPostings: abstractPostings as Uint32Array,
      titleLength: titleLength as Uint8Array,
      defaultOrder: defaultOrder as Uint32Array,
    };
  } catch {
    return undefined;
  }
}
