// Packs parsed works into bytes and back: the parse cache's format, and what the parse worker hands the extension
// host (a transferred or shared buffer rather than structured clone). The host's main thread reads it: it walks a
// load once for each work's key, themes and place, and makes a work only when one is shown, hovered or ranked
// (packedWorkList.ts); the worker and the in-process fallback decode it whole. So the format serves reading: a
// stream of integers saying what to build, and two strings that every text field is sliced from. Measured at 100k
// works, it decodes in about a third of the time of v8.deserialize (JSON.parse is slower still, though V8 makes a
// large JSON text's objects in the old generation: 1.6 s against 0.5 s here), and in batches small enough to run
// between other tasks.
//
// Much of what is left is garbage collection: every decoded work survives, so each collection of the young
// generation copies what was decoded since the last. So strings that repeat are shared across batches (see
// SHARED_LENGTH), and short lists and the objects every library repeats (people, origins, abstracts, a work's first
// properties) are made as literals, which V8 learns to make in the old generation (LITERAL_MAKERS). Other objects are
// grown property by property from their shape: no code is generated from data here.
//
// Strings whose characters all fit in one byte (most text, accented Latin letters included) are kept apart from the
// rest: that text is copied into a string byte for byte, where decoding UTF-8 cost most of the time. A batch is: a
// header of seven uint32 (magic, item count, integer count, one-byte text length, two-byte text length in bytes, the
// shapes' byte length, how many strings the batches before it shared, 0 to start afresh), the shapes as a JSON array
// of lists of property names, padding to 4 bytes, the integers, the one-byte text (Latin-1), the two-byte text
// (UTF-16LE, which also carries lone surrogates exactly). Plain data only (what JSON can hold, plus `undefined`),
// which is all a Paper is.
import { Paper } from '../core/model';
import { workHash } from '../core/search/workHashes';
import { ensureSize } from '../core/search/growable';
import { runToCompletion, Steps } from '../core/search/steps';

const MAGIC = 0x4e574b32; // "NWK2"
const HEADER_BYTES = 28;

// What the integer stream holds, value by value.
export const STRING = 0; // length of the next slice of the one-byte text
export const INT = 1; // value
export const ARRAY = 2; // length, then the items
export const OBJECT = 3; // shape number, then the values of its properties in order
export const TRUE = 4;
export const FALSE = 5;
export const NULL = 6;
export const UNDEFINED = 7;
export const NUMBER = 8; // any other number: its text follows as a STRING
export const WIDE_STRING = 9; // length (UTF-16 units) of the next slice of the two-byte text
export const REPEAT = 10; // a shared string: its number, in order of definition
export const SHARED_STRING = 11; // as STRING, and the string is shared from now on: it gets the next number
export const SHARED_WIDE_STRING = 12; // as WIDE_STRING, likewise

/**
 * Strings up to this long that a load holds more than once (a file's path, entry types, venues from @string macros,
 * theme ids, names) are written out twice at most, and repeated by number after that, across the batches of the
 * load (see SharedStrings): tens of thousands of works then share one copy rather than holding one each, which the
 * host would otherwise allocate and its garbage collector copy about while they are decoded (strings are most of
 * what it copies). A string is shared from its second appearance on, as the first cannot tell whether another will
 * follow.
 */
const SHARED_LENGTH = 64;

/**
 * The short strings the batches of one load have written so far (see SHARED_LENGTH). Batches packed with one
 * SharedStrings are decoded in order, into one DecodedWorks (or with one `strings` list).
 */
export class SharedStrings {
  /** Each short string met: its number once shared, or -1 after its first appearance. */
  private readonly met = new Map<string, number>();
  private count = 0;

  /**
   * `maxMet`: past this many strings met, the next batch starts afresh (sharing from zero), which keeps the map
   * small enough to stay fast (a map of every short string of 100k works made packing 40% slower) and loses
   * little: most strings that repeat do so within a few thousand works.
   */
  constructor(private readonly maxMet = 1 << 16) {}

