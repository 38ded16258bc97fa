// A large library's works kept as the parse worker packed them (worksCodec.ts), each made into a Paper only when it is
// first asked for. Decoding every work of a 100k library on the host's main thread made millions of objects, all of
// which survive: the young generation's collections copied them about in pauses of 10-28 ms, and the full collections
// after them paused the thread for up to 82 ms. Here the pieces of a load are walked once, in small steps, for what
// the library needs of every work at once (its key, its themes, its origin's kind, its workHash, and where it starts),
// which allocates little more than the keys; the rest of a work is read when it is shown, hovered or ranked.
import { Paper } from '../core/model';
import { GrowableUint32 } from '../core/search/growable';
import { Steps } from '../core/search/steps';
import {
  ARRAY, batchLayout, BatchLayout, BatchReader, batchRanges, FALSE, hashFromPair, INT, makerOf, MakeObject, NULL, NUMBER, OBJECT, PackedWorks, REPEAT,
  shapeNamesOf, SHARED_STRING, SHARED_WIDE_STRING, STRING, TRUE, UNDEFINED, WIDE_STRING,
} from './worksCodec';

/** Works walked between two yields: well under a millisecond. */
const WORKS_PER_STEP = 64;

interface Batch {
  layout: BatchLayout;
  /** Its shapes' property names, and their makers, each made when first needed. */
  names: string[][];
  makers: (MakeObject | undefined)[];
  /** The number, in the list's table of shared strings, of this batch's shared string 0. */
  sharedBase: number;
}

export class PackedWorkList {
  private readonly batches: Batch[] = [];
  private readonly keys: string[] = [];
  private readonly themes: (readonly string[])[] = [];
  private readonly userWork: boolean[] = [];
  private readonly hashes: number[] = [];
  /** Each work's batch, and where its value starts in the batch's integers, one-byte text and two-byte text. */
  private readonly batchOf = new GrowableUint32();
  private readonly intAt = new GrowableUint32();
  private readonly narrowAt = new GrowableUint32();
  private readonly wideAt = new GrowableUint32();
  /** The works made so far (undefined until asked for). */
  private readonly made: (Paper | undefined)[] = [];
  private madeSoFar = 0;
  /** Where each shared string is (its batch, its start and length in characters, which text), and its text once read. */
  private readonly sharedBatch = new GrowableUint32();
  private readonly sharedStart = new GrowableUint32();
  private readonly sharedLength = new GrowableUint32();
  private readonly sharedWide: boolean[] = [];
  private readonly sharedText: (string | undefined)[] = [];
  /** Where the shared strings of the batches being read start (a batch may start afresh: see SharedStrings). */
  private sharedBase = 0;
  /** Lists of themes by their ids joined, so the works of one combination share one frozen list. */
  private readonly themeLists = new Map<string, readonly string[]>();

  get length(): number {
    return this.keys.length;
  }

  keyAt(index: number): string {
    return this.keys[index];
  }

  /** The work's theme ids (shared between works: never changed). */
  themesAt(index: number): readonly string[] {
    return this.themes[index];
  }

  /** Whether the work's origin is a user's file (rather than the corpus). */
  isUserWork(index: number): boolean {
    return this.userWork[index];
  }

  /** Each work's workHash, as the worker computed it. */
  workHashes(): Float64Array {
    return Float64Array.from(this.hashes);
  }

  /** The work at `index`, made when first asked for: the same object each time after. */
  at(index: number): Paper {
    let paper = this.made[index];
    if (paper === undefined) {
      if (index < 0 || index >= this.length || !Number.isInteger(index)) throw new RangeError(`No work at ${index}`);
      const batch = this.batches[this.batchOf.get(index)];
      const reader = new WorkReader(this, batch, this.intAt.get(index), this.narrowAt.get(index), this.wideAt.get(index));
      paper = reader.value() as Paper;
      this.made[index] = paper;
      this.madeSoFar++;
    }
    return paper;
  }

  /** How many of the works have been made (the benchmark reports it for a start-up). */
  get madeCount(): number {
    return this.madeSoFar;
  }

  /**
   * Adds the works of a piece, walked a few at a time (a step each) and checked as decodeWorkSteps checks them; throws
   * a RangeError on anything the worker did not write. The pieces of one load must be added in order. A piece that
   * turns out corrupt leaves the list holding the works walked before the fault.
   */
  *addSteps(packed: PackedWorks): Steps<void> {
    for (const [start, end] of batchRanges(packed)) {
      const layout = batchLayout(packed.bytes.subarray(start, end));
      // Batches of one load, out of order or mixed with another's, would repeat the wrong strings.
      if (layout.sharedBefore === 0) this.sharedBase = this.sharedText.length;
      else if (layout.sharedBefore !== this.sharedText.length - this.sharedBase) throw new RangeError('Not the next batch of the works');
      const batch: Batch = { layout, names: shapeNamesOf(layout.shapes), makers: [], sharedBase: this.sharedBase };
      this.batches.push(batch);
      yield* new BatchWalker(this, batch, this.batches.length - 1).steps();
    }
  }

