import * as assert from 'assert';
import { PositionTable } from '../../src/core/positionTable';

/** A table over `keys`, counting how often it reads a key. */
function tableOver(keys: string[], capacity = 1) {
  const reads = { count: 0 };
  const table = new PositionTable(capacity, (position) => {
    reads.count++;
    return keys[position];
  });
  return { table, reads };
}

describe('PositionTable', () => {
  it('keeps apart keys whose hashes are all equal, and finds each', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const { table } = tableOver(keys);
    keys.forEach((_, position) => assert.strictEqual(table.set(7, position), -1));
    assert.strictEqual(table.size, 40);
    keys.forEach((key, position) => assert.strictEqual(table.find(7, key), position));
    assert.strictEqual(table.find(7, 'absent'), -1);
    assert.strictEqual(table.find(8, 'k1'), -1);
  });

  it('maps a key met again to its latest position and returns the one it replaced', () => {
    const keys = ['a', 'b', 'a', 'a', 'b'];
    const { table } = tableOver(keys);
    assert.deepStrictEqual(
      keys.map((key, position) => table.set(key.charCodeAt(0), position)),
      [-1, -1, 0, 2, 1],
    );
    assert.strictEqual(table.size, 2);
    assert.strictEqual(table.find(97, 'a'), 3);
    assert.strictEqual(table.find(98, 'b'), 4);
  });

  it('reads a key only when two hashes are equal', () => {
    const keys = ['a', 'b', 'c', 'a'];
    const { table, reads } = tableOver(keys);
    for (let position = 0; position < 3; position++) table.set(position * 16, position);
    assert.strictEqual(reads.count, 0, 'distinct hashes in one probe chain read no key');
    table.set(0, 3);
    assert.strictEqual(reads.count, 2, 'the entry met and the new key');
    assert.strictEqual(table.find(16, 'b'), 1);
    assert.strictEqual(reads.count, 3);
  });

  it('answers as a Map would through many growths from a tiny capacity, with probe chains that wrap around', () => {
    let seed = 5;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    // 64 hashes whose low bits are all ones or nearly: every key starts near the end of the slots, at every size.
    const hashOf = (key: string) => ~(Number(key.slice(3)) % 64);
    const keys = Array.from({ length: 3000 }, () => `key${next() % 1000}`);
    const { table } = tableOver(keys);
    const map = new Map<string, number>();
    keys.forEach((key, position) => {
      assert.strictEqual(table.set(hashOf(key), position), map.get(key) ?? -1);
      map.set(key, position);
    });
    assert.strictEqual(table.size, map.size);
    for (let i = 0; i < 1100; i++) assert.strictEqual(table.find(hashOf(`key${i}`), `key${i}`), map.get(`key${i}`) ?? -1);
  });

  it('is made again from its arrays, answering as the table they came from without reading any key to fill it', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `key${i % 450}`);
    const hashOf = (key: string) => Math.imul(Number(key.slice(3)), 0x9e3779b1);
    const { table } = tableOver(keys);
    keys.forEach((key, position) => table.set(hashOf(key), position));
    const reads = { count: 0 };
    const { slots, hashes } = table.toArrays();
    const restored = PositionTable.restore(slots.slice(), hashes.slice(), keys.length, (position) => {
      reads.count++;
      return keys[position];
    });
    assert.ok(restored);
    assert.strictEqual(reads.count, 0);
    assert.strictEqual(restored.size, table.size);
    for (let i = 0; i < 460; i++) assert.strictEqual(restored.find(hashOf(`key${i}`), `key${i}`), table.find(hashOf(`key${i}`), `key${i}`), `key${i}`);
  });

  it('refuses arrays that cannot be a table of that many positions', () => {
    const keyAt = () => 'k';
    const { table } = tableOver(['a', 'b', 'c']);
    ['a', 'b', 'c'].forEach((key, position) => table.set(key.charCodeAt(0), position));
    const { slots, hashes } = table.toArrays();
    assert.ok(PositionTable.restore(slots, hashes, 3, keyAt));
    assert.strictEqual(PositionTable.restore(slots, hashes, 2, keyAt), undefined, 'a position past the end');
    assert.strictEqual(PositionTable.restore(slots.subarray(0, 12), hashes.subarray(0, 12), 3, keyAt), undefined, 'not a power of two');
    assert.strictEqual(PositionTable.restore(slots, hashes.subarray(0, 8), 3, keyAt), undefined, 'arrays of unequal length');
    const negative = slots.slice();
    negative[negative.indexOf(0)] = -5;
    assert.strictEqual(PositionTable.restore(negative, hashes, 3, keyAt), undefined, 'a negative slot');
    assert.strictEqual(PositionTable.restore(new Int32Array(16).fill(1), new Int32Array(16), 3, keyAt), undefined, 'more than half full');
  });
});