  /** How many strings are shared so far: where the next batch's numbers start. */
  startBatch(): number {
    if (this.met.size > this.maxMet) {
      this.met.clear();
      this.count = 0;
    }
    return this.count;
  }

  /** The string's number if it is shared already; otherwise whether to share it from here on. */
  meet(text: string): number | boolean {
    const id = this.met.get(text);
    if (id === undefined) {
      this.met.set(text, -1);
      return false;
    }
    if (id >= 0) return id;
    this.met.set(text, this.count++);
    return true;
  }
}

const WIDE = /[\u0100-\uffff]/;

/** Numbers the distinct lists of property names a batch's objects have, found name by name (no string built). */
class ShapeIds {
  readonly list: string[][] = [];
  private readonly root: ShapeNode = { next: new Map() };

  idOf(names: string[]): number {
    let node = this.root;
    for (const name of names) {
      let next = node.next.get(name);
      if (!next) node.next.set(name, (next = { next: new Map() }));
      node = next;
    }
    if (node.id === undefined) {
      node.id = this.list.length;
      this.list.push(names);
    }
    return node.id;
  }
}

interface ShapeNode {
  id?: number;
  next: Map<string, ShapeNode>;
}

class IntWriter {
  array = new Int32Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.array.length) this.array = ensureSize(this.array, this.length + 1);
    this.array[this.length++] = value;
  }
}

/** Packs a batch of plain values (works); `decodeBatch` gives back equal values, property order included. */
export function encodeBatch(items: readonly unknown[], strings = new SharedStrings()): Uint8Array {
  const sharedBefore = strings.startBatch();
  const ints = new IntWriter();
  const narrow: string[] = [];
  const wide: string[] = [];
  const shapes = new ShapeIds();
  const value = (item: unknown): void => {
    switch (typeof item) {
      case 'string': {
        const shared = item.length <= SHARED_LENGTH ? strings.meet(item) : false;
        if (typeof shared === 'number') {
          ints.push(REPEAT);
          ints.push(shared);
          return;
        }
        if (WIDE.test(item)) {
          ints.push(shared ? SHARED_WIDE_STRING : WIDE_STRING);
          wide.push(item);
        } else {
          ints.push(shared ? SHARED_STRING : STRING);
          narrow.push(item);
        }
        ints.push(item.length);
        return;
      }
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
          ints.push(shapes.idOf(keys));
          for (const key of keys) value((item as Record<string, unknown>)[key]);
        }
        return;
      default:
        throw new TypeError(`Cannot pack a ${typeof item}`);
    }
  };
  for (const item of items) value(item);

  const narrowBytes = Buffer.from(narrow.join(''), 'latin1');
  const wideBytes = Buffer.from(wide.join(''), 'utf16le');
  const shapeBytes = Buffer.from(JSON.stringify(shapes.list), 'utf8');
  const intsAt = align4(HEADER_BYTES + shapeBytes.length);
  const textAt = intsAt + ints.length * 4;
  const bytes = new Uint8Array(textAt + narrowBytes.length + wideBytes.length);
  new Uint32Array(bytes.buffer, 0, 7).set([MAGIC, items.length, ints.length, narrowBytes.length, wideBytes.length, shapeBytes.length, sharedBefore]);
  bytes.set(shapeBytes, HEADER_BYTES);
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

/**
 * Hands each item of a batch to `take`, in order, yielding every few items; throws as decodeBatch does. `strings`:
 * the strings shared by the batches before it (of the same load, encoded with the same SharedStrings), to which
 * this one's are added.
 */
