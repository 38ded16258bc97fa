import * as assert from 'assert';
import fc from 'fast-check';
import { SPACING_ACCENTS, SUBSCRIPTS, SUPERSCRIPTS, SYMBOLS } from '../../src/core/bibtex/latexSymbols';
import { latexToUnicode } from '../../src/core/bibtex/latexToUnicode';
import { NFC_UNSTABLE } from '../../src/core/bibtex/nfcUnstable';

describe('latexToUnicode', () => {
  const cases: [latex: string, text: string][] = [
    // The same accent in every spelling BibTeX files use.
    ['{\\"u}', 'ü'], ['\\"{u}', 'ü'], ['\\"u', 'ü'], ['{\\"{u}}', 'ü'], ['\\" u', 'ü'],
    ["{\\'e}", 'é'], ["\\'{e}", 'é'], ["\\'e", 'é'], ['\\`a', 'à'], ['\\^{o}', 'ô'], ['\\~{n}', 'ñ'],
    ['\\={a}', 'ā'], ['\\.{z}', 'ż'], ['\\c{c}', 'ç'], ['\\c c', 'ç'], ['{\\c{C}}', 'Ç'], ['\\v{s}', 'š'],
    ['{\\v{S}}koda', 'Škoda'], ['\\H{o}', 'ő'], ['\\k{a}', 'ą'], ['\\r{a}', 'å'], ['\\u{g}', 'ğ'],
    ['\\d{s}', 'ṣ'], ['\\b{b}', 'ḇ'],
    // Dotless i and j: alone they are ı and ȷ, under an accent the accented letter.
    ['{\\i}', 'ı'], ['\\i', 'ı'], ['Aks{\\i}n', 'Aksın'], ['{\\"\\i}', 'ï'], ["Garc{\\'\\i}a", 'García'], ["\\'{\\i}", 'í'],
    ['\\^\\j', 'ĵ'],
    // Letters with no accent form.
    ['\\ss', 'ß'], ['Stra\\ss e', 'Straße'], ['Stra{\\ss}e', 'Straße'], ['\\o', 'ø'], ['\\O', 'Ø'],
    ['\\aa', 'å'], ['\\AA', 'Å'], ['\\ae', 'æ'], ['\\AE', 'Æ'], ['\\oe', 'œ'], ['\\OE', 'Œ'], ['\\l', 'ł'],
    ['\\L{}odz', 'Łodz'], ['{\\L}ukasz', 'Łukasz'],
    // Escaped specials.
    ['\\& \\% \\$ \\# \\_ \\{ \\}', '& % $ # _ { }'], ['Social Science \\& Medicine', 'Social Science & Medicine'],
    // An accent on an escaped character beyond the BMP takes both halves of its surrogate pair.
    ["\\'\\🙂x", '🙂\u0301x'], ["a \\'\\😀 b", 'a 😀\u0301 b'],
    ['\\textbackslash{} and \\textasciitilde{}', '\\ and ~'],
    // TeX ligatures and ties.
    ['pages 1--2', 'pages 1–2'], ['yes---no', 'yes—no'], ['``quoted\'\'', '“quoted”'], ['`single\'', '‘single\''],
    ['Fig.~1', 'Fig.\u00A01'], ["Everybody's", "Everybody's"], ['co-production', 'co-production'],
    // Formatting commands keep their text; brace protection goes.
    ['\\textit{a} \\emph{b} \\textbf{c} \\textsc{d}', 'a b c d'], ['\\mkbibquote{quality}', '“quality”'],
    ['\\enquote{x}', '“x”'], ['Leadership in the {NHS}', 'Leadership in the NHS'], ['{{Nested} {braces}}', 'Nested braces'],
    ['\\href{http://example.org}{the site}', 'the site'], ['\\url{http://example.org/a_b--c~d}', 'http://example.org/a_b--c~d'],
    ['\\noopsort{a}Zebra', 'Zebra'], ['methodology\\hyphen independent', 'methodology-independent'],
    ['{\\relax Ch}ristoph', 'Christoph'], ['\\unknowncommand{kept} text', 'kept text'],
    // Math.
    ['$^{13}$C and H$_2$O', '¹³C and H₂O'], ['$\\alpha$-helix', 'α-helix'], ['$x^{ab}$', 'xab'],
    // Whitespace.
    ['  spaced \n\t  out  ', 'spaced out'], ['a\r\n   b', 'a b'], ['a {} b', 'a b'], ['a{ }b', 'a b'],
    ['', ''], ['plain text', 'plain text'],
  ];
  for (const [latex, text] of cases) {
    it(`decodes ${JSON.stringify(latex)} to ${JSON.stringify(text)}`, () => {
      assert.strictEqual(latexToUnicode(latex), text);
    });
  }

  it('returns text in NFC, composing accents typed as combining marks in the file', () => {
    const decomposed = 'Cafe\u0301 Mu\u0308ller';
    assert.strictEqual(latexToUnicode(decomposed), 'Café Müller');
    assert.strictEqual(latexToUnicode(decomposed), latexToUnicode(decomposed).normalize('NFC'));
  });

  it('composes text that no search reads (escaped characters, verbatim arguments) as it composes text in the open', () => {
    // Whether to normalise is decided once per value, from all of its text, so these need no check of their own.
    const char = fc.oneof(
      fc.integer({ min: 0x80, max: 0xd7ff }), fc.integer({ min: 0xe000, max: 0x10ffff }),
      fc.constantFrom(0x65 /* e */, 0x301, 0x327, 0x1100, 0x1161, 0x212b, 0x1d15e),
    ).map((code) => String.fromCodePoint(code));
    fc.assert(fc.property(fc.array(char, { maxLength: 8 }), (chars) => {
      const text = chars.join('');
      const escaped = chars.map((c) => (c === 'e' ? c : `\\${c}`)).join('');
      assert.strictEqual(latexToUnicode(escaped), text.normalize('NFC'), JSON.stringify(escaped));
      assert.strictEqual(latexToUnicode(`\\url{${text}}`), text.normalize('NFC'), JSON.stringify(text));
    }), { numRuns: 3000 });
    // An escaped mark composes with a letter the decoder wrote (ø + U+0301 is ǿ), and with one in the open.
    assert.strictEqual(latexToUnicode('{\\o}\\\u0301'), '\u01ff');
    assert.strictEqual(latexToUnicode('\\url{Cafe\u0301} e\\\u0301'), 'Caf\u00e9 \u00e9');
  });

  it('writes from its tables and by itself only characters that NFC never changes', () => {
    // The reason a value with none of those characters is never normalised, whatever the decoder puts in it.
    const unstable = new RegExp(`[${NFC_UNSTABLE}]`);
    for (const [table, entries] of Object.entries({ SYMBOLS, SPACING_ACCENTS, SUPERSCRIPTS, SUBSCRIPTS })) {
      for (const [name, text] of Object.entries(entries)) assert.ok(!unstable.test(text), `${table}.${name}: ${JSON.stringify(text)}`);
    }
    // The ligatures, quotes, ties and spaces it writes with no table.
    for (const latex of ['--', '---', '``', "''", '`', '~', 'a\\,b', 'a\\ b']) {
      const written = latexToUnicode(latex);
      assert.ok(written !== latex && !unstable.test(written), `${latex}: ${JSON.stringify(written)}`);
    }
  });

  it('keeps UTF-8 text as it is', () => {
    assert.strictEqual(latexToUnicode('Łódź – “Zürich” 東京 🙂'), 'Łódź – “Zürich” 東京 🙂');
  });

  it('survives broken LaTeX without throwing: unbalanced braces, a trailing backslash, an accent with nothing to take', () => {
    assert.strictEqual(latexToUnicode('{unclosed'), 'unclosed');
    assert.strictEqual(latexToUnicode('closed}'), 'closed');
    assert.strictEqual(latexToUnicode('ends with \\'), 'ends with');
    assert.strictEqual(latexToUnicode("\\'"), '´');
    assert.strictEqual(latexToUnicode('\\"{}'), '¨');
    assert.strictEqual(latexToUnicode('\\c{'), '¸');
    assert.strictEqual(latexToUnicode('$unclosed math'), 'unclosed math');
  });

  it('never throws and always returns NFC text without runs of ASCII whitespace, whatever the input', () => {
    const latexish = fc.string({ unit: fc.constantFrom('\\', '{', '}', '"', "'", '`', '~', '$', '^', '_', '-', 'a', 'i', 'c', ' ', '\n', 'é', '\u0301', 'ss', 'url', 'emph', '%') });
    fc.assert(fc.property(fc.oneof(latexish, fc.string({ unit: 'binary' })), (input) => {
      const output = latexToUnicode(input);
      assert.strictEqual(typeof output, 'string');
      assert.strictEqual(output, output.normalize('NFC'));
      assert.ok(!/[ \t\n\r\f\v]{2}/.test(output), JSON.stringify(output));
      assert.ok(!/^[ \t\n\r\f\v]|[ \t\n\r\f\v]$/.test(output), JSON.stringify(output));
    }), { numRuns: 2000 });
  });

  it('gives short values the same text by its quick way as by a full decode', () => {
    // Short values are checked for plain text by a loop; trailing spaces (trimmed) make a value long enough to be
    // decoded in full, so both ways must agree.
    const units = fc.constantFrom('a', 'Z', '1', ' ', '  ', '-', '--', "'", "''", '.', ',', '\\', '{', '}', '~', '$', '`', '^', '_',
      '\t', '\n', 'é', 'e\u0301', '\u0301', '\u212b', '\u00a0', '\u2013', '“', '漢', '😀', '\\"u', "\\'{e}", '\\emph{x}');
    fc.assert(fc.property(fc.string({ unit: units, maxLength: 40 }), (text) => {
      assert.strictEqual(latexToUnicode(text), latexToUnicode(text + ' '.repeat(70)), JSON.stringify(text));
    }), { numRuns: 5000 });
    assert.strictEqual(latexToUnicode('Smith'), 'Smith');
    assert.strictEqual(latexToUnicode('Caf\u00e9 -- bar'), 'Caf\u00e9 \u2013 bar');
    assert.strictEqual(latexToUnicode('Cafe\u0301'), 'Caf\u00e9');
  });

  it('decodes a short value that recurs the same each time, also after thousands of others have come between', () => {
    const value = 'M{\\"u}ller \\& Sons';
    assert.strictEqual(latexToUnicode(value), 'Müller & Sons');
    assert.strictEqual(latexToUnicode(value), 'Müller & Sons');
    for (let i = 0; i < 10_000; i++) assert.strictEqual(latexToUnicode(`{\\'e}${i}`), `é${i}`);
    assert.strictEqual(latexToUnicode(value), 'Müller & Sons');
  });
});
