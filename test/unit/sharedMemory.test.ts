import * as assert from 'assert';
import { inSharedMemory, isAloneInSharedMemory } from '../../src/bibliography/sharedMemory';

describe('shared memory for what the parse worker posts', () => {
  it('copies every typed array of an object into one SharedArrayBuffer, keeping types, values and other properties', () => {
    const backing = new Uint32Array([9, 1, 2, 3, 9]);
    const original = { size: 3, name: 'index', words: new Uint8Array([104, 105, 10]), postings: backing.subarray(1, 4), norms: new Float32Array([0.5, 1.5]) };
    const shared = inSharedMemory(original);
    assert.deepStrictEqual(shared, original);
    assert.ok(shared.words instanceof Uint8Array && shared.postings instanceof Uint32Array && shared.norms instanceof Float32Array);
    const buffers = new Set([shared.words.buffer, shared.postings.buffer, shared.norms.buffer]);
    assert.strictEqual(buffers.size, 1, 'one buffer');
    assert.ok(shared.words.buffer instanceof SharedArrayBuffer);
    for (const array of [shared.words, shared.postings, shared.norms]) assert.strictEqual(array.byteOffset % 8, 0, 'each aligned');
    shared.postings[0] = 7;
    assert.strictEqual(backing[1], 1, 'a copy: the original is untouched');
  });

  it('keeps an array already alone in shared memory, and an object with no arrays, as they are', () => {
    const bytes = new Uint8Array(new SharedArrayBuffer(4));
    const piece = { bytes, batches: [4] };
    assert.ok(isAloneInSharedMemory(bytes));
    assert.strictEqual(inSharedMemory(piece), piece);
    const plain = { size: 0, alphabet: 'abc' };
    assert.strictEqual(inSharedMemory(plain), plain);
    assert.ok(!isAloneInSharedMemory(new Uint8Array(new SharedArrayBuffer(8), 4)), 'a view of part of one is not');
    assert.ok(!isAloneInSharedMemory(new Uint8Array(4)), 'nor is ordinary memory');
    assert.ok(isAloneInSharedMemory(inSharedMemory({ bytes: new Uint8Array(new SharedArrayBuffer(8), 4) }).bytes), 'so it is copied out');
  });
});
