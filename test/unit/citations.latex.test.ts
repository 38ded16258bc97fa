import * as assert from 'assert';
import { citationAt, findCitationKeys, findCitations, keyAt, LATEX_CITE_COMMANDS, syntaxForLanguage } from '../../src/core/citations';
import { marked } from './citationsTestUtil';

/** Asserts that the LaTeX scanner finds exactly the «marked» keys, at exactly their ranges. */
function expectKeys(source: string): void {
  const { text, keys } = marked(source);
  assert.deepStrictEqual(findCitationKeys(text, 'latex'), keys);
}

describe('LaTeX citation scanner', () => {
  describe('the cite family', () => {
    const family = [
      'cite', 'citep', 'citet', 'citealp', 'citealt', 'citeauthor', 'citeyear', 'citeyearpar', 'parencite', 'textcite',
      'autocite', 'footcite', 'footcitetext', 'fullcite', 'smartcite', 'supercite', 'nocite', 'Cite', 'Textcite',
      'Parencite', 'Autocite', 'Citep', 'Citet',
    ];
    for (const command of family) {
      it(`finds the key of \\${command}`, () => expectKeys(`Text \\${command}{«doe2020»} text.`));
      it(`finds the key of \\${command}*`, () => expectKeys(`Text \\${command}*{«doe2020»} text.`));
      it(`knows \\${command} as a cite command`, () => assert.ok(LATEX_CITE_COMMANDS.has(command)));
    }

    it('reports the command name, starred, on the citation', () => {
      const [citation] = findCitations('x \\citeauthor*{a}', 'latex');
      assert.strictEqual(citation.command, 'citeauthor*');
      assert.deepStrictEqual([citation.start, citation.end], [2, 17]);
    });

    it('ignores commands that merely contain "cite"', () => {
      expectKeys('\\citetext{not a key} \\excite{no} \\recite{no} \\citation{no} \\bibcite{no}{x}');
    });

    it('does not read \\\\cite (a line break followed by the word cite) as a command', () => {
      expectKeys('a\\\\cite{no} b');
    });
  });

  describe('arguments', () => {
    it('skips one and two optional arguments', () => {
      expectKeys('\\cite[p.~4]{«a»} \\citep[see][ch.~2]{«b»}');
    });

    it('skips optional arguments that hold braces, brackets in braces and commands', () => {
      expectKeys('\\parencite[{see [1]}][\\S~3, \\emph{passim}]{«a»}');
    });

    it('skips spaces, a line break and comments between the arguments', () => {
      expectKeys('\\cite [p. 4]\n  {«a»} \\cite%\n{«b»}');
    });

    it('does not reach across a blank line for the key group', () => {
      expectKeys('\\cite\n\n{no} \\cite[p. 4]\n\n{no}');
    });

    it('reads keys separated by commas, with spaces, across lines and with comments', () => {
      expectKeys('\\cite{«a», «b»,«c» ,\n   «d»,% comment\n«e»}');
    });

    it('reads keys holding punctuation that BibTeX allows', () => {
      expectKeys('\\cite{«smith:2020a», «doe-jones_2019», «10.1000/xyz.123», «Müller2001»}');
    });

    it('ignores empty entries in a key list', () => {
      expectKeys('\\cite{«a»,,«b»,}');
    });

    it('reads a control character in a key list as a space, never as an empty key', () => {
      assert.deepStrictEqual(findCitationKeys('\\cite{\u0007}', 'latex'), []);
      expectKeys('\\cite{\u0000«a»,\u001f«b»\u000b}');
      const [citation] = findCitations('\\cite{a\u0007}', 'latex');
      assert.deepStrictEqual([citation.lists[0].closed, citation.keys.map((key) => key.key)], [true, ['a']]);
    });

    it('treats \\nocite{*} as citing everything, with no key', () => {
      expectKeys('\\nocite{*} \\nocite{«a»}');
    });

    it('gives each key group its own list and the whole command one span', () => {
      const text = '\\textcite[see][4]{a,b} x';
      const [citation] = findCitations(text, 'latex');
      assert.strictEqual(citation.lists.length, 1);
      assert.deepStrictEqual({ start: citation.lists[0].start, end: citation.lists[0].end, closed: citation.lists[0].closed }, { start: 18, end: 21, closed: true });
      assert.strictEqual(text.slice(citation.start, citation.end), '\\textcite[see][4]{a,b}');
    });

    it('does not take a third optional argument or a second group of a plain cite', () => {
      expectKeys('\\cite{«a»}{not} \\cite[1][2][3]{no}');
    });
  });

  describe('multicites', () => {
    it('reads every group of \\cites', () => expectKeys('\\cites{«a»}{«b», «c»} text'));

    it('reads \\parencites with global and per-group notes', () => {
      expectKeys('\\parencites(see)(and others)[p.~1]{«a»}[ch.~2][p.~3]{«b»} text {not}');
    });

    for (const command of ['textcites', 'autocites', 'footcites', 'smartcites', 'supercites', 'Textcites']) {
      it(`reads \\${command}`, () => expectKeys(`\\${command}[1]{«a»}\n[2]{«b»}`));
    }

    it('reports one list per group', () => {
      const [citation] = findCitations('\\cites{a}{b,c}', 'latex');
      assert.deepStrictEqual(citation.lists.map((list) => list.keys.map((key) => key.key)), [['a'], ['b', 'c']]);
      assert.strictEqual(citation.end, 14);
    });

    it('ends a multicite at a dangling optional argument without a group', () => {
      const text = '\\cites{a}[p. 4] and \\cite{b}';
      assert.deepStrictEqual(findCitations(text, 'latex').map((citation) => text.slice(citation.start, citation.end)), ['\\cites{a}', '\\cite{b}']);
    });
  });

  describe('what is not a citation', () => {
    it('ignores a % comment to the end of its line', () => expectKeys('x % see \\cite{no}\n\\cite{«yes»}'));

    it('does not treat \\% as a comment', () => expectKeys('50\\% of cases \\cite{«a»}'));

    it('treats \\\\% as a line break followed by a comment', () => expectKeys('a \\\\% \\cite{no}\n\\cite{«b»}'));

    for (const environment of ['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment']) {
      it(`ignores the ${environment} environment`, () => {
        const opening = environment === 'minted' ? '\\begin{minted}{latex}' : `\\begin{${environment}}`;
        expectKeys(`\\cite{«a»}\n${opening}\n\\cite{no}\n\\end{${environment}}\n\\cite{«b»}`);
      });
    }

    it('ignores everything after an unclosed verbatim environment', () => expectKeys('\\cite{«a»}\\begin{verbatim}\\cite{no}'));

    it('reads ordinary environments', () => expectKeys('\\begin{itemize}\\item \\cite{«a»}\\end{itemize}'));

    it('does not open a verbatim environment inside a comment', () => expectKeys('% \\begin{verbatim}\n\\cite{«a»}'));

    it('ignores inline verbatim: \\verb, \\verb*, \\lstinline and \\mintinline', () => {
      expectKeys('\\verb|\\cite{no}| \\verb*+\\cite{no}+ \\lstinline[language=TeX]!\\cite{no}! \\lstinline{\\cite{no}} \\mintinline{latex}{\\cite{no}} \\cite{«a»}');
    });

    it('ends an unclosed \\verb at its line end', () => expectKeys('\\verb|\\cite{no}\n\\cite{«a»}'));
  });

  describe('unfinished citations', () => {
    it('reports the keys of an unclosed group, marked open', () => {
      const [citation] = findCitations('\\cite{smi', 'latex');
      assert.deepStrictEqual(citation.lists, [{ start: 6, end: 9, closed: false, keys: [{ key: 'smi', start: 6, end: 9 }] }]);
    });

    it('ends an unclosed group at the next command, so the next citation is still found', () => {
      expectKeys('\\cite{«a», \\cite{«b»}');
    });

    it('ends an unclosed group at a second word, so a sentence is not read as keys', () => {
      expectKeys('\\cite{«smi» and the rest of the sentence}, \\cite{«b»}');
    });

    it('ends an unclosed group at a blank line', () => {
      const text = '\\cite{a,\n\nb}';
      const [citation] = findCitations(text, 'latex');
      assert.strictEqual(citation.lists[0].closed, false);
      assert.deepStrictEqual(citation.keys.map((key) => key.key), ['a']);
    });

    it('reads CRLF documents: keys across lines, comments and blank lines', () => {
      expectKeys('\\cite{«a»,\r\n  «b»} % \\cite{no}\r\n\\cite{«c»,\r\n\r\nd}');
    });

    it('reports an empty group, for completion after \\cite{', () => {
      const [citation] = findCitations('\\cite{}', 'latex');
      assert.deepStrictEqual(citation.lists, [{ start: 6, end: 6, closed: true, keys: [] }]);
    });

    it('does not swallow a citation into a broken optional argument', () => {
      expectKeys('\\cite[see \\cite{«a»} and \\cite[p.~3{b}]{«c»}');
    });

    it('ends an optional argument at a blank line', () => expectKeys('\\cite[see\n\n\\cite{«a»}]{b}'));
  });

  describe('queries', () => {
    const text = 'See \\cite{alpha, beta} and \\cites{gamma}{delta}.';

    it('finds the key at an offset, including the position just after it', () => {
      assert.deepStrictEqual(keyAt(text, 17, 'latex'), { key: 'beta', start: 17, end: 21 });
      assert.deepStrictEqual(keyAt(text, 21, 'latex'), { key: 'beta', start: 17, end: 21 });
      assert.deepStrictEqual(keyAt(text, 10, 'latex'), { key: 'alpha', start: 10, end: 15 });
    });

    it('finds no key on the command, a comma, a space or outside', () => {
      for (const offset of [4, 7, 16, 22, 25, text.length]) assert.strictEqual(keyAt(text, offset, 'latex'), undefined, `offset ${offset}`);
    });

    it('finds the citation around an offset', () => {
      assert.strictEqual(citationAt(text, 30, 'latex')?.command, 'cites');
      assert.strictEqual(citationAt(text, 24, 'latex'), undefined);
    });

    it('maps languages to syntaxes', () => {
      assert.strictEqual(syntaxForLanguage('latex'), 'latex');
      assert.strictEqual(syntaxForLanguage('tex'), 'latex');
      assert.strictEqual(syntaxForLanguage('markdown'), 'pandoc');
      assert.strictEqual(syntaxForLanguage('quarto'), 'pandoc');
      assert.strictEqual(syntaxForLanguage('rmd'), 'pandoc');
      assert.strictEqual(syntaxForLanguage('python'), undefined);
      assert.strictEqual(syntaxForLanguage('toString'), undefined);
    });
  });
});
