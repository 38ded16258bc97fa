// Hostile inputs of about 1 MB. Each is scanned once and its exact result checked; a scanner that went quadratic
// would take hours here and trip mocha's timeout, so these tests also guard linear time without timing anything.
import * as assert from 'assert';
import { completionContext, findCitationKeys, findCitations, keyAt, planCitationInsertion } from '../../src/core/citations';

const MB = 1 << 20;

function repeatTo(unit: string, length = MB): string {
  return unit.repeat(Math.ceil(length / unit.length));
}

describe('citation scanners on pathological input', function () {
  this.timeout(20000);

  describe('LaTeX', () => {
    it('reads 1 MB of "\\cite{" as that many empty, unclosed citations', () => {
      const text = repeatTo('\\cite{');
      const citations = findCitations(text, 'latex');
      assert.strictEqual(citations.length, text.length / 6);
      assert.ok(citations.every((citation) => citation.keys.length === 0 && !citation.lists[0].closed));
      assert.deepStrictEqual(completionContext(text, text.length, 'latex')?.prefix, '');
    });

    it('finds nothing in 1 MB of "\\cite[" or "\\cite(" or "\\cites("', () => {
      for (const unit of ['\\cite[', '\\cite(', '\\cites(', '\\cites[']) assert.deepStrictEqual(findCitations(repeatTo(unit), 'latex'), [], unit);
    });

    it('finds nothing in an optional argument opened by 1 MB of braces or brackets', () => {
      assert.deepStrictEqual(findCitations(`\\cite[${repeatTo('{')}`, 'latex'), []);
      const [citation] = findCitations(`\\cite[${repeatTo('[')}]{a`, 'latex');
      assert.deepStrictEqual(citation.lists.map((list) => [list.closed, list.keys.map((key) => key.key)]), [[false, ['a']]]);
      assert.deepStrictEqual(findCitationKeys(`\\cite[${repeatTo('{')}${repeatTo('}')}]{a}`, 'latex').map((key) => key.key), ['a']);
    });

    it('reads a key list of half a million keys', () => {
      const text = `\\cite{${repeatTo('a,', MB)}}`;
      assert.strictEqual(findCitationKeys(text, 'latex').length, MB / 2);
    });

    it('reads a multicite of 300,000 groups', () => {
      const [citation] = findCitations(`\\cites${'{a}'.repeat(300000)}`, 'latex');
      assert.strictEqual(citation.lists.length, 300000);
    });

    it('survives 1 MB of "\\begin{", "\\verb|", "%", "\\\\", "{", "}" and newlines', () => {
      for (const unit of ['\\begin{', '\\begin{verbatim}', '\\verb|', '\\lstinline{', '%', '\\\\', '{', '}', '\n', '\\', '\\cite{a b ']) {
        const text = repeatTo(unit);
        const keys = findCitationKeys(text, 'latex');
        assert.ok(keys.every((key) => text.slice(key.start, key.end) === key.key), unit);
      }
      const sentences = repeatTo('\\cite{a b ');
      assert.strictEqual(findCitationKeys(sentences, 'latex').length, sentences.length / 10);
    });

    it('answers queries at the end of 1 MB of unclosed citations', () => {
      const text = repeatTo('\\cite{a');
      assert.deepStrictEqual(keyAt(text, text.length, 'latex'), { key: 'a', start: text.length - 1, end: text.length });
      assert.strictEqual(planCitationInsertion(text, [text.length], ['k'], 'latex')[0].newText, ',k');
    });
  });

  describe('pandoc', () => {
    it('finds no key in 1 MB of "[@"', () => {
      const text = repeatTo('[@');
      assert.deepStrictEqual(findCitations(text, 'pandoc'), []);
      assert.deepStrictEqual(completionContext(text, text.length, 'pandoc')?.prefix, '');
    });

    it('finds no key in 1 MB of "@", and completes only after the first', () => {
      const text = repeatTo('@');
      assert.deepStrictEqual(findCitations(text, 'pandoc'), []);
      assert.strictEqual(completionContext(text, 1, 'pandoc')?.prefix, '');
      assert.strictEqual(completionContext(text, text.length, 'pandoc'), undefined);
    });

    it('reads 1 MB of "[@a" as in-text citations of unclosed brackets', () => {
      const text = repeatTo('[@a');
      assert.strictEqual(findCitationKeys(text, 'pandoc').length, Math.ceil(MB / 3));
    });

    it('reads 1 MB of "[@a] " as that many bracketed citations', () => {
      const text = repeatTo('[@a] ');
      assert.strictEqual(findCitations(text, 'pandoc').filter((citation) => citation.form === 'bracketed').length, text.length / 5);
    });

    it('finds the key after 1 MB of nested brackets', () => {
      assert.deepStrictEqual(findCitationKeys(`${repeatTo('[')}@a${repeatTo(']')}`, 'pandoc').map((key) => key.key), ['a']);
    });

    it('survives 1 MB of "@{", "<!--", backtick runs, fences and front matter lines', () => {
      const units = ['@{', '@{a', '<!--', '`', '` ', '`` `', '```\n', '~~~\n', '---\n', '\\', '-@', ' @a.', '@a@', '\n\n'];
      for (const unit of units) {
        const text = repeatTo(unit);
        const keys = findCitationKeys(text, 'pandoc');
        assert.ok(keys.every((key) => text.slice(key.start, key.end) === key.key), JSON.stringify(unit));
      }
      assert.strictEqual(findCitationKeys(repeatTo(' @a.'), 'pandoc').length, MB / 4);
      assert.strictEqual(findCitationKeys(repeatTo('@a@'), 'pandoc').length, 1);
    });

    it('treats growing runs of backticks without partners as literal', () => {
      let text = '';
      for (let length = 1; text.length < MB; length++) text += `${'`'.repeat(length)} @k${length} `;
      assert.strictEqual(findCitationKeys(text, 'pandoc').length, text.split('@').length - 1);
    });

    it('does not pair a backtick with one 300,000 paragraphs later', () => {
      const text = `\` x${'\n\ny'.repeat(300000)}\n\n@b \` @c`;
      assert.deepStrictEqual(findCitationKeys(text, 'pandoc').map((key) => key.key), ['b', 'c']);
    });

    it('scans 300,000 fenced blocks and 300,000 short paragraphs', () => {
      assert.deepStrictEqual(findCitationKeys(repeatTo('```\n@a\n```\n'), 'pandoc'), []);
      assert.strictEqual(findCitationKeys(repeatTo('@a\n\n'), 'pandoc').length, MB / 4);
    });

    it('plans an insertion at the end of 1 MB of open brackets', () => {
      const text = repeatTo('[@a');
      assert.deepStrictEqual(planCitationInsertion(text, [text.length], ['k'], 'pandoc'), [{ start: text.length, end: text.length, newText: ' [@k]' }]);
    });
  });
});
