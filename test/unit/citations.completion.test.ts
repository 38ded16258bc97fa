import * as assert from 'assert';
import { CitationSyntax, completionContext } from '../../src/core/citations';
import { cursors } from './citationsTestUtil';

/** The completion context at the ‸ in `source`, with the replaced text spelled out for readable failures. */
function contextAt(source: string, syntax: CitationSyntax): { prefix: string; replaced: string; braced: boolean } | undefined {
  const { text, offsets } = cursors(source);
  const context = completionContext(text, offsets[0], syntax);
  return context && { prefix: context.prefix, replaced: text.slice(context.replaceStart, context.replaceEnd), braced: context.braced };
}

describe('citation completion context', () => {
  describe('LaTeX', () => {
    const inside = [
      ['\\cite{‸}', ''],
      ['\\cite{‸', ''],
      ['\\cite{smi‸', 'smi'],
      ['\\cite{smi‸th2020}', 'smi'],
      ['\\citep[p.~4]{‸}', ''],
      ['\\textcite[see][4]{a,‸}', ''],
      ['\\parencite*{a, b‸}', 'b'],
      ['\\cites{a}{b,‸}', ''],
      ['\\autocites(pre)(post)[1]{a}[2]{‸}', ''],
      ['\\cite{a,\n  ‸}', ''],
      ['\\cite{a,%c\n  do‸}', 'do'],
      ['\\nocite{‸}', ''],
      ['\\Textcite{‸}', ''],
    ] as const;
    for (const [source, prefix] of inside) {
      it(`completes in ${JSON.stringify(source)}`, () => assert.strictEqual(contextAt(source, 'latex')?.prefix, prefix));
    }

    const outside = [
      'text ‸', '\\cite‸{a}', '\\cite{a}‸', '\\cite[p.‸]{a}', '% \\cite{‸}', '\\cite{a, % ‸\n}', '\\cite{a b‸}',
      '\\begin{verbatim}\\cite{‸}\\end{verbatim}', '\\citetext{‸}', '\\cite{a}{‸}',
    ];
    for (const source of outside) {
      it(`does not complete in ${JSON.stringify(source)}`, () => assert.strictEqual(contextAt(source, 'latex'), undefined));
    }

    it('replaces the whole key under the cursor', () => {
      assert.deepStrictEqual(contextAt('\\cite{a,smi‸th2020,b}', 'latex'), { prefix: 'smi', replaced: 'smith2020', braced: false });
    });
  });

  describe('pandoc', () => {
    const inside = [
      ['@‸', ''],
      ['text @‸', ''],
      ['[@‸]', ''],
      ['[@doe; @‸]', ''],
      ['[-@‸]', ''],
      ['[see @do‸]', 'do'],
      ['line\n@smi‸th more', 'smi'],
      ['@doe.‸', 'doe.'],
      ['@doe:2‸', 'doe:2'],
      ['@{‸}', ''],
      ['@{https://x‸}', 'https://x'],
      ['- @‸', ''],
    ] as const;
    for (const [source, prefix] of inside) {
      it(`completes in ${JSON.stringify(source)}`, () => assert.strictEqual(contextAt(source, 'pandoc')?.prefix, prefix));
    }

    const outside = [
      'foo@‸', 'me@nhs‸', '`@‸`', '```\n@‸\n```', '---\ntitle: @‸\n---\n', '<!-- @‸ -->', '\\@‸', 'text ‸', '@fig-‸',
      '@doe ‸', '(@‸)',
    ];
    for (const source of outside) {
      it(`does not complete in ${JSON.stringify(source)}`, () => assert.strictEqual(contextAt(source, 'pandoc'), undefined));
    }

    it('replaces the key under the cursor but not a full stop after it', () => {
      assert.deepStrictEqual(contextAt('See @do‸e99. Next', 'pandoc'), { prefix: 'do', replaced: 'doe99', braced: false });
    });

    it('replaces the inside of braces and says the key is braced', () => {
      assert.deepStrictEqual(contextAt('@{a b‸c}', 'pandoc'), undefined);
      assert.deepStrictEqual(contextAt('@{ab‸c}', 'pandoc'), { prefix: 'ab', replaced: 'abc', braced: true });
    });

    it('rejects offsets outside the text', () => {
      assert.strictEqual(completionContext('@a', -1, 'pandoc'), undefined);
      assert.strictEqual(completionContext('@a', 3, 'pandoc'), undefined);
    });
  });
});
