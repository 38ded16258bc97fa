// Packs parsed works into bytes and back: the parse cache's format, and what the parse worker hands the extension
// host (a transferable buffer rather than structured clone). Decoding is the one part of loading a large library
// that runs on the host's main thread, so the format serves it: a stream of integers saying what to build, and two
// strings that every text field is sliced from. Measured at 100k works, it decodes in about a third of the time of
// v8.deserialize (JSON.parse is slower still), before the garbage collection any decoder of that much brings, and in
// batches small enough to run between other tasks.
//
// Strings whose characters all fit in one byte (most text, accented Latin letters included) are kept apart from the
// rest: that text is copied into a string byte for byte, where decoding UTF-8 cost most of the time. A batch is: a
// header of six uint32 (magic, item count, integer count, one-byte text length, two-byte text length in bytes, the
// names' byte length), the JSON array of property names, padding to 4 bytes, the integers, the one-byte text
// (Latin-1), the two-byte text (UTF-16LE, which also carries lone surrogates exactly). Plain data only (what JSON
// can hold, plus `undefined`), which is all a Paper is.
import { Paper } from '../core/model';
import { workHash } from '../core/search/workHashes';
import { runToCompletion, Steps } from '../core/search/steps';

const MAGIC = 0x4e574b31; // "NWK1"
const HEADER_BYTES = 24;

// What the integer stream holds, value by value.
const STRING = 0; // length of the next slice of the one-byte text
const INT = 1; // value
const ARRAY = 2; // length, then the items
const OBJECT = 3; // property count, then (name id, value) pairs
const TRUE = 4;
const FALSE = 5;
const NULL = 6;
const UNDEFINED = 7;
const NUMBER = 8; // any other number: its text follows as a STRING
const WIDE_STRING = 9; // length (UTF-16 units) of the next slice of the two-byte text
const REPEAT = 10; // a short string met before in the batch: its number, in order of first appearance

/**
 * Strings up to this long are written once per batch and repeated by number: a file's path, entry types, venues
 * from @string macros, theme ids, common names. A thousand works then share one string each rather than holding a
 * thousand copies, which the host's garbage collector would otherwise copy about while they are decoded.
 */
const SHARED_LENGTH = 64;

const WIDE = /[\u0100-\uffff]/;

class IntWriter {
  array = new Int32Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) {
      const bigger = new Int32Array(this.array.length * 2);
      bigger.set(this.array);
      this.array = bigger;
    }
    this.array[this.length++] = value;
  }
}

/** Packs a batch of plain values (works); `decodeBatch` gives back equal values, property order included. */
export function encodeBatch(items: readonly unknown[]): Uint8Array {
  const ints = new IntWriter();
  const narrow: string[] = [];
  const wide: string[] = [];
  const names = new Map<string, number>();
  const shared = new Map<string, number>();
  const value = (item: unknown): void => {
    switch (typeof item) {
      case 'string':
        if (item.length <= SHARED_LENGTH) {
          const id = shared.get(item);
          if (id !== undefined) {
            ints.push(REPEAT);
            ints.push(id);
            return;
          }
          shared.set(item, shared.size);
        }
        if (WIDE.test(item)) {
          ints.push(WIDE_STRING);
          wide.push(item);
        } else {
          ints.push(STRING);
          narrow.push(item);
        }
        ints.push(item.length);
        return;
      case 'number':
        if ((item | 0) === item && !Object.is(item, -0)) {
          ints.push(INT);
          ints.push(item);
        } else {
          const text = Object.is(item, -0) ? '-0' : String(item);
          ints.push(NUMBER);
          ints.push(text.length);
          narrow.push(text);
        }
        return;
      case 'boolean':
        ints.push(item ? TRUE : FALSE);
        return;
      case 'undefined':
        ints.push(UNDEFINED);
        return;
      case 'object':
        if (item === null) {
          ints.push(NULL);
        } else if (Array.isArray(item)) {
          ints.push(ARRAY);
          ints.push(item.length);
          for (const element of item) value(element);
        } else {
          const keys = Object.keys(item);
          ints.push(OBJECT);
          ints.push(keys.length);
          for (const key of keys) {
            let id = names.get(key);
            if (id === undefined) names.set(key, (id = names.size));
            ints.push(id);
            value((item as Record<string, unknown>)[key]);
          }
        }
        return;
      default:
        throw new TypeError(`Cannot pack a ${typeof item}`);
    }
  };
  for (const item of items) value(item);

  const narrowBytes = Buffer.from(narrow.join(''), 'latin1');
  const wideBytes = Buffer.from(wide.join(''), 'utf16le');
  const nameBytes = Buffer.from(JSON.stringify([...names.keys()]), 'utf8');
  const intsAt = align4(HEADER_BYTES + nameBytes.length);
  const textAt = intsAt + ints.length * 4;
  const bytes = new Uint8Array(textAt + narrowBytes.length + wideBytes.length);
  new Uint32Array(bytes.buffer, 0, 6).set([MAGIC, items.length, ints.length, narrowBytes.length, wideBytes.length, nameBytes.length]);
  bytes.set(nameBytes, HEADER_BYTES);
  bytes.set(new Uint8Array(ints.array.buffer, 0, ints.length * 4), intsAt);
  bytes.set(narrowBytes, textAt);
  bytes.set(wideBytes, textAt + narrowBytes.length);
  return bytes;
}

