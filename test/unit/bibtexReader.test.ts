import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { BibFile, CommentBraces, MAX_LISTED_DIAGNOSTICS, readBibtex } from '../../src/core/bibtex/bibtexReader';

const fixtures = path.join(__dirname, '..', 'fixtures', 'bib');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

function keys(file: BibFile): string[] {
  return file.entries.map((entry) => entry.key);
}

describe('BibTeX reader', () => {
  it('lists the first 999 problems of a file broken throughout and counts the rest in a 1,000th warning', () => {
    assert.strictEqual(MAX_LISTED_DIAGNOSTICS + 1, 1000, 'with the count, as many as VS Code shows for one file');
    const broken = 1500;
    const { entries, diagnostics } = readBibtex(`${'@misc{a, title = "x\n'.repeat(broken)}@misc{ok, title = {Fine}}\n`);
    assert.deepStrictEqual(entries.map((entry) => entry.key), ['ok']);
    assert.strictEqual(diagnostics.length, MAX_LISTED_DIAGNOSTICS + 1);
    assert.ok(diagnostics.slice(0, -1).every((diagnostic, i) => diagnostic.line === i + 1 && diagnostic.message.startsWith('Unclosed quote')));
    const last = diagnostics[MAX_LISTED_DIAGNOSTICS];
    assert.strictEqual(last.severity, 'warning');
    assert.match(last.message, new RegExp(`^${broken - MAX_LISTED_DIAGNOSTICS} further problems`));
    assert.strictEqual(last.line, MAX_LISTED_DIAGNOSTICS);
  });

  it('adds no count when every problem is listed', () => {
    const { diagnostics } = readBibtex('@misc{a, title = "x\n'.repeat(MAX_LISTED_DIAGNOSTICS));
    assert.strictEqual(diagnostics.length, MAX_LISTED_DIAGNOSTICS);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.severity === 'error'));
  });

  describe('entries', () => {
    it('reads the type (lower case), key, fields (lower-case names, raw values) and where each entry is', () => {
      const text = '% a comment\n\n@Article{smith2020,\n  Author = {Smith, John},\n  TITLE = {The {NHS} at 70}\n}\n';
      const file = readBibtex(text);
      assert.strictEqual(file.entries.length, 1);
      const [entry] = file.entries;
      assert.strictEqual(entry.type, 'article');
      assert.strictEqual(entry.key, 'smith2020');
      assert.deepStrictEqual(entry.fields, { author: 'Smith, John', title: 'The {NHS} at 70' });
      assert.strictEqual(entry.line, 3);
      assert.strictEqual(entry.column, 1);
      assert.strictEqual(entry.start, text.indexOf('@'));
      assert.strictEqual(entry.end, text.lastIndexOf('}') + 1);
      assert.deepStrictEqual(file.diagnostics, []);
    });

    it('reads types, field names and macro names in any case as lower case, however often each recurs', () => {
      // Names are made once per file and then found by a hash of their characters: every spelling must find its own.
      const names = ['title', 'Title', 'TITLE', 'tItLe', 'note', 'NOTE', 'x-a', 'X-A', 'a', 'b', 'ab', 'ba', 'year', 'yeaR'];
      const text = [
        '@string{Jn = {J}}\n@STRING{jN2 = {K}}',
        ...names.map((name, i) => `@${i % 2 ? 'ARTICLE' : 'Article'}{k${i}, ${name} = {v${i}}, journal = ${i % 2 ? 'JN' : 'jn2'}, ${names[(i + 1) % names.length]}x = 1}`),
      ].join('\n');
      const file = readBibtex(text);
      assert.deepStrictEqual(file.diagnostics, []);
      file.entries.forEach((entry, i) => {
        assert.strictEqual(entry.type, 'article');
        assert.deepStrictEqual(entry.fields, { [names[i].toLowerCase()]: `v${i}`, journal: i % 2 ? 'J' : 'K', [`${names[(i + 1) % names.length].toLowerCase()}x`]: '1' });
      });
    });

    it('hands each entry to onEntry as it is read, duplicates excluded, and keeps only those it returns true for', () => {
      const text = '@misc{a, title = {A}}\n@misc{b, title = {B}}\n@misc{a, title = {again}}\n@misc{c, title = {C}}\n';
      const seen: string[] = [];
      const file = readBibtex(text, (entry) => {
        seen.push(`${entry.key}:${entry.fields.title}:${entry.line}`);
        return entry.key !== 'b';
      });
      assert.deepStrictEqual(seen, ['a:A:1', 'b:B:2', 'c:C:4']);
      assert.deepStrictEqual(file.entries.map((entry) => entry.key), ['a', 'c']);
      assert.deepStrictEqual(file.diagnostics, readBibtex(text).diagnostics);
    });

    it('keeps fields in the order of the file', () => {
      const [entry] = readBibtex('@misc{k, year = 2001, title = {T}, author = {A}, zzz = {z}, abc = {b}}').entries;
      assert.deepStrictEqual(Object.keys(entry.fields), ['year', 'title', 'author', 'zzz', 'abc']);
    });

    it('reads nested braces, an @ inside braces, quoted values with braced quotes, and bare numbers', () => {
      const [entry] = readBibtex('@misc{k,\n  title = {a {b {c}} d @ e},\n  note = "say {"}hi{"}",\n  year = 2020,\n}').entries;
      assert.deepStrictEqual(entry.fields, { title: 'a {b {c}} d @ e', note: 'say {"}hi{"}', year: '2020' });
    });

    it('reads entries delimited by parentheses, and entries with no fields', () => {
      const file = readBibtex('@misc(paren, title = {P})\n@misc{empty}\n@misc{trailing,}\n');
      assert.deepStrictEqual(keys(file), ['paren', 'empty', 'trailing']);
      assert.deepStrictEqual(file.entries[0].fields, { title: 'P' });
      assert.deepStrictEqual(file.diagnostics, []);
    });

    it('takes keys with the punctuation real libraries use (: / - . +)', () => {
      const file = readBibtex('@book{westfahl:space, title={x}}\n@book{baez/article, title={x}}\n@book{a-b.c+d_1, title={x}}');
      assert.deepStrictEqual(keys(file), ['westfahl:space', 'baez/article', 'a-b.c+d_1']);
    });

    it('gives the line of every entry in a CRLF file, and reads values across CRLF line breaks', () => {
      const text = fixture('crlf.bib');
      assert.ok(text.includes('\r\n'), 'the fixture must keep its Windows line endings');
      const file = readBibtex(text);
      assert.deepStrictEqual(file.entries.map((entry) => [entry.key, entry.line]), [['crlf1', 3], ['crlf2', 10]]);
      assert.strictEqual(file.entries[0].fields.title, 'Line endings\r\n            do not matter');
      assert.deepStrictEqual(file.diagnostics, []);
    });
  });

  describe('@string, concatenation, @preamble and @comment', () => {
    it('expands @string macros (any case, braces or parentheses) and the predefined months, and joins # parts', () => {
      const file = readBibtex(fixture('strings.bib'));
      const [coleman, west, martin] = file.entries;
      assert.strictEqual(coleman.fields.journal, 'Journal of Health Organization and Management');
      assert.strictEqual(coleman.fields.month, 'March');
      assert.strictEqual(coleman.fields.volume, '29');
      assert.strictEqual(coleman.fields.number, '1');
      assert.strictEqual(west.fields.title, 'Developing collective leadership for health care');
      assert.strictEqual(west.fields.institution, "The King's Fund");
      assert.strictEqual(west.fields.address, 'London');
      assert.strictEqual(west.fields.month, 'December (revised)');
      assert.strictEqual(martin.fields.journal, 'Social Science \\& Medicine');
      assert.deepStrictEqual(file.strings, {
        jhom: 'Journal of Health Organization and Management',
        kf: "The King's Fund",
        ssm: 'Social Science \\& Medicine',
      });
    });

    it('warns about an undefined macro at its place and reads it as empty, as BibTeX does', () => {
      const file = readBibtex(fixture('strings.bib'));
      assert.strictEqual(file.entries[2].fields.note, '');
      assert.deepStrictEqual(file.diagnostics.map((d) => [d.severity, d.line, d.column, d.key]), [['warning', 32, 13, 'martin2012']]);
      assert.match(file.diagnostics[0].message, /Undefined @string macro "undefinedmacro"/);
    });

    it('lets a later @string use an earlier one', () => {
      const file = readBibtex('@string{a = "Health"}\n@string{b = a # " Policy"}\n@misc{k, title = b}');
      assert.strictEqual(file.entries[0].fields.title, 'Health Policy');
    });

    it('keeps @preamble text, skips @comment blocks whole (entries inside too) and ignores text between entries', () => {
      const file = readBibtex(fixture('comments.bib'));
      assert.deepStrictEqual(keys(file), ['first', 'second', 'third']);
      assert.deepStrictEqual(file.preambles, ['\\newcommand{\\noopsort}[1]{}\\providecommand{\\url}[1]{#1}']);
      assert.strictEqual(file.entries[0].fields.title, 'Braces {inside {nested {three}} deep} and an {@} sign');
      assert.strictEqual(file.entries[0].fields.author, '{Barnes and Noble} and Smith, John');
      assert.strictEqual(file.entries[1].fields.title, 'Parentheses delimit this entry, and {"}quotes{"} nest in braces');
      assert.deepStrictEqual(file.diagnostics, []);
    });

    it('skips only the word of a @comment that never closes, reads what follows, and warns at its line', () => {
      for (const [open, close] of [['{', '}'], ['(', ')']]) {
        const file = readBibtex(`@misc{before}\n@comment${open} forgotten\n@misc{after, title = {x}}\n`);
        assert.deepStrictEqual(keys(file), ['before', 'after'], open);
        assert.deepStrictEqual(file.diagnostics.map((d) => [d.severity, d.line, d.column]), [['warning', 2, 1]], open);
        assert.match(file.diagnostics[0].message, new RegExp(`@comment is not closed: "\\${close}" is missing`));
      }
    });

    it('finds where each @comment block closes after one that never closed, as a count of its braces would', () => {
      // CommentBraces answers from what it learnt on the first unclosed block; a count from each block is the truth.
      const naive = (text: string, open: number) => {
        let depth = 0;
        for (let i = open; i < text.length; i++) {
          if (text[i] === '{') depth++;
          else if (text[i] === '}' && --depth === 0) return i;
        }
        return -1;
      };
      fc.assert(fc.property(fc.string({ unit: fc.constantFrom('{', '}', 'a'), maxLength: 60 }), fc.array(fc.nat(), { maxLength: 12 }), (text, picks) => {
        const braces = new CommentBraces(text);
        // Blocks are asked in file order, each after where the last one ended, as the reader asks.
        let from = 0;
        for (const pick of picks) {
          const opens = [...text].map((ch, i) => (ch === '{' && i >= from ? i : -1)).filter((i) => i >= 0);
          if (!opens.length) break;
          const open = opens[pick % opens.length];
          const end = braces.closing(open);
          assert.strictEqual(end, naive(text, open), `${text} at ${open}`);
          from = end < 0 ? open + 1 : end + 1;
        }
      }), { numRuns: 3000 });
    });
  });

  describe('broken entries', () => {
    const file = readBibtex(fixture('broken.bib'));

    it('loads every good entry around the broken ones', () => {
      for (const key of ['good1', 'good2', 'good3', 'good4']) assert.ok(keys(file).includes(key), key);
    });

    it('reports each broken entry with its line, column and what is wrong', () => {
      const found = file.diagnostics.map((d) => [d.severity, d.line, d.column, d.key ?? null]);
      assert.deepStrictEqual(found, [
        ['error', 11, 3, 'unclosedBrace'],
        ['error', 22, 3, 'missingComma'],
        ['error', 25, 10, null],
        ['error', 30, 29, 'garbage'],
        ['error', 39, 1, 'noClosingBrace'],
      ]);
      const messages = file.diagnostics.map((d) => d.message);
      assert.match(messages[0], /field "title" in entry "unclosedBrace" does not close/);
      assert.match(messages[1], /Missing "," after field "title" in entry "missingComma"/);
      assert.match(messages[2], /has no citation key/);
      assert.match(messages[3], /Unexpected "!" after field "title" in entry "garbage"/);
      assert.match(messages[4], /Entry "noClosingBrace" is not closed/);
    });

    it('drops an entry whose value swallowed the rest of it, but keeps one that lacks only a comma or its closing brace', () => {
      assert.deepStrictEqual(keys(file), ['good1', 'good2', 'missingComma', 'good3', 'noClosingBrace', 'good4']);
      const missingComma = file.entries.find((entry) => entry.key === 'missingComma')!;
      assert.deepStrictEqual(missingComma.fields, { title: 'A field without its comma', year: '2004' });
    });

    it('cuts an unclosed value at the next line that starts an entry, and reports the brace where it opened', () => {
      // Counted naively, the brace would close at the very end of the file, swallowing entry b.
      const text = '@article{a,\n  title = {never closed\n@article{b,\n  title = {fine}\n}\n';
      const result = readBibtex(text);
      assert.deepStrictEqual(keys(result), ['b']);
      assert.strictEqual(result.diagnostics.length, 1);
      assert.deepStrictEqual([result.diagnostics[0].line, result.diagnostics[0].column], [2, 11]);
      assert.match(result.diagnostics[0].message, /Unclosed "\{" in field "title" of entry "a": it runs to the next entry/);
    });

    it('reports an unclosed quote, and a value that never closes before the end of the file', () => {
      const quoted = readBibtex('@misc{q, title = "no end}\n');
      assert.match(quoted.diagnostics[0].message, /Unclosed quote in field "title" of entry "q": it runs to the end of the file/);
      const braced = readBibtex('@misc{b, title = {no end');
      assert.match(braced.diagnostics[0].message, /Unclosed "\{" in field "title"/);
    });

    it('warns about a duplicate key and a repeated field, keeping the first of each', () => {
      const result = readBibtex('@misc{k, title = {one}, title = {two}}\n@misc{k, title = {three}}\n');
      assert.deepStrictEqual(result.entries.map((entry) => entry.fields.title), ['one']);
      assert.deepStrictEqual(result.diagnostics.map((d) => [d.severity, d.line]), [['warning', 1], ['warning', 2]]);
      assert.match(result.diagnostics[0].message, /Field "title" appears twice in entry "k"/);
      assert.match(result.diagnostics[1].message, /Duplicate key "k": already defined at line 1/);
    });

    it('reports an @ that starts a line but no entry, and ignores an @ inside prose', () => {
      const result = readBibtex('mail me at someone@example.org\n@article title = {x}\n@misc{ok, title = {y}}');
      assert.deepStrictEqual(keys(result), ['ok']);
      assert.strictEqual(result.diagnostics.length, 1);
      assert.strictEqual(result.diagnostics[0].line, 2);
      assert.match(result.diagnostics[0].message, /Expected "\{" after "@article"/);
    });

    it('reads a key without the invisible space or byte order mark at its edge, and warns where it is', () => {
      for (const invisible of ['\u00a0', '\u0085', '\u2028', '\ufeff', '\u200b']) {
        const result = readBibtex(`@misc{${invisible}smith, title = {x}}\n@misc{jones${invisible}}\n@misc{${invisible}}\n`);
        assert.deepStrictEqual(keys(result), ['smith', 'jones'], JSON.stringify(invisible));
        assert.deepStrictEqual(result.diagnostics.map((d) => [d.severity, d.line, d.column]),
          [['warning', 1, 7], ['warning', 2, 12], ['error', 3, 8]], JSON.stringify(invisible));
        assert.match(result.diagnostics[0].message, /Citation key "smith" begins with an invisible character \(U\+[0-9A-F]{4}\)/);
      }
    });

    it('reads a file that starts with a byte order mark like one without, errors on its first line included', () => {
      const result = readBibtex('\ufeff@misc{first, title = {x}}\n');
      assert.deepStrictEqual(keys(result), ['first']);
      assert.deepStrictEqual(result.diagnostics, []);
      const broken = readBibtex('\ufeff@ junk\n@misc{ok}');
      assert.deepStrictEqual(keys(broken), ['ok']);
      assert.deepStrictEqual(broken.diagnostics.map((d) => d.line), [1]);
    });

    it('keeps a field named like an Object property as a field', () => {
      const [entry] = readBibtex('@misc{k, __proto__ = {p}, constructor = {c}}').entries;
      assert.deepStrictEqual(Object.keys(entry.fields), ['__proto__', 'constructor']);
      assert.strictEqual(entry.fields.constructor, 'c');
      assert.strictEqual(Object.getPrototypeOf(entry.fields), Object.prototype);
    });
  });

  describe('any input', () => {
    const good = '@string{j = {J}}\n@article{a,\n  author = {Smith, J.},\n  title = {T {x}},\n  journal = j # { Rev},\n  year = 2001\n}\n\n@misc{b, title = "q"}\n';

    function assertWellFormed(text: string, file: BibFile): void {
      for (const entry of file.entries) {
        assert.ok(entry.start >= 0 && entry.start < entry.end && entry.end <= text.length);
        assert.strictEqual(text[entry.start], '@');
        assert.ok(entry.line >= 1 && entry.column >= 1);
        for (const [name, value] of Object.entries(entry.fields)) {
          assert.strictEqual(typeof value, 'string');
          assert.strictEqual(name, name.toLowerCase());
        }
      }
      for (const diagnostic of file.diagnostics) {
        assert.ok(diagnostic.line >= 1 && diagnostic.column >= 1 && diagnostic.offset <= diagnostic.endOffset && diagnostic.endOffset <= text.length);
        assert.ok(diagnostic.message.length > 0);
      }
    }

    it('never throws and returns well-formed entries and diagnostics for arbitrary and mutated text', () => {
      const pieces = fc.constantFrom('@', '{', '}', '(', ')', '"', ',', '=', '#', '%', '\n', ' ', 'a', 'article', 'title', '@string', '@comment', '@preamble', '\\', 'é');
      const mutated = fc.tuple(fc.nat({ max: good.length }), fc.nat({ max: 20 }), fc.string({ unit: pieces, maxLength: 8 }))
        .map(([at, cut, insert]) => good.slice(0, at) + insert + good.slice(at + cut));
      fc.assert(fc.property(fc.oneof(fc.string({ unit: pieces }), fc.string({ unit: 'binary' }), mutated), (text) => {
        assertWellFormed(text, readBibtex(text));
      }), { numRuns: 3000 });
    });

    it('reads the good entries that follow any broken one', () => {
      const tail = '\n@misc{tailA, title = {A}}\n@misc{tailB, title = {B}}\n';
      fc.assert(fc.property(fc.string({ unit: fc.constantFrom('@', '{', '}', '"', ',', '=', '#', 'a', ' ', '\n', 'misc') }), (broken) => {
        // The broken text may itself open a value; a line starting with @ always ends it.
        const found = keys(readBibtex(`@misc{head, title = ${broken}\n${tail}`));
        assert.ok(found.includes('tailA') && found.includes('tailB'), JSON.stringify(found));
      }), { numRuns: 2000 });
    });

    it('reads pathological files to the end: deep nesting, unclosed braces, runs of @', () => {
      const deep = `@misc{deep, title = {${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}}`;
      assert.strictEqual(readBibtex(deep).entries[0].fields.title.length, 200_001);
      const unclosed = `@misc{u, title = ${'{'.repeat(200_000)}\n@misc{after, title = {ok}}`;
      assert.deepStrictEqual(keys(readBibtex(unclosed)), ['after']);
      assertWellFormed('@'.repeat(200_000), readBibtex('@'.repeat(200_000)));
      const entries = '@a{'.repeat(50_000);
      assertWellFormed(entries, readBibtex(entries));
      const lines = '@misc{x,\n'.repeat(20_000);
      assertWellFormed(lines, readBibtex(lines));
    });
  });
});
