import * as assert from 'assert';
import fc from 'fast-check';
import { foldForMatching, ThemePlacer } from '../../src/core/bibliography/placeByThemes';

const themes = [
  { id: 'clinical', keywords: ['clinical leadership', 'doctor', 'nurse'] },
  { id: 'collective', keywords: ['co-production', 'shared leadership', 'teamwork'] },
  { id: 'management', keywords: ['management', 'manager', 'board'] },
];

describe('placing user works under themes', () => {
  const placer = new ThemePlacer(themes);

  it('folds case, accents and punctuation', () => {
    assert.strictEqual(foldForMatching('Co-Production: Résumé'), 'co production resume');
  });

  it('places a work by a keyword in its title, in theme order', () => {
    assert.deepStrictEqual(placer.place({ title: 'Teamwork among doctors and the Doctor' }), ['clinical', 'collective']);
  });

  it('matches phrases across punctuation and accents, but only whole words', () => {
    assert.deepStrictEqual(placer.place({ title: 'Clinical-leadership in practice' }), ['clinical']);
    assert.deepStrictEqual(placer.place({ title: 'CO‑PRODUCTION of care' }), ['collective']);
    assert.deepStrictEqual(placer.place({ title: 'Doctoral training and boardroom nurseries' }), []);
  });

  it('places by the keywords field', () => {
    assert.deepStrictEqual(placer.place({ title: 'A study', extraFields: { keywords: 'nurse; staffing' } }), ['clinical']);
  });

  it('needs two different keywords of a theme in the abstract', () => {
    assert.deepStrictEqual(placer.place({ title: 'A study', abstract: { text: 'Management, management.', kind: 'abstract' } }), []);
    assert.deepStrictEqual(placer.place({ title: 'A study', abstract: { text: 'The board and each manager.', kind: 'abstract' } }), ['management']);
  });

  it('finds keywords in words of ASCII, in words beyond it, and across underscores', () => {
    // Text is searched natively for keywords' first words; words with a letter beyond ASCII are folded apart, and
    // text with an underscore (a letter to the engine) takes the loop.
    assert.deepStrictEqual(placer.place({ title: 'Boards of NURSES; co-production' }), ['collective']);
    assert.deepStrictEqual(placer.place({ title: 'Boards of Nurs\u00e9s; Ma\u00f1ager, caf\u00e9doctor' }), ['management']);
    assert.deepStrictEqual(placer.place({ title: 'nurse_board and teamwork' }), ['clinical', 'collective', 'management']);
    const abstract = (text: string) => placer.place({ title: 'A study', abstract: { text, kind: 'abstract' } });
    assert.deepStrictEqual(abstract('A doctor, then clinical leadership (2020).'), ['clinical']);
    assert.deepStrictEqual(abstract('A doctor, then clinical leadership (2020) \u00e0 Paris.'), ['clinical']);
    // "dóctor" folds to "doctor": the second keyword of the theme, found in a word beyond ASCII.
    assert.deepStrictEqual(abstract('A d\u00f3ctor, then clinical leadership.'), ['clinical']);
    assert.deepStrictEqual(abstract('A d\u00f3ctorate, then clinical leadership.'), []);
    assert.deepStrictEqual(abstract('A d\u00f3ctor_then clinical leadership.'), ['clinical']);
  });

  it('leaves a work no keyword matches without a theme', () => {
    assert.deepStrictEqual(placer.place({ title: 'Protein folding' }), []);
    assert.deepStrictEqual(new ThemePlacer([]).place({ title: 'Doctor' }), []);
  });
});

describe('placing user works under themes: agreement with the plain definition', () => {
  /** The definition: fold the title, split it into words, and look for each keyword's words in a row. */
  function reference(themeList: typeof themes, title: string): string[] {
    const words = foldForMatching(title).split(' ');
    return themeList.filter((theme) => theme.keywords.some((keyword) => {
      const phrase = foldForMatching(keyword).split(' ');
      return words.some((_, i) => phrase.every((word, j) => words[i + j] === word));
    })).map((theme) => theme.id);
  }

  it('finds in a title exactly the themes whose keywords occur in its folded words', () => {
    const pieces = ['doctor', 'Doctor', 'DOCTORS', 'nurse', 'nurs\u00e9', 'nu\u0301rse', 'clinical', 'leadership', 'co', 'production',
      'Co-Production', 'shared', 'teamwork', 'board', 'boardroom', 'management', 'manager', 'Ma\u00f1ager', 'x', '1', '\u00e6',
      // A keyword whose first word is beyond ASCII even folded, which no native search looks for.
      '\u0141\u00f3d\u017a', '\u0141\u00d3D\u0179', '\u0142odz', 'Lodz', 'hospitals',
      // A word of marks alone, which folding drops; Greek, whose final sigma lowers to ς in a word and σ alone.
      '\u0301', '\u0301\u0308', '\u039f\u0394\u039f\u03a3', '\u03bf\u03b4\u03cc\u03c2', '\u03a3'];
    // `_` and the letters beyond ASCII send a title down the loop over characters; plain ASCII, down the search.
    const separators = [' ', '-', ', ', '\u2014', '\u00a0', '.', '', '\n', '\u2019s ', '_', "'"];
    const withWider = [...themes, { id: 'places', keywords: ['\u0141\u00f3d\u017a hospitals', '\u03bf\u03b4\u03cc\u03c2'] }];
    const placer = new ThemePlacer(withWider);
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...separators)), { maxLength: 12 }), (parts) => {
      const title = parts.map(([piece, separator]) => piece + separator).join('');
      assert.deepStrictEqual(placer.place({ title }), reference(withWider, title), JSON.stringify(title));
      // An underscore sends text through the loop over its characters instead of the native search: it must read
      // the same.
      const looped = `${title} _`;
      assert.deepStrictEqual(placer.place({ title: looped }), reference(withWider, looped), JSON.stringify(looped));
    }), { numRuns: 2000 });
  });
});
