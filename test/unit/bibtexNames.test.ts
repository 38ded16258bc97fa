import * as assert from 'assert';
import fc from 'fast-check';
import { parseNames, splitNames, wordCase } from '../../src/core/bibtex/bibtexNames';

describe('BibTeX names', () => {
  it('splits a list at "and" in any case, but not inside braces or words', () => {
    assert.deepStrictEqual(splitNames('Smith, John and Jones, Mary AND Brown, Ann\n  and {Barnes and Noble}'), [
      'Smith, John', 'Jones, Mary', 'Brown, Ann', '{Barnes and Noble}',
    ]);
    assert.deepStrictEqual(splitNames('Anderson, Sandy and Candy'), ['Anderson, Sandy', 'Candy']);
  });

  it('splits a list as BibTeX\'s definition does, braces and all, and reads the names it splits as parseNames reads the list', () => {
    /** The definition, plainly: white space, "and" in any case, white space, outside braces; the start counts as a space. */
    function splitByDefinition(list: string): string[] {
      const text = ` ${list}`;
      const pieces: string[] = [];
      let depth = 0;
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}') depth = Math.max(0, depth - 1);
        else if (depth === 0 && /^[ \t\n\v\f\r]and[ \t\n\v\f\r]/i.test(text.slice(i, i + 5))) {
          pieces.push(text.slice(start, i));
          start = i + 4;
        }
      }
      pieces.push(text.slice(start));
      return pieces.map((piece) => piece.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '')).filter((piece) => piece !== '');
    }
    const units = fc.constantFrom('and', 'AND', 'aNd', 'an', 'd', ' ', '  ', '\t', '\n', '\u00a0', '{', '}', '{x y}', '{and}', 'Smith, Ann',
      '{Barnes and Noble}', '{\\"u}', '~', 'others', 'van');
    fc.assert(fc.property(fc.string({ unit: units, maxLength: 24 }), (list) => {
      const names = splitNames(list);
      assert.deepStrictEqual(names, splitByDefinition(list), JSON.stringify(list));
      assert.deepStrictEqual(parseNames(list), names.flatMap((name) => parseNames(name)), JSON.stringify(list));
    }), { numRuns: 5000 });
    assert.deepStrictEqual(splitNames('and Smith and'), ['Smith and']);
    assert.deepStrictEqual(splitNames('{Smith and} and Jones and {Brown'), ['{Smith and}', 'Jones', '{Brown']);
    assert.deepStrictEqual(splitNames('Smith} and {Jones and Brown}'), ['Smith}', '{Jones and Brown}']);
  });

  it('reads "Last, First", "First Last" and "Last, Jr, First"', () => {
    assert.deepStrictEqual(parseNames('Shapiro, Jonathan and Sabina Rashid and Ford, Jr., Henry'), [
      { family: 'Shapiro', given: 'Jonathan' },
      { family: 'Rashid', given: 'Sabina' },
      { family: 'Ford', given: 'Henry', suffix: 'Jr.' },
    ]);
  });

  it('puts the von part with the family name in both orders', () => {
    assert.deepStrictEqual(parseNames('van Gennep, Arnold and Ahasver von Brandt and Jean de La Fontaine'), [
      { family: 'van Gennep', given: 'Arnold' },
      { family: 'von Brandt', given: 'Ahasver' },
      { family: 'de La Fontaine', given: 'Jean' },
    ]);
  });

  it('keeps several given names and initials together, and reads ties as spaces', () => {
    assert.deepStrictEqual(parseNames('John Duncan Edmonstone and D.~E. Knuth and Edward D. Nicol'), [
      { family: 'Edmonstone', given: 'John Duncan' },
      { family: 'Knuth', given: 'D. E.' },
      { family: 'Nicol', given: 'Edward D.' },
    ]);
  });

  it('reads a braced name as an organisation, never split', () => {
    assert.deepStrictEqual(parseNames('{World Health Organization} and {The King\'s Fund}'), [
      { literal: 'World Health Organization' },
      { literal: "The King's Fund" },
    ]);
  });

  it('decodes accents in names, whichever way they are written', () => {
    assert.deepStrictEqual(parseNames('Aks{\\i}n, {\\"O}zge and {\\c{C}}etinkaya, Bekir and B\\"{u}y\\"uk, Orhan and Mu\\~{n}oz, Ana'), [
      { family: 'Aksın', given: 'Özge' },
      { family: 'Çetinkaya', given: 'Bekir' },
      { family: 'Büyük', given: 'Orhan' },
      { family: 'Muñoz', given: 'Ana' },
    ]);
  });

  it('takes a word\'s case from its first letter, from a special character, or none from plain braces', () => {
    assert.strictEqual(wordCase('van'), 'lower');
    assert.strictEqual(wordCase('Gennep'), 'upper');
    assert.strictEqual(wordCase('{\\"O}zkal'), 'upper');
    assert.strictEqual(wordCase('{\\"o}zkal'), 'lower');
    assert.strictEqual(wordCase('{van}'), 'none');
    assert.strictEqual(wordCase('\\AE sop'), 'upper');
    assert.deepStrictEqual(parseNames('Ludwig {van} Beethoven'), [{ family: 'Beethoven', given: 'Ludwig van' }]);
  });

  it('keeps "and others" as the et al. it stands for, and a single word as the family name', () => {
    assert.deepStrictEqual(parseNames('Aristotle and others'), [{ family: 'Aristotle' }, { literal: 'others' }]);
  });

  it('skips empty names and survives odd lists', () => {
    assert.deepStrictEqual(parseNames(' and  and Smith, John and '), [{ family: 'Smith', given: 'John' }]);
    assert.deepStrictEqual(parseNames(''), []);
    assert.deepStrictEqual(parseNames('{}'), []);
    assert.deepStrictEqual(parseNames(', John'), [{ given: 'John' }]);
    assert.deepStrictEqual(parseNames('Smith, , John'), [{ family: 'Smith', given: 'John' }]);
    assert.deepStrictEqual(parseNames('{unclosed, John'), [{ family: 'unclosed, John' }]);
  });

  it('splits a list without braces wherever BibTeX\'s pattern (white space, "and" in any case, white space) does', () => {
    // The list is read in place; a split by the pattern, each piece read alone, is the reference.
    const units = fc.constantFrom('and', 'AND', 'And', 'a', 'n', 'd', 'x', 'Smith', 'Ann', ',', ' ', '  ', '\t', '\n', '~', '\\"u', 'others', 'van');
    fc.assert(fc.property(fc.string({ unit: units, maxLength: 30 }), (list) => {
      const pieces = ` ${list}`.split(/[ \t\n\v\f\r]+and(?=[ \t\n\v\f\r])/i);
      assert.deepStrictEqual(parseNames(list), pieces.flatMap((piece) => parseNames(piece)), JSON.stringify(list));
    }), { numRuns: 5000 });
  });

  it('reads a list with a long run of spaces in linear time, splitting at an "and" after the run', () => {
    // 100,000 spaces: a split that re-read the run from each space took tens of seconds, past the test's timeout.
    const run = ' '.repeat(100_000);
    assert.deepStrictEqual(parseNames(`Ann${run}Smith`), [{ family: 'Smith', given: 'Ann' }]);
    assert.deepStrictEqual(parseNames(`Smith, Ann${run}and${run}Jones, Bo`), [{ family: 'Smith', given: 'Ann' }, { family: 'Jones', given: 'Bo' }]);
    assert.deepStrictEqual(parseNames('A and  and\tand B'), [{ family: 'A' }, { family: 'B' }]);
  });
});