  /** The shared string numbered `id` in the list's table. */
  sharedString(id: number): string {
    let text = this.sharedText[id];
    if (text === undefined) {
      const batch = this.batches[this.sharedBatch.get(id)];
      text = (this.sharedWide[id] ? wideText : narrowText)(batch, this.sharedStart.get(id), this.sharedLength.get(id));
      this.sharedText[id] = text;
    }
    return text;
  }

  /** Notes a shared string's place; its text is read when first needed. */
  defineShared(batch: number, start: number, length: number, wide: boolean): void {
    this.sharedBatch.push(batch);
    this.sharedStart.push(start);
    this.sharedLength.push(length);
    this.sharedWide.push(wide);
    this.sharedText.push(undefined);
  }

  /** Numbers of shared strings defined so far. */
  get sharedCount(): number {
    return this.sharedText.length;
  }

  addWork(batch: number, intAt: number, narrowAt: number, wideAt: number, key: string, themes: readonly string[], userWork: boolean, hash: number): void {
    this.batchOf.push(batch);
    this.intAt.push(intAt);
    this.narrowAt.push(narrowAt);
    this.wideAt.push(wideAt);
    this.keys.push(key);
    this.themes.push(this.sharedThemes(themes));
    this.userWork.push(userWork);
    this.hashes.push(hash);
    this.made.push(undefined);
  }

  private sharedThemes(themes: readonly string[]): readonly string[] {
    const id = themes.join('\u0000');
    let list = this.themeLists.get(id);
    if (!list) this.themeLists.set(id, (list = Object.freeze([...themes])));
    return list;
  }
}

/** Reads one work of a batch, its text read straight from the bytes, its shared strings from the list's table. */
class WorkReader extends BatchReader {
  constructor(private readonly list: PackedWorkList, private readonly batch: Batch, intAt: number, narrowAt: number, wideAt: number) {
    super(batch.layout.ints, '', '', [], []);
    this.i = intAt;
    this.n = narrowAt;
    this.w = wideAt;
  }

  protected override slice(): string {
    const length = this.ints[this.i++];
    const text = narrowText(this.batch, this.n, length);
    this.n += length;
    return text;
  }

  protected override wideSlice(): string {
    const length = this.ints[this.i++];
    const text = wideText(this.batch, this.w, length);
    this.w += length;
    return text;
  }

  protected override maker(shape: number): MakeObject | undefined {
    const names = this.batch.names[shape];
    return names && (this.batch.makers[shape] ??= makerOf(names));
  }

  protected override repeat(id: number): string {
    return this.list.sharedString(this.batch.sharedBase + id);
  }

  protected override share(text: string): string {
    return text;
  }
}

/** `length` characters of the batch's one-byte text from character `start`, read from its bytes. */
function narrowText(batch: Batch, start: number, length: number): string {
  const at = batch.layout.textAt + start;
  return batch.layout.buffer.toString('latin1', at, at + length);
}

/** `length` UTF-16 units of the batch's two-byte text from unit `start`, read from its bytes. */
function wideText(batch: Batch, start: number, length: number): string {
  const at = batch.layout.wideAt + 2 * start;
  return batch.layout.buffer.toString('utf16le', at, at + 2 * length);
}

function corrupt(): RangeError {
  return new RangeError('Corrupt batch of works');
}

/**
 * Walks one batch's values as BatchReader reads them, checking each, without making them: for each work it reads only
 * its key, its themes and its origin's kind, and notes where it starts.
 */
class BatchWalker {
  private i = 0;
  private n = 0;
  private w = 0;
  private readonly ints: Int32Array;

  constructor(private readonly list: PackedWorkList, private readonly batch: Batch, private readonly batchNumber: number) {
    this.ints = batch.layout.ints;
  }

  *steps(): Steps<void> {
    const works = this.batch.layout.count - 1;
    if (works < 0) throw corrupt();
    // The batch's first item: each work's hash, as two integers.
    if (this.next() !== ARRAY || this.next() !== 2 * works) throw corrupt();
    const hashes = new Float64Array(works);
    for (let k = 0; k < works; k++) {
      if (this.next() !== INT) throw corrupt();
      const high = this.next();
      if (this.next() !== INT) throw corrupt();
      hashes[k] = hashFromPair(high, this.next());
    }
    for (let k = 0; k < works; k++) {
      this.work(hashes[k]);
      if (k % WORKS_PER_STEP === WORKS_PER_STEP - 1) yield;
    }
    if (this.i !== this.ints.length || this.n !== this.batch.layout.narrowLength || this.w !== this.batch.layout.wideLength) throw corrupt();
  }

