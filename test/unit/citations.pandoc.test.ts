import * as assert from 'assert';
import { citationAt, findCitationKeys, findCitations, isBareKey, isPandocKey, isQuartoCrossRef, keyAt, pandocKeyText } from '../../src/core/citations';
import { pandocAt, pandocSignAt } from '../../src/core/citations/pandocScanner';
import { marked } from './citationsTestUtil';

/** Asserts that the pandoc scanner finds exactly the «marked» keys, at exactly their ranges. */
function expectKeys(source: string): void {
  const { text, keys } = marked(source);
  assert.deepStrictEqual(findCitationKeys(text, 'pandoc'), keys);
}

describe('pandoc citation scanner', () => {
  describe('citation forms', () => {
    it('reads a bracketed citation with a locator and several keys', () => {
      expectKeys('As shown [@«doe99», p. 33; @«smith04», ch. 1].');
    });

    it('reads a prefix before the key', () => expectKeys('[see @«doe99»; also @«roe01»]'));

    it('reads an author-suppressing citation [-@key]', () => expectKeys('Doe says so [-@«doe99»].'));

    it('reads in-text citations at a line start and after a space', () => expectKeys('@«doe99» says\nthat @«roe01» [p. 4] agrees.'));

    it('reads a braced key, leaving the braces out of its range', () => {
      expectKeys('See @{«https://example.com/bib?name=foo&date=2000»} and [@{«key:with:colons»}].');
    });

    it('reads a key right after a semicolon without a space', () => expectKeys('[@«a»;@«b»]'));

    it('reads no braced key holding a space, Unicode spaces included, as pandoc (Haskell isSpace) does not', () => {
      expectKeys('@{a\u00a0b} @{c\u3000d} [@{e\u2003f}] @{g\u1680h} @{i j}');
      // Line and paragraph separators are not spaces to Haskell: pandoc reads the key.
      expectKeys('@{«a\u2028b»}');
    });

    it('reads a citation in a list item, a block quote and a table cell', () => {
      expectKeys('- @«a» item\n\n> quoted @«b»\n\n| cell @«c» |');
    });

    it('reads keys in the same citation across lines of a paragraph', () => {
      const text = '[@a;\n @b]';
      const citations = findCitations(text, 'pandoc');
      assert.strictEqual(citations.length, 1);
      assert.deepStrictEqual(citations[0].keys.map((key) => key.key), ['a', 'b']);
    });

    it('gives a bracketed citation one list spanning the inside of its brackets', () => {
      const text = 'x [see @a, p. 4; @b] y';
      const [citation] = findCitations(text, 'pandoc');
      assert.strictEqual(citation.form, 'bracketed');
      assert.strictEqual(text.slice(citation.start, citation.end), '[see @a, p. 4; @b]');
      assert.strictEqual(text.slice(citation.lists[0].start, citation.lists[0].end), 'see @a, p. 4; @b');
    });

    it('gives an in-text citation the span of @key, braces included', () => {
      const text = 'a @doe b @{x y}@{c} d';
      assert.deepStrictEqual(findCitations(text, 'pandoc').map((citation) => [citation.form, text.slice(citation.start, citation.end)]), [
        ['inText', '@doe'],
      ]);
      const braced = 'a @{c.d} b';
      assert.strictEqual(braced.slice(findCitations(braced, 'pandoc')[0].start, findCitations(braced, 'pandoc')[0].end), '@{c.d}');
    });

    it('assigns keys to the innermost bracket and reports keys in document order', () => {
      const text = '[see @a [@b] and @c]';
      assert.deepStrictEqual(findCitations(text, 'pandoc').map((citation) => citation.keys.map((key) => key.key)), [['a', 'c'], ['b']]);
      expectKeys('[see @«a» [@«b»] and @«c»]');
    });

    it('reads the keys of an unclosed bracket as in-text citations', () => {
      const text = '[see @a and more';
      assert.deepStrictEqual(findCitations(text, 'pandoc').map((citation) => citation.form), ['inText']);
    });

    it('does not carry an open bracket across a blank line', () => {
      const text = '[see @a\n\nthen] @b';
      assert.deepStrictEqual(findCitations(text, 'pandoc').map((citation) => citation.form), ['inText', 'inText']);
    });

    it('does not make a bracket without keys a citation', () => expectKeys('[a link](http://x.org) and [p. 4]'));
  });

  describe('key grammar', () => {
    it('allows internal punctuation :.#$%&-+?<>~/', () => {
      expectKeys('@«a:b» @«a.b» @«a#b» @«a$b» @«a%b» @«a&b» @«a-b» @«a+b» @«a?b» @«a<b» @«a>b» @«a~b» @«a/b»');
    });

    it('leaves trailing punctuation out of the key', () => expectKeys('As @«doe99». And @«roe»: yes, @«x-y»-- @«z»?'));

    it('keeps a run of two punctuation characters out, as pandoc does', () => expectKeys('@«a»--b'));

    it('allows :// inside a key', () => expectKeys('@«http://example.org»'));

    it('accepts a key that begins with a digit or an underscore', () => expectKeys('@«2020doe» @«_private»'));

    it('accepts letters of any script', () => expectKeys('@«müller2001» @«Ωmega» @«张伟2019»'));

    it('rejects a key that begins with punctuation', () => expectKeys('@-a @.b @:c'));

    it('knows which keys need braces', () => {
      assert.strictEqual(pandocKeyText('doe99'), 'doe99');
      assert.strictEqual(pandocKeyText('a:b.c'), 'a:b.c');
      assert.strictEqual(pandocKeyText('doe.'), '{doe.}');
      assert.strictEqual(pandocKeyText('-x'), '{-x}');
      assert.strictEqual(pandocKeyText('a=b'), '{a=b}');
      assert.strictEqual(isBareKey(''), false);
    });

    it('writes no key that a citation cannot name, rather than braces that pandoc would not read', () => {
      for (const key of ['with space', 'tab\tkey', 'new\nline', 'nbsp\u00a0key', 'a{b', 'a}b', 'bell\u0007', '', 'fig-1']) {
        assert.strictEqual(pandocKeyText(key), undefined, JSON.stringify(key));
        assert.strictEqual(isPandocKey(key), false, JSON.stringify(key));
      }
      for (const key of ['doe99', 'doe.', 'a=b', 'ünï', 'x\u2028y']) assert.ok(isPandocKey(key), key);
    });
  });

  describe('what is not a citation', () => {
    it('ignores e-mail addresses', () => expectKeys('Write to foo@bar.com or first.last+tag@nhs.net, not @«real».'));

    it('ignores @ after other punctuation, as in URLs and handles', () => expectKeys('https://mastodon.social/@user (@handle) "@quoted"'));

    it('ignores a backslash-escaped @', () => expectKeys('\\@notakey and @«key»'));

    it('ignores inline code of any length', () => {
      expectKeys('`@a` and ``@b ` @c`` and ```x @d``` but @«e»');
    });

    it('ignores an R Markdown inline chunk', () => expectKeys('`r @a` then @«b»'));

    it('treats an unmatched backtick as literal', () => expectKeys('a ` b @«c»'));

    it('does not let a code span cross a blank line', () => expectKeys('a `b\n\n@«c» d`'));

    it('matches a code span only with a run of the same length', () => expectKeys('``a ` @b`` `@c` @«d»'));

    it('ignores fenced code blocks with ``` and ~~~, info strings and indentation', () => {
      expectKeys([
        '```', '@a', '```',
        '~~~~ {.python}', '@b', '~~~', '@c', '~~~~',
        '```{r, echo=FALSE}', 'x <- "@d"', '```',
        '- item', '', '    ```', '    @e', '    ```',
        'after @«f»',
      ].join('\n'));
    });

    it('does not close a fence with a shorter run or the other character', () => {
      expectKeys('````\n```\n~~~~\n@a\n````\n@«b»');
    });

    it('runs an unclosed fence to the end of the document', () => expectKeys('@«a»\n```\n@b'));

    it('does not treat ``` with a backtick in its info string as a fence', () => expectKeys('```a`b\n@«c»'));

    it('ignores YAML front matter', () => expectKeys('---\ntitle: "On @notakey"\nauthor: x\n---\nText @«a».'));

    it('accepts front matter closed by ...', () => expectKeys('---\nx: "@no"\n...\n@«a»'));

    it('reads a document whose first line is --- without a closing line', () => expectKeys('---\n@«a»'));

    it('ignores HTML comments, also across blank lines', () => expectKeys('<!-- @a\n\n[@b] --> @«c» <!-- @d --> [@«e»]'));

    it('treats an unclosed HTML comment as text', () => expectKeys('<!-- @«a»'));

    it('does not read Quarto cross-references as citations', () => {
      expectKeys('See @fig-plot, @tbl-data, @sec-intro, @eq-one, @lst-code, @thm-main and [@«doe»; @fig-x].');
      assert.ok(isQuartoCrossRef('fig-a'));
      assert.ok(!isQuartoCrossRef('figueroa2020'));
    });

    it('does not read LaTeX commands in Markdown', () => expectKeys('\\cite{a}'));

    it('reads CRLF documents: front matter, fences and blank lines', () => {
      expectKeys('---\r\nx: "@no"\r\n---\r\n```\r\n@no\r\n```\r\n[@«a»\r\n\r\n] @«b»\r\n');
    });
  });

  describe('queries', () => {
    const text = 'See [@alpha, p. 4; @beta] and @gamma.';

    it('finds the key at an offset, not the @ or the locator', () => {
      assert.deepStrictEqual(keyAt(text, 6, 'pandoc'), { key: 'alpha', start: 6, end: 11 });
      assert.deepStrictEqual(keyAt(text, 11, 'pandoc'), { key: 'alpha', start: 6, end: 11 });
      assert.strictEqual(keyAt(text, 5, 'pandoc'), undefined);
      assert.strictEqual(keyAt(text, 14, 'pandoc'), undefined);
      assert.deepStrictEqual(keyAt(text, 33, 'pandoc'), { key: 'gamma', start: 31, end: 36 });
      assert.strictEqual(keyAt(text, 37, 'pandoc'), undefined);
    });

    it('finds the citation around an offset', () => {
      assert.strictEqual(citationAt(text, 14, 'pandoc')?.form, 'bracketed');
      assert.strictEqual(citationAt(text, 33, 'pandoc')?.form, 'inText');
      assert.strictEqual(citationAt(text, 27, 'pandoc'), undefined);
    });

    it('finds the innermost of nested bracketed citations', () => {
      const nested = '[@a [@b] @c]';
      assert.deepStrictEqual(citationAt(nested, 6, 'pandoc')?.keys.map((key) => key.key), ['b']);
      assert.deepStrictEqual(citationAt(nested, 10, 'pandoc')?.keys.map((key) => key.key), ['a', 'c']);
    });

    it('gives the sign a completion asks for without the citation, and the citation when asked, in a long paragraph', () => {
      const before = 'Teams fare better [see @west2014, p. 12; @dawson2009] and [@roe]; '.repeat(6);
      const paragraph = `${before}so [see @west2014, p. 12; @smi, ch. 3; @carter2021] and [@doe] after.`;
      const text = `# Title\n\nAn earlier [@x] paragraph.\n\n${paragraph}\n\nA later [@y] one.`;
      const offset = text.indexOf('@smi') + 4;
      const at = offset - 4;
      const sign = { at, keyStart: at + 1, keyEnd: at + 4, braced: false };
      const key = { key: 'smi', start: at + 1, end: at + 4 };
      assert.deepStrictEqual(pandocSignAt(text, offset), { sign, key });
      const spot = pandocAt(text, offset);
      assert.deepStrictEqual([spot.sign, spot.key], [sign, key]);
      const open = text.indexOf('[see @west2014, p. 12; @smi');
      const close = text.indexOf(']', open);
      const keys = [{ key: 'west2014', start: open + 6, end: open + 14 }, key, { key: 'carter2021', start: close - 10, end: close }];
      assert.deepStrictEqual(spot.citation, { form: 'bracketed', start: open, end: close + 1, lists: [{ start: open + 1, end: close, closed: true, keys }], keys });
      // Between citations: the last sign before the cursor, as the scan of the whole paragraph gives it, and no key.
      const between = text.indexOf('] and [@doe]');
      assert.deepStrictEqual(pandocSignAt(text, between + 2), { sign: pandocAt(text, between + 2).sign });
      assert.strictEqual(pandocSignAt(text, between + 2).sign?.at, text.indexOf('@carter2021'));
    });

    it('gives no sign across a code span or comment that the cursor is in, though it closes after the cursor', () => {
      const text = '@a `@b c` <!-- @d e --> @f';
      for (const inside of [text.indexOf('c`'), text.indexOf('e -->')]) {
        assert.deepStrictEqual(pandocSignAt(text, inside), { sign: { at: 0, keyStart: 1, keyEnd: 2, braced: false } });
      }
      assert.strictEqual(pandocSignAt(text, text.length).sign?.at, text.indexOf('@f'));
      assert.deepStrictEqual(pandocSignAt(text, text.length).key, { key: 'f', start: text.length - 1, end: text.length });
    });
  });
});