export function* decodeBatchSteps(bytes: Uint8Array, take: (item: unknown) => void, strings: string[] = []): Steps<void> {
  const { buffer, count, ints, textAt, narrowLength, wideAt, shapes, sharedBefore } = batchLayout(bytes);
  // Batches of one load, out of order or mixed with another's, would repeat the wrong strings.
  if (sharedBefore === 0) strings.length = 0;
  else if (sharedBefore !== strings.length) throw new RangeError('Not the next batch of the works');
  const reader = new BatchReader(
    ints,
    buffer.toString('latin1', textAt, textAt + narrowLength),
    buffer.toString('utf16le', wideAt),
    shapesOf(shapes),
    strings,
  );
  for (let k = 0; k < count; k++) {
    take(reader.value());
    if (k % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
  }
  if (!reader.atEnd()) throw new RangeError('Corrupt batch of works');
}

/** Where the parts of a batch are, read from its header; throws if they do not add up. */
export interface BatchLayout {
  /** The batch's bytes (copied where they did not start on a 4-byte boundary). */
  buffer: Buffer;
  /** How many items it holds. */
  count: number;
  ints: Int32Array;
  /** Where the one-byte text starts in `buffer`; the two-byte text follows it. */
  textAt: number;
  narrowLength: number;
  /** Where the two-byte text starts in `buffer` (just after the one-byte text), and its length in UTF-16 units. */
  wideAt: number;
  wideLength: number;
  /** The shapes' JSON (see shapeNamesOf). */
  shapes: string;
  /** How many strings the batches before it shared; 0 where it starts afresh. */
  sharedBefore: number;
}

export function batchLayout(bytes: Uint8Array): BatchLayout {
  if (bytes.byteLength < HEADER_BYTES) throw new RangeError('Not a batch of works');
  // A copy where the batch does not start on a 4-byte boundary, so the integers can be read in place.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const [magic, count, intCount, narrowLength, wideLength, shapesLength, sharedBefore] = new Uint32Array(aligned.buffer, aligned.byteOffset, 7);
  const intsAt = align4(HEADER_BYTES + shapesLength);
  const textAt = intsAt + intCount * 4;
  if (magic !== MAGIC || wideLength % 2 || textAt + narrowLength + wideLength !== aligned.byteLength) throw new RangeError('Not a batch of works');
  const buffer = Buffer.from(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  return {
    buffer,
    count,
    ints: new Int32Array(aligned.buffer, aligned.byteOffset + intsAt, intCount),
    textAt,
    narrowLength,
    wideAt: textAt + narrowLength,
    wideLength: wideLength / 2,
    shapes: buffer.toString('utf8', HEADER_BYTES, HEADER_BYTES + shapesLength),
    sharedBefore,
  };
}

/**
 * Reads the values of one batch in order. A class rather than closures made per batch, so the code that reads
 * (and the object makers calling it) sees one kind of reader throughout a load, and stays optimised. Where its text
 * comes from is left to `slice` and `wideSlice`, and its shared strings to `repeat` and `share`, so a reader of one
 * work at a time can take them from elsewhere (WorkReader in packedWorkList.ts).
 */
export class BatchReader {
  /** Next integer, one-byte text character and two-byte text character to read. */
  protected i = 0;
  protected n = 0;
  protected w = 0;
  constructor(
    protected readonly ints: Int32Array,
    private readonly narrow: string,
    private readonly wide: string,
    private readonly shapes: readonly MakeObject[],
    /** The load's shared strings, by number. */
    private readonly shared: string[],
  ) {}

  atEnd(): boolean {
    return this.i === this.ints.length && this.n === this.narrow.length && this.w === this.wide.length;
  }

  value(): unknown {
    const ints = this.ints;
    if (this.i >= ints.length) throw new RangeError('Corrupt batch of works');
    switch (ints[this.i++]) {
      case STRING:
        return this.slice();
      case WIDE_STRING:
        return this.wideSlice();
      case SHARED_STRING:
        return this.share(this.slice());
      case SHARED_WIDE_STRING:
        return this.share(this.wideSlice());
      case REPEAT:
        return this.repeat(ints[this.i++]);
      case INT:
        return ints[this.i++];
      case ARRAY: {
        const length = ints[this.i++];
        if (length < 0 || length > ints.length - this.i) throw new RangeError('Corrupt batch of works');
        // The short lists works hold (themes, authors, editors) as literals: made whole, and V8 tracks where literals
        // are made, so once it sees that they survive it allocates them straight into the old generation.
        switch (length) {
          case 0:
            return [];
          case 1:
            return [this.value()];
          case 2:
            return [this.value(), this.value()];
          case 3:
            return [this.value(), this.value(), this.value()];
          case 4:
            return [this.value(), this.value(), this.value(), this.value()];
          case 5:
            return [this.value(), this.value(), this.value(), this.value(), this.value()];
          case 6:
            return [this.value(), this.value(), this.value(), this.value(), this.value(), this.value()];
        }
        const array = new Array<unknown>(length);
        for (let k = 0; k < length; k++) array[k] = this.value();
        return array;
      }
      case OBJECT: {
        const make = this.maker(ints[this.i++]);
        if (make === undefined) throw new RangeError('Corrupt batch of works');
        return make(this);
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
        return Number(this.slice());
      default:
        throw new RangeError('Corrupt batch of works');
    }
  }

  /** The next slice of the one-byte text (a slice of a long string shares its characters rather than copying them). */
  protected slice(): string {
    const length = this.ints[this.i++];
    if (length < 0 || this.n + length > this.narrow.length) throw new RangeError('Corrupt batch of works');
    return this.narrow.slice(this.n, (this.n += length));
  }

  protected wideSlice(): string {
    const length = this.ints[this.i++];
    if (length < 0 || this.w + length > this.wide.length) throw new RangeError('Corrupt batch of works');
    return this.wide.slice(this.w, (this.w += length));
  }

  protected maker(shape: number): MakeObject | undefined {
    return this.shapes[shape];
  }

  protected repeat(id: number): string {
    const text = this.shared[id];
    if (text === undefined) throw new RangeError('Corrupt batch of works');
    return text;
  }

  protected share(text: string): string {
    this.shared.push(text);
    return text;
  }
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

/** A 52-bit workHash as the two int32 a batch holds it in: its bits above the lowest 20, and those 20. */
function hashPair(hash: number): [number, number] {
  return [Math.floor(hash / 2 ** 20) | 0, hash % 2 ** 20];
}

/** The workHash a batch holds as two int32 (hashPair). */
export function hashFromPair(high: number, low: number): number {
  return (high >>> 0) * 2 ** 20 + low;
}

/** Batches of this many works decode in a few milliseconds each. */
export const WORKS_PER_BATCH = 1000;

/**
 * `strings`: shared by every piece of one load (so a string shared in one piece is repeated by number in the next),
 * whose pieces must then be decoded in order into one DecodedWorks. `shared`: the bytes are in a SharedArrayBuffer,
 * which the parse worker posts to the host and still writes to its cache, where an ArrayBuffer would have to be
 * copied (transferred, it is gone from the worker).
 */
export function packWorks(works: readonly Paper[], perBatch = WORKS_PER_BATCH, strings = new SharedStrings(), shared = false): PackedWorks {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < works.length; i += perBatch) {
    const batch = works.slice(i, i + perBatch);
    const hashes = batch.flatMap((work) => hashPair(workHash(work)));
    parts.push(encodeBatch([hashes, ...batch], strings));
  }
  const length = parts.reduce((total, part) => total + align4(part.length), 0);
  const bytes = new Uint8Array(shared ? new SharedArrayBuffer(length) : new ArrayBuffer(length));
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
  /** The strings the load's pieces shared so far (see SharedStrings), for the pieces after. */
  strings?: string[];
}

/**
 * Decodes the works into `into`, a few at a time (a step each), checking that each is shaped like a Paper. The
 * works of a piece are added as they are decoded: a piece that turns out corrupt leaves `into` part-filled. The
 * pieces of one load go into the same `into`, in order.
 */
export function* decodeWorkSteps(packed: PackedWorks, into: DecodedWorks = { papers: [], hashes: [] }): Steps<DecodedWorks> {
  const { bytes } = packed;
  const strings = (into.strings ??= []);
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
      into.hashes.push(hashFromPair(pair[2 * count], pair[2 * count + 1]));
      into.papers.push(item);
      count++;
    }, strings);
    if (!Array.isArray(hashes) || hashes.length !== count * 2) throw new RangeError('Corrupt batch of works');
  }
  return into;
}

