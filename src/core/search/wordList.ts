// The index's words by id. Where the index was built they are the vocabulary's array; restored from a snapshot, they
// stay the snapshot's text, decoded in large pieces, and a word is sliced from its piece when asked for. At 100k works
// a snapshot holds ~170,000 words: split into strings at once, they all survived into the host's young generation,
// whose collections copied them about while a warm start restored the index (9 collections, 30-40 ms in all on a
// quiet machine, and a single one of 52 ms on a busy one).
import { GrowableUint32 } from './growable';
import { Steps } from './steps';

export interface WordList {
  readonly length: number;
  at(id: number): string;
  /** The words as a snapshot holds them: UTF-8, one per line. */
  toBytes(): Uint8Array;
}

/** Words held as strings. */
export class ArrayWords implements WordList {
  constructor(private readonly words: readonly string[]) {}

  get length(): number {
    return this.words.length;
  }

  at(id: number): string {
    return this.words[id];
  }

  toBytes(): Uint8Array {
    return new TextEncoder().encode(this.words.join('\n'));
  }
}

/**
 * Words as a snapshot's UTF-8 lines: each one a slice of the decoded piece it is in, kept once made (a search reads
 * the same few thousand words again and again in its binary searches; slicing them anew cost a search ~1 ms).
 */
export class SnapshotWords implements WordList {
  /** Made when first asked for; one array of that length goes straight to the old generation. */
  private readonly made: (string | undefined)[];

  constructor(
    /** The lines, as the snapshot holds them (and writes them again). */
    private readonly bytes: Uint8Array,
    private readonly pieces: readonly string[],
    private readonly pieceOf: Uint32Array,
    private readonly starts: Uint32Array,
    private readonly ends: Uint32Array,
  ) {
    this.made = new Array<string | undefined>(starts.length);
  }

  get length(): number {
    return this.starts.length;
  }

  at(id: number): string {
    let word = this.made[id];
    if (word === undefined) this.made[id] = word = this.pieces[this.pieceOf[id]].slice(this.starts[id], this.ends[id]);
    return word;
  }

  toBytes(): Uint8Array {
    return this.bytes;
  }
}

/**
 * The lines of UTF-8 text (a snapshot's words), decoded ~256 KB at a time, each piece a step: at 100k works the words
 * are megabytes, which decoded at once held the main thread for tens of milliseconds. A line break byte is never part
 * of a longer UTF-8 sequence, so cutting there splits no character.
 */
export function* decodeWordsSteps(bytes: Uint8Array, chunk = PIECE_BYTES): Steps<SnapshotWords> {
  const pieces: string[] = [];
  const pieceOf = new GrowableUint32();
  const starts = new GrowableUint32();
  const ends = new GrowableUint32();
  const decoder = new TextDecoder();
  for (let start = 0; start < bytes.length;) {
    const cut = start + chunk >= bytes.length ? -1 : bytes.indexOf(10, start + chunk);
    const text = decoder.decode(bytes.subarray(start, cut < 0 ? bytes.length : cut));
    for (let from = 0; ;) {
      const end = text.indexOf('\n', from);
      pieceOf.push(pieces.length);
      starts.push(from);
      ends.push(end < 0 ? text.length : end);
      if (end < 0) break;
      from = end + 1;
    }
    pieces.push(text);
    if (cut < 0) break;
    start = cut + 1;
    yield;
  }
  return new SnapshotWords(bytes, pieces, pieceOf.toArray(), starts.toArray(), ends.toArray());
}

// Large enough that each decoded piece goes straight to V8's large-object space rather than into the young generation.
const PIECE_BYTES = 262144;
