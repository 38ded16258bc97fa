// Properties of the citation module over generated text made of the characters its syntaxes care about. A quick
// run here; the full fuzzing with many more inputs belongs to `npm run fuzz`.
import * as assert from 'assert';
import fc from 'fast-check';
import {
  Citation, citationAt, CitationSyntax, completionContext, findCitationKeys, findCitations, keyAt, KeyOccurrence, offsetsAfterEdits,
  planCitationInsertion, TextEdit,
} from '../../src/core/citations';
import { pandocAt, pandocSignAt } from '../../src/core/citations/pandocScanner';

const RUNS = Number(process.env.RUNS ?? 400);

const LATEX_TOKENS = ['\\cite', '\\citep', '\\cites', '\\parencites', '\\nocite', '\\begin{verbatim}', '\\end{verbatim}', '\\verb|',
  '{', '}', '[', ']', '(', ')', ',', ' ', '\n', '\n\n', '%', '\\%', '\\\\', '*', 'a', 'key', 'b:2', '\\emph', 'é'];
const PANDOC_TOKENS = ['@', '@{', '}', '[', ']', ';', '-', ' ', '\n', '\n\n', '`', '```\n', '~~~\n', '---\n', '<!--', '-->', '\\',
  'a', 'key', 'x.y', 'fig-1', 'mail@host', '.', ':', 'é', '😀'];

const textOf = (tokens: string[]) => fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(''));
const document = (syntax: CitationSyntax) => textOf(syntax === 'latex' ? LATEX_TOKENS : PANDOC_TOKENS);
const PROSE = fc.array(fc.constantFrom('word', ' ', '\n', 'x', 'é'), { maxLength: 30 }).map((parts) => parts.join(''));

/** The key holding `offset`, found among every key of the text. */
function wholeTextKeyAt(keys: readonly KeyOccurrence[], offset: number): KeyOccurrence | undefined {
  return keys.find((key) => key.start <= offset && offset <= key.end);
}

/** The innermost citation holding `offset`, found among every citation of the text: the one that starts last. */
/** A citation's fields as a plain object: an in-text citation makes its key list when read, out of deepStrictEqual's sight. */
function fields(citation: Citation | undefined): object | undefined {
  return citation && { form: citation.form, start: citation.start, end: citation.end, command: citation.command, lists: citation.lists, keys: citation.keys };
}

function wholeTextCitationAt(citations: readonly Citation[], offset: number): Citation | undefined {
  const holding = citations.filter((citation) => citation.start <= offset && offset <= citation.end);
  return holding.length > 0 ? holding.reduce((a, b) => (b.start > a.start ? b : a)) : undefined;
}

function apply(text: string, edits: readonly TextEdit[]): string {
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) text = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  return text;
}

/** Texts where what an offset means depends on text paragraphs before it: a one-offset query must look back that far. */
const SPANNING: Record<CitationSyntax, string[]> = {
  latex: [
    '\\begin{verbatim}\n\n\\cite{a}\n\n\\end{verbatim}\n\n\\cite{b}', '\\begin {comment}\n\n\\cite{a}', '\\cite%\n\n{a}',
    '\\cite[x\\\n\n]{a}', '\\cite[x\\\r\n\r\n]{a}', '% \\begin{verbatim}\n\n\\cite{a}', '\\cite{a,\n%\n\nb}',
    '\\begin{comment}\n\\begin{verbatim}\n\\end{verbatim}\n\n\\cite{a}\n\\end{comment}\n\n\\cite{b}',
    '\\begin{verbatim}\\end{verbatim}\n\n\\cite{a}\n\n\\begin{lstlisting}\n\n\\cite{b}',
  ],
  pandoc: [
    '<!--\n\n@a -->\n\n@b', '`<!--`\n\n@a -->', '@{x<!--}\n\n@a -->', '```\n@a\n\n@b\n```\n\n@c', '---\nt: @x\n---\n\n@a',
    '[@a\n\n@b]', '<!--\n\n-->@a <!--\n\n\n@b-->\n@c', '\\<!--\n\n@a -->', '~~~~\n\n@a\n~~~\n\n@b\n~~~~\n@c',
  ],
};

for (const syntax of ['latex', 'pandoc'] as const) {
  describe(`citation module properties (${syntax})`, () => {
    it('answers keyAt and citationAt where a comment, fence, verbatim environment or argument spans paragraphs', () => {
      for (const text of SPANNING[syntax]) {
        const keys = findCitationKeys(text, syntax);
        const citations = findCitations(text, syntax);
        for (let offset = 0; offset <= text.length; offset++) {
          assert.deepStrictEqual(keyAt(text, offset, syntax), wholeTextKeyAt(keys, offset), `keyAt ${offset} in ${JSON.stringify(text)}`);
          assert.deepStrictEqual(fields(citationAt(text, offset, syntax)), fields(wholeTextCitationAt(citations, offset)), `citationAt ${offset} in ${JSON.stringify(text)}`);
        }
      }
    });

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

    it('answers keyAt and citationAt at every offset as a scan of the whole text does, reading only near the offset', () => {
      fc.assert(fc.property(document(syntax), (text) => {
        const keys = findCitationKeys(text, syntax);
        const citations = findCitations(text, syntax);
        for (let offset = 0; offset <= text.length; offset++) {
          assert.deepStrictEqual(keyAt(text, offset, syntax), wholeTextKeyAt(keys, offset), `keyAt ${offset} in ${JSON.stringify(text)}`);
          assert.deepStrictEqual(fields(citationAt(text, offset, syntax)), fields(wholeTextCitationAt(citations, offset)), `citationAt ${offset} in ${JSON.stringify(text)}`);
        }
      }), { numRuns: RUNS });
    });

    if (syntax === 'pandoc') {
      it('gives, from pandocSignAt, the sign and key that pandocAt gives with the citation, at every offset', () => {
        const check = (text: string) => {
          for (let offset = 0; offset <= text.length; offset++) {
            const { sign, key } = pandocAt(text, offset);
            const found = pandocSignAt(text, offset);
            assert.deepStrictEqual([found.sign, found.key], [sign, key], `offset ${offset} in ${JSON.stringify(text)}`);
            assert.ok(!('citation' in found));
          }
        };
        SPANNING.pandoc.forEach(check);
        fc.assert(fc.property(document(syntax), check), { numRuns: RUNS });
      });
    }

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

    if (syntax === 'latex') {
      it('completes in the key group of the citation a whole scan finds at the offset', () => {
        fc.assert(fc.property(document(syntax), (text) => {
          const citations = findCitations(text, syntax);
          for (let offset = 0; offset <= text.length; offset++) {
            const context = completionContext(text, offset, syntax);
            const list = wholeTextCitationAt(citations, offset)?.lists.find((candidate) => candidate.start <= offset && offset <= candidate.end);
            if (context) assert.ok(list && list.start <= context.replaceStart && context.replaceEnd <= list.end, `${offset} in ${JSON.stringify(text)}`);
            else if (list) assert.ok(/[%\s]/.test(text.slice(list.start, offset)), `no completion at ${offset} in ${JSON.stringify(text)}`);
          }
        }), { numRuns: RUNS });
      });
    }

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