/** The works of a load's pieces, in order. */
export function decodeWorks(...pieces: PackedWorks[]): Paper[] {
  const into: DecodedWorks = { papers: [], hashes: [] };
  for (const piece of pieces) runToCompletion(decodeWorkSteps(piece, into));
  return into.papers;
}

/** What every user of a Paper relies on; the rest is optional. */
function isPaperShaped(item: unknown): item is Paper {
  const paper = item as Paper;
  return typeof paper === 'object' && paper !== null && typeof paper.key === 'string' && typeof paper.title === 'string'
    && Array.isArray(paper.themes) && typeof paper.origin === 'object' && paper.origin !== null;
}

/** Builds an object of one shape, its property values read in order from `reader`. */
export type MakeObject = (reader: { value(): unknown }) => Record<string, unknown>;

/** Makers by shape (its names as JSON), kept across batches and loads: a library has a few dozen shapes. */
const makers = new Map<string, MakeObject>();
/** More distinct shapes than this (a library of odd fields) and the rest are built without a maker of their own. */
const MAX_MAKERS = 2000;

/** The maker of each shape of a batch, from the batch's JSON list of shapes (each a list of property names). */
function shapesOf(json: string): MakeObject[] {
  return shapeNamesOf(json).map(makerOf);
}

/** The maker of objects with these property names, in this order. */
export function makerOf(names: string[]): MakeObject {
  const key = JSON.stringify(names);
  let make = makers.get(key);
  if (!make) {
    make = LITERAL_MAKERS.get(key) ?? (key.startsWith(WORK_FIRST_NAMES) ? workMaker(names.slice(WORK_FIRST_COUNT)) : shapeMaker(names));
    if (makers.size < MAX_MAKERS) makers.set(key, make);
  }
  return make;
}

