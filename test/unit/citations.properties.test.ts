// Properties of the citation module over generated text made of the characters its syntaxes care about. A quick
// run here; the full fuzzing with many more inputs belongs to `npm run fuzz`.
import * as assert from 'assert';
import fc from 'fast-check';
import {
  CitationSyntax, completionContext, findCitationKeys, findCitations, keyAt, offsetsAfterEdits, planCitationInsertion, TextEdit,
} from '../../src/core/citations';

const RUNS = 400;

const LATEX_TOKENS = ['\\cite', '\\citep', '\\cites', '\\parencites', '\\nocite', '\\begin{verbatim}', '\\end{verbatim}', '\\verb|',
  '{', '}', '[', ']', '(', ')', ',', ' ', '\n', '\n\n', '%', '\\%', '\\\\', '*', 'a', 'key', 'b:2', '\\emph', 'é'];
const PANDOC_TOKENS = ['@', '@{', '}', '[', ']', ';', '-', ' ', '\n', '\n\n', '`', '```\n', '~~~\n', '---\n', '<!--', '-->', '\\',
  'a', 'key', 'x.y', 'fig-1', 'mail@host', '.', ':', 'é', '😀'];

const textOf = (tokens: string[]) => fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(''));
const document = (syntax: CitationSyntax) => textOf(syntax === 'latex' ? LATEX_TOKENS : PANDOC_TOKENS);
const PROSE = fc.array(fc.constantFrom('word', ' ', '\n', 'x', 'é'), { maxLength: 30 }).map((parts) => parts.join(''));

function apply(text: string, edits: readonly TextEdit[]): string {
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return text;
}

for (const syntax of ['latex', 'pandoc'] as const) {
  describe(`citation module properties (${syntax})`, () => {
    it('reports keys in order, without overlap, each exactly the text of its range', () => {
      fc.assert(fc.property(document(syntax), (text) => {
        const keys = findCitationKeys(text, syntax);
        keys.forEach((key, index) => {
          assert.ok(key.key.length > 0 && text.slice(key.start, key.end) === key.key);
          if (index > 0) assert.ok(keys[index - 1].end <= key.start);
        });
      }), { numRuns: RUNS });
    });

    it('finds the same keys whether it builds citations or not', () => {
      fc.assert(fc.property(document(syntax), (text) => {
        const fromCitations = findCitations(text, syntax).flatMap((citation) => citation.keys).sort((a, b) => a.start - b.start);
        assert.deepStrictEqual(fromCitations, findCitationKeys(text, syntax));
      }), { numRuns: RUNS });
    });

    it('finds each key at its start and end, and no key where none is', () => {
      fc.assert(fc.property(document(syntax), fc.nat(), (text, seed) => {
        const keys = findCitationKeys(text, syntax);
        for (const key of keys) {
          assert.deepStrictEqual(keyAt(text, key.start, syntax), key);
          assert.deepStrictEqual(keyAt(text, key.end, syntax), key);
        }
        const offset = seed % (text.length + 1);
        const found = keyAt(text, offset, syntax);
        if (found) assert.ok(found.start <= offset && offset <= found.end);
        else assert.ok(keys.every((key) => offset < key.start || offset > key.end));
      }), { numRuns: RUNS });
    });

    it('gives completion ranges that hold the cursor and a prefix that is the text before it', () => {
      fc.assert(fc.property(document(syntax), fc.nat(), (text, seed) => {
        const offset = seed % (text.length + 1);
        const context = completionContext(text, offset, syntax);
        if (!context) return;
        assert.ok(context.replaceStart <= offset && offset <= context.replaceEnd && context.replaceEnd <= text.length);
        assert.strictEqual(context.prefix, text.slice(context.replaceStart, offset));
      }), { numRuns: RUNS });
    });

    it('plans edits inside the text that never overlap, and cursors that land after them', () => {
      fc.assert(fc.property(document(syntax), fc.array(fc.nat(), { maxLength: 4 }), (text, seeds) => {
        const targets = seeds.map((seed) => seed % (text.length + 1));
        const edits = planCitationInsertion(text, targets, ['k1', 'k2'], syntax);
        assert.ok(edits.length <= targets.length);
        const sorted = [...edits].sort((a, b) => a.start - b.start);
        sorted.forEach((edit, index) => {
          assert.ok(0 <= edit.start && edit.start <= edit.end && edit.end <= text.length && edit.newText.length > 0);
          if (index > 0) assert.ok(sorted[index - 1].end <= edit.start && sorted[index - 1].start < edit.start);
        });
        const after = apply(text, edits);
        offsetsAfterEdits(edits).forEach((offset, index) => assert.ok(after.slice(0, offset).endsWith(edits[index].newText)));
      }), { numRuns: RUNS });
    });

    it('cites every key at every cursor in prose', () => {
      fc.assert(fc.property(PROSE, fc.uniqueArray(fc.nat(), { maxLength: 3 }), (text, seeds) => {
        const targets = [...new Set(seeds.map((seed) => seed % (text.length + 1)))];
        const after = apply(text, planCitationInsertion(text, targets, ['k1', 'k2'], syntax));
        const keys = findCitationKeys(after, syntax).map((key) => key.key);
        assert.strictEqual(keys.filter((key) => key === 'k1').length, targets.length);
        assert.strictEqual(keys.filter((key) => key === 'k2').length, targets.length);
      }), { numRuns: RUNS });
    });
  });
}
