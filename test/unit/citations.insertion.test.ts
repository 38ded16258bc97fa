import * as assert from 'assert';
import { CitationSyntax, formatCitation, InsertionOptions, offsetsAfterEdits, planCitationInsertion, TextEdit } from '../../src/core/citations';
import { cursors } from './citationsTestUtil';

function apply(text: string, edits: readonly TextEdit[]): string {
  // Applied from the end so earlier offsets stay valid, as an editor applies one batch; of an insertion and a
  // replacement starting at one offset, the insertion comes first in the result, as in VS Code.
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return text;
}

/** Inserts `keys` at every ‸ of `source` and returns the resulting text. */
function insert(source: string, keys: string[], syntax: CitationSyntax, options: InsertionOptions = {}): string {
  const { text, offsets } = cursors(source);
  return apply(text, planCitationInsertion(text, offsets, keys, syntax, options));
}

describe('citation insertion', () => {
  describe('formatting a new citation', () => {
    it('writes \\cite{…} by default and the configured command otherwise', () => {
      assert.strictEqual(formatCitation(['a', 'b'], 'latex'), '\\cite{a,b}');
      assert.strictEqual(formatCitation(['a'], 'latex', { latexCommand: '\\parencite*' }), '\\parencite*{a}');
    });

    it('falls back to \\cite for a command that is not a bare control word', () => {
      for (const command of ['cite', '\\cite{', '\\ci te', '', '\\cite**']) {
        assert.strictEqual(formatCitation(['a'], 'latex', { latexCommand: command }), '\\cite{a}', command);
      }
    });

    it('writes bracketed and in-text pandoc citations, bracing keys that need it', () => {
      assert.strictEqual(formatCitation(['a', 'b'], 'pandoc'), '[@a; @b]');
      assert.strictEqual(formatCitation(['a', 'b'], 'pandoc', { pandocStyle: 'inText' }), '@a; @b');
      assert.strictEqual(formatCitation(['doe.', 'x y'], 'pandoc'), '[@{doe.}]');
    });
  });

  describe('LaTeX', () => {
    const cases: [string, string[], string][] = [
      ['See ‸.', ['a', 'b'], 'See \\cite{a,b}.'],
      ['\\cite{‸}', ['a', 'b'], '\\cite{a,b}'],
      ['\\cite{x‸}', ['a'], '\\cite{x,a}'],
      ['\\cite{‸x}', ['a'], '\\cite{a,x}'],
      ['\\cite{x,‸}', ['a'], '\\cite{x,a}'],
      ['\\cite{x, ‸}', ['a'], '\\cite{x, a}'],
      ['\\cite{x‸,y}', ['a'], '\\cite{x,a,y}'],
      ['\\cite{x,‸y}', ['a'], '\\cite{x,a,y}'],
      ['\\cite{x,‸,y}', ['a'], '\\cite{x,a,y}'],
      ['\\cite{xy‸z}', ['a'], '\\cite{xyz,a}'],
      ['\\cite{x, y‸}', ['a', 'b'], '\\cite{x, y, a, b}'],
      ['\\citep[p.~4]{x‸}', ['a'], '\\citep[p.~4]{x,a}'],
      ['\\cites{x}{y‸}', ['a'], '\\cites{x}{y,a}'],
      ['\\cite{x,\n  y‸}', ['a'], '\\cite{x,\n  y,a}'],
      ['\\ci‸te{x}', ['a'], '\\cite{x,a}'],
      ['\\cite[p.‸ 4]{x}', ['a'], '\\cite[p. 4]{x,a}'],
      ['\\cite{x}‸', ['a'], '\\cite{x}\\cite{a}'],
      ['‸\\cite{x}', ['a'], '\\cite{a}\\cite{x}'],
      ['\\cite{smi‸', ['a'], '\\cite{smi,a'],
    ];
    for (const [source, keys, expected] of cases) {
      it(`${JSON.stringify(source)} + ${keys.join(',')} gives ${JSON.stringify(expected)}`, () => {
        assert.strictEqual(insert(source, keys, 'latex'), expected);
      });
    }

    it('skips keys the list already holds, and makes no edit when it holds them all', () => {
      assert.strictEqual(insert('\\cite{a,b‸}', ['b', 'c', 'a'], 'latex'), '\\cite{a,b,c}');
      const { text, offsets } = cursors('\\cite{a,b‸}');
      assert.deepStrictEqual(planCitationInsertion(text, offsets, ['a', 'b'], 'latex'), []);
    });

    it('uses the configured command for a new citation only', () => {
      assert.strictEqual(insert('x ‸ \\cite{y‸}', ['a'], 'latex', { latexCommand: '\\citep' }), 'x \\citep{a} \\cite{y,a}');
    });

    it('drops keys LaTeX cannot cite and duplicates in the request', () => {
      assert.strictEqual(insert('‸', ['a', 'b c', 'a', 'd{', ''], 'latex'), '\\cite{a}');
      assert.deepStrictEqual(planCitationInsertion('x', [0], ['x y'], 'latex'), []);
    });
  });

  describe('pandoc', () => {
    const cases: [string, string[], string][] = [
      ['See ‸.', ['a', 'b'], 'See [@a; @b].'],
      ['[@x‸]', ['a'], '[@x; @a]'],
      ['[‸@x]', ['a'], '[@a; @x]'],
      ['[@x, p. 4‸; @y]', ['a'], '[@x, p. 4; @a; @y]'],
      ['[@x, p.‸ 4; @y]', ['a'], '[@x, p. 4; @a; @y]'],
      ['[@x; ‸@y]', ['a'], '[@x; @a; @y]'],
      ['[see @x‸ and]', ['a', 'b'], '[see @x and; @a; @b]'],
      ['[-@x‸]', ['a'], '[-@x; @a]'],
      ['[@x;\n@y‸]', ['a'], '[@x;\n@y; @a]'],
      ['@x‸ says', ['a'], '@x [@a] says'],
      ['@x‸', ['a', 'b'], '@x [@a; @b]'],
      ['[@x]‸', ['a'], '[@x][@a]'],
      ['@‸', ['a', 'b'], '@a; @b'],
      ['[@‸]', ['a', 'b'], '[@a; @b]'],
      ['[‸]', ['a', 'b'], '[@a; @b]'],
      ['[ ‸ ]', ['a'], '[ @a ]'],
      ['`code ‸`', ['a'], '`code [@a]`'],
      ['[@x‸]', ['doe.'], '[@x; @{doe.}]'],
    ];
    for (const [source, keys, expected] of cases) {
      it(`${JSON.stringify(source)} + ${keys.join(',')} gives ${JSON.stringify(expected)}`, () => {
        assert.strictEqual(insert(source, keys, 'pandoc'), expected);
      });
    }

    it('writes in-text citations when asked, separated from a preceding word', () => {
      assert.strictEqual(insert('As ‸ shows', ['a', 'b'], 'pandoc', { pandocStyle: 'inText' }), 'As @a; @b shows');
      assert.strictEqual(insert('word‸', ['a'], 'pandoc', { pandocStyle: 'inText' }), 'word @a');
      assert.strictEqual(insert('@x‸', ['a'], 'pandoc', { pandocStyle: 'inText' }), '@x; @a');
      assert.strictEqual(insert('[@x‸]', ['a'], 'pandoc', { pandocStyle: 'inText' }), '[@x; @a]');
    });

    it('keeps an in-text citation apart from the word after the cursor, so the key reads back whole', () => {
      const inText = { pandocStyle: 'inText' } as const;
      assert.strictEqual(insert('Ema‸il', ['k1'], 'pandoc', inText), 'Ema @k1 il');
      assert.strictEqual(insert('x ‸.y', ['k1'], 'pandoc', inText), 'x @k1 .y');
      assert.strictEqual(insert('x ‸, y', ['k1'], 'pandoc', inText), 'x @k1, y');
      assert.strictEqual(insert('@‸.x', ['k1'], 'pandoc'), '@k1 .x');
      // A Unicode space that pandoc's grammar does not take before `@` is not a separator either.
      assert.strictEqual(insert('a\u2003‸', ['k1'], 'pandoc', inText), 'a\u2003 @k1');
    });

    it('inserts at the "@" of an in-text citation without gluing onto it', () => {
      assert.strictEqual(insert('See ‸@doe says', ['k'], 'pandoc'), 'See [@k] @doe says');
      assert.strictEqual(insert('‸@doe', ['k'], 'pandoc', { pandocStyle: 'inText' }), '@k @doe');
      // An `@` that is no citation (an e-mail address) is left as it is: a space would make it one.
      assert.strictEqual(insert('Ema‸@il', ['k'], 'pandoc'), 'Ema[@k]@il');
    });

    it('leaves out keys that no pandoc citation can name, and inserts nothing for those alone', () => {
      assert.strictEqual(insert('See ‸.', ['with space', 'ok', 'a{b', 'fig-1'], 'pandoc'), 'See [@ok].');
      assert.deepStrictEqual(planCitationInsertion('See .', [4], ['with space', 'tab\tkey'], 'pandoc'), []);
      assert.strictEqual(insert('[@x‸]', ['nbsp\u00a0key', 'y'], 'pandoc'), '[@x; @y]');
    });

    it('skips keys the bracket already holds', () => {
      assert.strictEqual(insert('[@a; @b‸]', ['b', 'c', 'a'], 'pandoc'), '[@a; @b; @c]');
      assert.strictEqual(insert('[@a‸]', ['a'], 'pandoc'), '[@a]');
    });

    it('does not treat a Quarto cross-reference as a citation to extend', () => {
      assert.strictEqual(insert('@fig-x‸', ['a'], 'pandoc'), '@fig-x[@a]');
    });
  });

  describe('several cursors and selections', () => {
    it('gives each cursor its own citation, in one batch of edits', () => {
      assert.strictEqual(insert('One ‸. Two ‸. Three [@x‸].', ['a'], 'pandoc'), 'One [@a]. Two [@a]. Three [@x; @a].');
      assert.strictEqual(insert('‸ and \\cite{x‸} and ‸', ['a', 'b'], 'latex'), '\\cite{a,b} and \\cite{x,a,b} and \\cite{a,b}');
    });

    it('extends a list once when two cursors are inside it', () => {
      assert.strictEqual(insert('\\cite{x‸,y‸}', ['a'], 'latex'), '\\cite{x,a,y}');
      assert.strictEqual(insert('[@x‸; @y‸]', ['a'], 'pandoc'), '[@x; @a; @y]');
    });

    it('returns edits in cursor order that never overlap', () => {
      const { text, offsets } = cursors('‸a‸b');
      const edits = planCitationInsertion(text, [offsets[1], offsets[0], offsets[1]], ['k'], 'pandoc');
      assert.deepStrictEqual(edits.map((edit) => edit.start), [1, 0]);
    });

    it('replaces a selection outside a citation with the citation', () => {
      const text = 'See REF here.';
      const edits = planCitationInsertion(text, [{ start: 4, end: 7 }], ['a'], 'latex');
      assert.strictEqual(apply(text, edits), 'See \\cite{a} here.');
    });

    it('adds to the list when a selection lies inside it, keeping the selected text', () => {
      const text = '\\cite{xyz}';
      assert.strictEqual(apply(text, planCitationInsertion(text, [{ start: 6, end: 9 }], ['a'], 'latex')), '\\cite{xyz,a}');
    });

    it('places each cursor after its own edit when an insertion and a replacement start at one offset', () => {
      // The cursor in "@do|e" adds a citation after the key, where the selection of "text" starts.
      const text = 'See @doe text here';
      const edits = planCitationInsertion(text, [6, { start: 8, end: 13 }], ['k'], 'pandoc');
      assert.deepStrictEqual(edits.map((edit) => [edit.start, edit.end]), [[8, 8], [8, 13]]);
      const after = apply(text, edits);
      assert.deepStrictEqual(offsetsAfterEdits(edits), [13, 17]);
      offsetsAfterEdits(edits).forEach((offset, index) => assert.ok(after.slice(0, offset).endsWith(edits[index].newText), after));
    });

    it('ignores targets outside the text and an empty key list', () => {
      assert.deepStrictEqual(planCitationInsertion('abc', [-1, 4, { start: 2, end: 1 }], ['a'], 'latex'), []);
      assert.deepStrictEqual(planCitationInsertion('abc', [0], [], 'pandoc'), []);
    });
  });
});