/** A batch's shapes, each a list of distinct property names; throws if the JSON is not that. */
export function shapeNamesOf(json: string): string[][] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    throw new RangeError('Not a batch of works');
  }
  if (!Array.isArray(list)) throw new RangeError('Not a batch of works');
  for (const names of list as unknown[]) {
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string') || new Set(names).size !== names.length) {
      throw new RangeError('Not a batch of works');
    }
  }
  return list as string[][];
}

/**
 * Makers written as object literals, for the shapes every large library repeats tens of thousands of times (a
 * person, a work's origin, its abstract). V8 notes where a literal is made; once it sees that those objects survive,
 * it makes them straight in the old generation, so the collections of the young generation during a load stop
 * copying them (an object grown property by property from `{}` has no such note).
 */
const LITERAL_MAKERS = new Map<string, MakeObject>([
  ['["family","given"]', (reader) => ({ family: reader.value(), given: reader.value() })],
  ['["family"]', (reader) => ({ family: reader.value() })],
  ['["literal"]', (reader) => ({ literal: reader.value() })],
  ['["kind","file","line","entryType"]', (reader) => ({ kind: reader.value(), file: reader.value(), line: reader.value(), entryType: reader.value() })],
  ['["text","kind"]', (reader) => ({ text: reader.value(), kind: reader.value() })],
]);

/** The properties every work from a user's file starts with, in the order entryToPaper gives them. */
const WORK_FIRST_NAMES = '["key","type","title","themes","origin"';
const WORK_FIRST_COUNT = 5;

/** A work: its first properties made as a literal (see LITERAL_MAKERS), the rest added in order. */
function workMaker(rest: readonly string[]): MakeObject {
  return (reader) => {
    const object: Record<string, unknown> = { key: reader.value(), type: reader.value(), title: reader.value(), themes: reader.value(), origin: reader.value() };
    for (const name of rest) setOwn(object, name, reader.value());
    return object;
  };
}

/** Sets a property as JSON.parse would, as the object's own, never the prototype (a .bib field may be called anything). */
function setOwn(object: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__') Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
  else object[name] = value;
}

/** Builds an object of the shape, with every property its own (as JSON.parse makes them). */
function shapeMaker(names: readonly string[]): MakeObject {
  return (reader) => {
    const object: Record<string, unknown> = {};
    for (const name of names) setOwn(object, name, reader.value());
    return object;
  };
}
