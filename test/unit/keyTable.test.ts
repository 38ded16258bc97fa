import * as assert from 'assert';
import { KeyTable } from '../../src/core/search/keyTable';
import { normalizeText } from '../../src/core/search/normalize';

describe('KeyTable', () => {
  it('answers as a Map of folded keys would, for ASCII and other keys, repeats and absent keys included', () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 5000;
    const spellings = (n: number) => [`Key${n}`, `KEY${n}`, `key${n}é`, `Müller${n}`, `MULLER${n}`, `Łódź${n}`];
    const keys = Array.from({ length: 20000 }, () => spellings(next())[next() % 6]);
    const table = new KeyTable(keys.length, (work) => normalizeText(keys[work]));
    const map = new Map<string, number>();
    keys.forEach((key, work) => {
      table.add(key, work);
      map.set(normalizeText(key), work);
    });
    assert.strictEqual(table.size, map.size);
    for (let i = 0; i < 5000; i++) {
      for (const folded of spellings(i).map(normalizeText)) assert.strictEqual(table.get(folded), map.get(folded), folded);
    }
    assert.strictEqual(table.get(''), undefined);
  });

  it('holds more works than the capacity it was made for', () => {
    const keys = Array.from({ length: 100 }, (_, i) => `Key${i}`);
    const table = new KeyTable(4, (work) => normalizeText(keys[work]));
    keys.forEach((key, work) => table.add(key, work));
    assert.strictEqual(table.size, 100);
    keys.forEach((key, work) => assert.strictEqual(table.get(normalizeText(key)), work));
  });
});
