import * as assert from 'assert';
import { NextIndex } from '../../src/core/nextIndex';

describe('NextIndex', () => {
  it('answers as indexOf for positions that grow, repeated, and that step back', () => {
    const text = 'a}b}}c} no more';
    const next = new NextIndex(text, '}');
    for (const position of [0, 0, 1, 2, 3, 4, 4, 5, 6, 7, 8, text.length, text.length + 3, 2, 0]) {
      assert.strictEqual(next.from(position), text.indexOf('}', position), `from ${position}`);
    }
  });

  it('gives its "none" when the needle does not occur after the position, and finds longer needles', () => {
    const atLength = new NextIndex('x\n@a\n@b', '\n@', 7);
    assert.deepStrictEqual([0, 2, 4, 5, 6].map((position) => atLength.from(position)), [1, 4, 4, 7, 7]);
    assert.strictEqual(new NextIndex('', '}').from(0), -1);
  });

  it('searches a stretch of text once however many positions in it ask', () => {
    let searches = 0;
    const text = Object.assign(Object.create(String.prototype) as string, {
      indexOf: (needle: string, from: number) => {
        searches++;
        return 'abc}'.indexOf(needle, from);
      },
    });
    const next = new NextIndex(text, '}');
    for (let position = 0; position <= 3; position++) assert.strictEqual(next.from(position), 3);
    assert.strictEqual(searches, 1);
  });
});
