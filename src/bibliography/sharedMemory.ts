// Large buffers the parse worker hands the extension host go in shared memory rather than being transferred. V8
// counts a transferred buffer as external memory of the host's young generation, and once that passes 32 MB it
// collects the young generation on the very next allocation of any buffer. At that moment the young generation
// holds the works decoded last, all of which survive, so that collection copies them while the worker is still busy
// on the other core: a 42 ms pause when a 100k library's 33 MB index snapshot arrived. Shared memory is not counted
// per isolate, so it sets off no such collection.

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

interface TypedArrayConstructor {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
}

/**
 * A shallow copy of `value` whose typed arrays are copied into one SharedArrayBuffer (an array already alone in
 * shared memory is kept as it is); other properties are kept.
 */
export function inSharedMemory<T extends object>(value: T): T {
  const entries = Object.entries(value);
  const arrays = entries.filter((entry): entry is [string, TypedArray] => ArrayBuffer.isView(entry[1]) && !(entry[1] instanceof DataView) && !isAloneInSharedMemory(entry[1]));
  if (!arrays.length) return value;
  // Each array starts on an 8-byte boundary; the buffer ends where the last one does (so one array fills it).
  const offsets: number[] = [];
  let end = 0;
  for (const [, array] of arrays) {
    const at = (end + 7) & ~7;
    offsets.push(at);
    end = at + array.byteLength;
  }
  const buffer = new SharedArrayBuffer(end);
  const copy: Record<string, unknown> = Object.fromEntries(entries);
  arrays.forEach(([name, array], i) => {
    const shared = new (array.constructor as TypedArrayConstructor)(buffer, offsets[i], array.length);
    shared.set(array);
    copy[name] = shared;
  });
  return copy as T;
}

/** Whether `bytes` is a whole SharedArrayBuffer, which can be posted as it is. */
export function isAloneInSharedMemory(bytes: ArrayBufferView): boolean {
  return bytes.buffer instanceof SharedArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}
