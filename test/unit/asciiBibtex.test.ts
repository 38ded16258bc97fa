import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { asciiBibtex, spellCharacter } from '../../src/core/bibtex/asciiBibtex';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { writeBibtexEntry } from '../../src/core/bibtex/bibtexWriter';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { latexToUnicode } from '../../src/core/bibtex/latexToUnicode';
import { parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';

// eslint-disable-next-line no-control-regex -- ASCII is what is checked for
const ASCII = /^[\u0000-\u007f]*$/;

function readBack(text: string): Paper {
  const bib = readBibtex(text);
  assert.deepStrictEqual(bib.diagnostics, []);
  assert.strictEqual(bib.entries.length, 1);
  return entriesToPapers(bib.entries, 'written.bib')[0];
}

/** Every character of a range that the reader can spell back, as text. */
function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)).filter((char) => /\p{L}|\p{P}|\p{S}/u.test(char));
}

describe('ASCII BibTeX for files that are not UTF-8', () => {
  it('leaves an ASCII entry as it is', () => {
    const entry = '@misc{plain2020,\n  title = {Plain {NHS} text},\n  year = {2020}\n}\n';
    assert.deepStrictEqual(asciiBibtex(entry), { ok: true, text: entry });
  });

  it('spells accents, letters, quotes and dashes as LaTeX that reads back to the same characters', () => {
    const cases: [string, string][] = [
      ['é', "{\\'{e}}"], ['Å', '{\\AA}'], ['ů', '{\\r{u}}'], ['ç', '{\\c{c}}'], ['ő', '{\\H{o}}'], ['í', "{\\'{\\i}}"], ['ệ', '{\\^{\\d{e}}}'],
      ['ß', '{\\ss}'], ['ø', '{\\o}'], ['Æ', '{\\AE}'], ['ł', '{\\l}'], ['’', '{\\textquoteright}'], ['–', '{\\textendash}'],
      ['…', '{\\textellipsis}'], ['§', '{\\textsection}'], ['≤', '{$\\leq$}'], ['α', '{$\\alpha$}'], ['\u00A0', '~'],
    ];
    for (const [char, spelled] of cases) {
      assert.strictEqual(spellCharacter(char), spelled, char);
      assert.strictEqual(latexToUnicode(`x${spelled}x`), `x${char}x`, spelled);
    }
  });

  it('reads back every Latin-1, Latin Extended-A and general punctuation character it spells', () => {
    const spelled = [...range(0xa1, 0x17f), ...range(0x2010, 0x2044), ...range(0x391, 0x3c9)]
      .map((char) => [char, spellCharacter(char)] as const).filter(([, spelling]) => spelling !== undefined);
    // Most of Latin-1 and Latin Extended-A: the letters of European names.
    assert.ok(spelled.length > 250, `${spelled.length} spelled`);
    for (const [char, spelling] of spelled) {
      assert.match(spelling!, ASCII, char);
      assert.strictEqual(latexToUnicode(spelling!), char, `${char} as ${spelling}`);
    }
  });

  it('drops invisible format characters, spaces other spaces, and composes a letter typed with a separate accent', () => {
    assert.strictEqual(spellCharacter('\u00AD'), '');
    assert.strictEqual(spellCharacter('\u200D'), '');
    assert.strictEqual(spellCharacter('\u2003'), ' ');
    const result = asciiBibtex('@misc{k,\n  title = {Cafe\u0301}\n}\n');
    assert.deepStrictEqual(result, { ok: true, text: "@misc{k,\n  title = {Caf{\\'{e}}}\n}\n" });
  });

  it('reports what has no ASCII spelling instead of guessing, and never respells a key', () => {
    assert.deepStrictEqual(asciiBibtex('@misc{k,\n  title = {Толстой and 東京}\n}\n'), { ok: false, characters: ['Т', 'о', 'л', 'с', 'т', 'й', '東', '京'] });
    assert.deepStrictEqual(asciiBibtex('@misc{café,\n  title = {A}\n}\n'), { ok: false, characters: ['é'] });
  });

  it('percent-encodes a URL or DOI, which are read verbatim', () => {
    const result = asciiBibtex('@misc{k,\n  doi = {10.1000/é},\n  url = {https://example.org/Café}\n}\n');
    assert.deepStrictEqual(result, { ok: true, text: '@misc{k,\n  doi = {10.1000/%C3%A9},\n  url = {https://example.org/Caf%C3%A9}\n}\n' });
  });

  it('writes every corpus work as ASCII that reads back to the same fields as its UTF-8 entry', () => {
    const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'corpus.json'), 'utf8'));
    for (const paper of corpus.papers) {
      for (const dialect of ['bibtex', 'biblatex'] as const) {
        const entry = writeBibtexEntry(paper, { dialect });
        const result = asciiBibtex(entry);
        assert.ok(result.ok, `${paper.key}: ${JSON.stringify(result)}`);
        assert.match(result.text, ASCII);
        const { origin: asciiOrigin, ...ascii } = readBack(result.text);
        const { origin: utf8Origin, ...utf8 } = readBack(entry);
        assert.deepStrictEqual({ ...ascii, url: ascii.url && decodeURI(ascii.url) }, { ...utf8, url: utf8.url && decodeURI(utf8.url) }, paper.key);
        assert.strictEqual(asciiOrigin.kind, utf8Origin.kind);
      }
    }
  });

  it('turns any text the writer escapes into ASCII that reads back the same, or names what it cannot spell', () => {
    const latin = fc.constantFrom(...range(0xa0, 0x17f), '’', '‘', '“', '”', '–', '—', '…', 'a', 'B', ' ', '{', '}', '&', '%');
    fc.assert(fc.property(fc.array(fc.oneof(latin, fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 30 }), (parts) => {
      const title = parts.join('');
      const entry = writeBibtexEntry({ key: 'k2020', title, themes: [], origin: { kind: 'corpus' } });
      const result = asciiBibtex(entry);
      if (!result.ok) {
        assert.ok(result.characters.length > 0);
        for (const char of result.characters) assert.strictEqual(spellCharacter(char), undefined, char);
        return;
      }
      assert.match(result.text, ASCII);
      const read = readBibtex(result.text);
      assert.strictEqual(read.entries.length, 1);
      const expected = latexToUnicode(readBibtex(entry).entries[0].fields.title ?? '').replace(/\p{Cf}/gu, '').replace(/\p{Zs}/gu, ' ').replace(/ +/g, ' ').trim();
      assert.strictEqual(latexToUnicode(read.entries[0].fields.title ?? ''), expected);
    }), { numRuns: 300 });
  });
});