/** The items of a batch; throws on anything encodeBatch did not write (a truncated or corrupt cache). */
export function decodeBatch(bytes: Uint8Array): unknown[] {
  const items: unknown[] = [];
  runToCompletion(decodeBatchSteps(bytes, (item) => items.push(item)));
  return items;
}

/** Items decoded between two yields: a few hundred microseconds of work, so a slice can stop close to its time. */
const ITEMS_PER_STEP = 64;

/** Hands each item of a batch to `take`, in order, yielding every few items; throws as decodeBatch does. */
export function* decodeBatchSteps(bytes: Uint8Array, take: (item: unknown) => void): Steps<void> {
  if (bytes.byteLength < HEADER_BYTES) throw new RangeError('Not a batch of works');
  // A copy where the batch does not start on a 4-byte boundary, so the integers can be read in place.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const [magic, count, intCount, narrowLength, wideLength, nameLength] = new Uint32Array(aligned.buffer, aligned.byteOffset, 6);
  const intsAt = align4(HEADER_BYTES + nameLength);
  const textAt = intsAt + intCount * 4;
  if (magic !== MAGIC || wideLength % 2 || textAt + narrowLength + wideLength !== aligned.byteLength) throw new RangeError('Not a batch of works');
  const buffer = Buffer.from(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  // Property names as JSON object keys come back internalised, which makes the assignments below cheaper.
  const nameList = JSON.parse(buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + nameLength)) as string[];
  const names = Object.keys(JSON.parse(`{${nameList.map((name) => `${JSON.stringify(name)}:0`).join(',')}}`) as object);
  if (names.length !== nameList.length) throw new RangeError('Not a batch of works');
  const ints = new Int32Array(aligned.buffer, aligned.byteOffset + intsAt, intCount);
  const narrow = buffer.toString('latin1', textAt, textAt + narrowLength);
  const wide = buffer.toString('utf16le', textAt + narrowLength, aligned.byteLength);
  let i = 0;
  let n = 0;
  let w = 0;
  const shared: string[] = [];
  const share = (text: string) => {
    if (text.length <= SHARED_LENGTH) shared.push(text);
    return text;
  };
  // A slice of a long string shares its characters rather than copying them.
  const slice = (): string => {
    const length = ints[i++];
    if (length < 0 || n + length > narrow.length) throw new RangeError('Corrupt batch of works');
    return narrow.slice(n, (n += length));
  };
  const wideSlice = (): string => {
    const length = ints[i++];
    if (length < 0 || w + length > wide.length) throw new RangeError('Corrupt batch of works');
    return wide.slice(w, (w += length));
  };
  const value = (): unknown => {
    if (i >= intCount) throw new RangeError('Corrupt batch of works');
    switch (ints[i++]) {
      case STRING:
        return share(slice());
      case WIDE_STRING:
        return share(wideSlice());
      case REPEAT: {
        const text = shared[ints[i++]];
        if (text === undefined) throw new RangeError('Corrupt batch of works');
        return text;
      }
      case INT:
        return ints[i++];
      case ARRAY: {
        const length = ints[i++];
        if (length < 0 || length > intCount - i) throw new RangeError('Corrupt batch of works');
        const array = new Array<unknown>(length);
        for (let k = 0; k < length; k++) array[k] = value();
        return array;
      }
      case OBJECT: {
        const size = ints[i++];
        if (size < 0 || size > intCount - i) throw new RangeError('Corrupt batch of works');
        const object: Record<string, unknown> = {};
        for (let k = 0; k < size; k++) {
          const name = names[ints[i++]];
          if (name === undefined) throw new RangeError('Corrupt batch of works');
          // An own property, as JSON.parse would make it, never the prototype (a .bib field may be called anything).
          if (name === '__proto__') Object.defineProperty(object, name, { value: value(), enumerable: true, writable: true, configurable: true });
          else object[name] = value();
        }
        return object;
      }
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case NUMBER:
        return Number(slice());
      default:
        throw new RangeError('Corrupt batch of works');
    }
  };
  for (let k = 0; k < count; k++) {
    take(value());
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  if (i !== intCount || n !== narrow.length || w !== wide.length) throw new RangeError('Corrupt batch of works');
}

function align4(n: number): number {
  return (n + 3) & ~3;
}

/**
 * Works packed as consecutive batches in one buffer, each starting on a 4-byte boundary. Each batch holds, first,
 * its works' hashes for the search index's fingerprint (workHash, as two integers each, computed here where the
 * works are parsed rather than on the host's main thread), then the works.
 */
export interface PackedWorks {
  bytes: Uint8Array;
  /** Byte length of each batch, in order (padding not counted). */
  batches: number[];
}

/** Batches of this many works decode in a few milliseconds each. */
export const WORKS_PER_BATCH = 1000;

export function packWorks(works: readonly Paper[], perBatch = WORKS_PER_BATCH): PackedWorks {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < works.length; i += perBatch) {
    const batch = works.slice(i, i + perBatch);
    const hashes = batch.flatMap((work) => {
      const hash = workHash(work);
      return [Math.floor(hash / 2 ** 20) | 0, hash % 2 ** 20];
    });
    parts.push(encodeBatch([hashes, ...batch]));
  }
  const bytes = new Uint8Array(parts.reduce((total, part) => total + align4(part.length), 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += align4(part.length);
  }
  return { bytes, batches: parts.map((part) => part.length) };
}

/** Where each batch of `packed` starts and ends in its bytes; throws if they do not add up. */
export function batchRanges(packed: PackedWorks): [start: number, end: number][] {
  const ranges: [number, number][] = [];
  let at = 0;
  for (const length of packed.batches) {
    ranges.push([at, at + length]);
    at += align4(length);
  }
  if (at !== packed.bytes.byteLength) throw new RangeError('The batches do not fill the buffer');
  return ranges;
}

export function packedByteLength(batches: readonly number[]): number {
  return batches.reduce((total, length) => total + align4(length), 0);
}

/** Works decoded so far, and each one's workHash (as the worker computed it). */
export interface DecodedWorks {
  papers: Paper[];
  hashes: number[];
}

/**
 * Decodes the works into `into`, a few at a time (a step each), checking that each is shaped like a Paper. The
 * works of a piece are added as they are decoded: a piece that turns out corrupt leaves `into` part-filled.
 */
export function* decodeWorkSteps(packed: PackedWorks, into: DecodedWorks = { papers: [], hashes: [] }): Steps<DecodedWorks> {
  const { bytes } = packed;
  for (const [start, end] of batchRanges(packed)) {
    let hashes: unknown;
    let count = 0;
    yield* decodeBatchSteps(bytes.subarray(start, end), (item) => {
      if (hashes === undefined) {
        hashes = item;
        if (!Array.isArray(hashes)) throw new RangeError('Corrupt batch of works');
        return;
      }
      const pair = hashes as number[];
      if (!isPaperShaped(item) || 2 * count + 1 >= pair.length) throw new RangeError('Corrupt batch of works');
      into.hashes.push((pair[2 * count] >>> 0) * 2 ** 20 + pair[2 * count + 1]);
      into.papers.push(item);
      count++;
    });
    if (!Array.isArray(hashes) || hashes.length !== count * 2) throw new RangeError('Corrupt batch of works');
  }
  return into;
}

export function decodeWorks(packed: PackedWorks): Paper[] {
  return runToCompletion(decodeWorkSteps(packed)).papers;
}

/** What every user of a Paper relies on; the rest is optional. */
function isPaperShaped(item: unknown): item is Paper {
  const paper = item as Paper;
  return typeof paper === 'object' && paper !== null && typeof paper.key === 'string' && typeof paper.title === 'string'
    && Array.isArray(paper.themes) && typeof paper.origin === 'object' && paper.origin !== null;
}