  private work(hash: number): void {
    const { i, n, w } = this;
    if (this.next() !== OBJECT) throw corrupt();
    const names = this.batch.names[this.next()];
    if (names === undefined) throw corrupt();
    let key: string | undefined;
    let title = false;
    let themes: string[] | undefined;
    let origin: { kind?: string } | undefined;
    for (const name of names) {
      switch (name) {
        case 'key':
          key = this.string();
          break;
        case 'title':
          title = this.isString();
          this.skip();
          break;
        case 'themes':
          themes = this.strings();
          break;
        case 'origin':
          origin = this.origin();
          break;
        default:
          this.skip();
      }
    }
    // What isPaperShaped asks of a decoded work, and themes that are text.
    if (key === undefined || !title || themes === undefined || origin === undefined) throw corrupt();
    this.list.addWork(this.batchNumber, i, n, w, key, themes, origin.kind === 'user', hash);
  }

  /** The next integer of the stream. */
  private next(): number {
    if (this.i >= this.ints.length) throw corrupt();
    return this.ints[this.i++];
  }

  private isString(): boolean {
    const tag = this.ints[this.i];
    return tag === STRING || tag === WIDE_STRING || tag === SHARED_STRING || tag === SHARED_WIDE_STRING || tag === REPEAT;
  }

  /** The next value, which must be a string; read rather than skipped. */
  private string(): string {
    const tag = this.next();
    switch (tag) {
      case STRING:
      case SHARED_STRING: {
        const start = this.narrowSlice(tag === SHARED_STRING);
        return narrowText(this.batch, start, this.n - start);
      }
      case WIDE_STRING:
      case SHARED_WIDE_STRING: {
        const start = this.wideSlice(tag === SHARED_WIDE_STRING);
        return wideText(this.batch, start, this.w - start);
      }
      case REPEAT:
        return this.list.sharedString(this.sharedId());
      default:
        throw corrupt();
    }
  }

  /** The next value, which must be an array of strings. */
  private strings(): string[] {
    if (this.next() !== ARRAY) throw corrupt();
    const length = this.next();
    if (length < 0 || length > this.ints.length - this.i) throw corrupt();
    const list: string[] = [];
    for (let k = 0; k < length; k++) list.push(this.string());
    return list;
  }

  /** The next value, which must be an object: its `kind` if that is text. */
  private origin(): { kind?: string } {
    if (this.next() !== OBJECT) throw corrupt();
    const names = this.batch.names[this.next()];
    if (names === undefined) throw corrupt();
    let kind: string | undefined;
    for (const name of names) {
      if (name === 'kind' && this.isString()) kind = this.string();
      else this.skip();
    }
    return { kind };
  }

  /** Passes over the next value, checking it as BatchReader.value would read it. */
  private skip(): void {
    const tag = this.next();
    switch (tag) {
      case STRING:
      case SHARED_STRING:
        this.narrowSlice(tag === SHARED_STRING);
        return;
      case WIDE_STRING:
      case SHARED_WIDE_STRING:
        this.wideSlice(tag === SHARED_WIDE_STRING);
        return;
      case REPEAT:
        this.sharedId();
        return;
      case INT:
        this.next();
        return;
      case NUMBER:
        this.narrowSlice(false);
        return;
      case ARRAY: {
        const length = this.next();
        if (length < 0 || length > this.ints.length - this.i) throw corrupt();
        for (let k = 0; k < length; k++) this.skip();
        return;
      }
      case OBJECT: {
        const names = this.batch.names[this.next()];
        if (names === undefined) throw corrupt();
        for (let k = 0; k < names.length; k++) this.skip();
        return;
      }
      case TRUE:
      case FALSE:
      case NULL:
      case UNDEFINED:
        return;
      default:
        throw corrupt();
    }
  }

  /** Passes over a slice of the one-byte text, noting it if it is shared; returns where it started. */
  private narrowSlice(shared: boolean): number {
    const length = this.next();
    const start = this.n;
    if (length < 0 || start + length > this.batch.layout.narrowLength) throw corrupt();
    if (shared) this.list.defineShared(this.batchNumber, start, length, false);
    this.n += length;
    return start;
  }

  private wideSlice(shared: boolean): number {
    const length = this.next();
    const start = this.w;
    if (length < 0 || start + length > this.batch.layout.wideLength) throw corrupt();
    if (shared) this.list.defineShared(this.batchNumber, start, length, true);
    this.w += length;
    return start;
  }

  /** A shared string's number in the list's table, checked to be one defined so far. */
  private sharedId(): number {
    const id = this.batch.sharedBase + this.next();
    if (id < this.batch.sharedBase || id >= this.list.sharedCount) throw corrupt();
    return id;
  }
}
