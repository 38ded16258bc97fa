// Append-only typed arrays: a large index built as JS number arrays would take 8 bytes a value and stall on growth.

export class GrowableUint32 {
  private buffer: Uint32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.buffer = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) this.buffer = ensureSize(this.buffer, this.length + 1);
    this.buffer[this.length++] = value;
  }

  get(index: number): number {
    return this.buffer[index];
  }

  or(index: number, bits: number): void {
    this.buffer[index] |= bits;
  }

  /** The values pushed, in an array of their own. */
  toArray(): Uint32Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Grows a typed array, by doubling, to hold `size` entries, filling new room with `fill`. */
export function ensureSize<A extends Int32Array | Uint32Array | Float32Array>(array: A, size: number, fill = 0): A {
  if (size <= array.length) return array;
  let length = array.length || 1;
  while (length < size) length *= 2;
  const bigger = new (array.constructor as { new (length: number): A })(length);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
