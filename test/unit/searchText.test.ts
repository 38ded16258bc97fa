import * as assert from 'assert';
import fc from 'fast-check';
import { normalizeText, words } from '../../src/core/search/normalize';
import { parseQuery } from '../../src/core/search/parseQuery';
import { oneEditVariants } from '../../src/core/search/searchIndex';
import { runToCompletion, sortSteps } from '../../src/core/search/steps';
import { Vocabulary } from '../../src/core/search/vocabulary';

describe('search text', () => {
  it('folds case and diacritics, including letters Unicode does not decompose', () => {
    assert.strictEqual(normalizeText('Müller Østergaard Łukasiewicz Straße Dvořák ÆBLE'), 'muller ostergaard lukasiewicz strasse dvorak aeble');
    assert.strictEqual(normalizeText('Cafe\u0301 naïve'), 'cafe naive', 'a combining accent after an ASCII letter goes too');
  });

  it('splits words at letters and digits, so a year inside a key is its own word', () => {
    assert.deepStrictEqual(words(normalizeText('Smith2019a: COVID-19 & the NHS')), ['smith', '2019', 'a', 'covid', '19', 'the', 'nhs']);
  });

  it('interns the words of raw text exactly as folding then splitting would give them', () => {
    const unit = fc.constantFrom('a', 'b', 'Z', 'K', '1', '9', ' ', '-', '_', 'é', 'E\u0301', 'ß', 'Ø', 'Ω', '²', '–', '😀', '𝑥', 'İ', '\u212a');
    fc.assert(fc.property(fc.array(fc.string({ unit, maxLength: 30 }), { maxLength: 10 }), (texts) => {
      const vocabulary = new Vocabulary();
      for (const raw of texts) {
        const ids: number[] = [];
        vocabulary.forEachWord(raw, (id) => ids.push(id));
        assert.deepStrictEqual(ids.map((id) => vocabulary.words[id]), words(normalizeText(raw)), JSON.stringify(raw));
      }
      assert.strictEqual(new Set(vocabulary.words).size, vocabulary.size, 'each word once');
    }));
  });

  it('lists every one-edit variant: deletion, swap, substitution, insertion', () => {
    const variants = oneEditVariants('leaderhsip', [...'abcdefghijklmnopqrstuvwxyz']);
    for (const expected of ['leadership', 'leaderhip', 'leaderhsipp', 'leaderhsap']) assert.ok(variants.has(expected), expected);
    assert.ok(!variants.has('leaderhsip'));
  });

  it('sorts in steps exactly as a stable sort does', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 300 }), (values) => {
      const ids = Uint32Array.from(values.keys());
      const sorted = runToCompletion(sortSteps(ids, (a, b) => values[a] - values[b]));
      const expected = [...values.keys()].sort((a, b) => values[a] - values[b] || a - b);
      assert.deepStrictEqual([...sorted], expected);
    }));
  });

  it('reads years as exact filters, and the last word as still being typed', () => {
    const query = parseQuery('Müller leadership 2019 the qual');
    assert.deepStrictEqual(query.years, ['2019']);
    assert.deepStrictEqual(query.terms.map((term) => [term.text, term.kind, term.partial]), [
      ['muller', 'word', false], ['leadership', 'word', false], ['qual', 'word', true],
    ]);
    assert.strictEqual(parseQuery('qual ').terms[0].partial, false, 'a trailing space finishes the word');
    assert.deepStrictEqual(parseQuery('volume 12').terms.map((term) => term.kind), ['word', 'number'], 'not every number is a year');
  });
});
