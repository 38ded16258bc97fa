import * as assert from 'assert';
import fc from 'fast-check';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { escapeLatex, formatNames, protectTitle, writeBibtex, writeBibtexEntry } from '../../src/core/bibtex/bibtexWriter';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { latexToUnicode } from '../../src/core/bibtex/latexToUnicode';
import { parseCorpus } from '../../src/core/corpus';
import { Paper, Person, WORK_TYPES } from '../../src/core/model';

const load = createRequire(__filename);
const citationFile = load('@citation-js/plugin-bibtex/lib/input/file.js') as { parse(text: string): { type: string; label: string; properties: Record<string, string | number> }[] };
const citationValue = load('@citation-js/plugin-bibtex/lib/input/value.js') as { parse(text: string, field: string): unknown };

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'corpus.json'), 'utf8'));

function paper(fields: Partial<Paper>): Paper {
  return { key: 'key2020', title: 'A title', themes: [], origin: { kind: 'corpus' }, ...fields };
}

function readBack(text: string): Paper[] {
  const bib = readBibtex(text);
  assert.deepStrictEqual(bib.diagnostics, []);
  return entriesToPapers(bib.entries, 'written.bib');
}

/** What reading must give back for a written text: NFC, no control characters, ASCII whitespace collapsed. */
function normalised(text: string): string {
  return [...text].filter((ch) => ch.charCodeAt(0) >= 32 || /[\t\n\v\f\r]/.test(ch)).filter((ch) => ch !== '\u007f').join('')
    .replace(/[ \t\n\v\f\r]+/g, ' ').replace(/^ | $/g, '').normalize('NFC');
}

/** The fields a written entry carries, as the model holds them, for comparing with what is read back. */
function written(p: Paper): Record<string, unknown> {
  return {
    type: p.type ?? 'misc', title: p.title, authors: p.authors, editors: p.editors, year: p.year, venue: p.venue,
    publisher: p.publisher, address: p.address, volume: p.volume, issue: p.issue, pages: p.pages, doi: p.doi, url: p.url,
    isbn: p.isbn, abstract: p.abstract?.kind === 'abstract' ? p.abstract.text : undefined,
  };
}

describe('BibTeX writer', () => {
  describe('entries', () => {
    it('writes a corpus article with its fields in a fixed order, and no field for what is unknown', () => {
      const shapiro = corpus.papers.find((p) => p.key === 'shapiroLeadershipNHS2011')!;
      assert.strictEqual(writeBibtexEntry(shapiro), [
        '@article{shapiroLeadershipNHS2011,',
        '  author = {Shapiro, Jonathan and Rashid, Sabina},',
        '  title = {Leadership in the {NHS}},',
        '  journal = {BMJ},',
        '  year = {2011},',
        '  volume = {342},',
        '  pages = {d3375},',
        '  doi = {10.1136/bmj.d3375},',
        '  url = {https://www.bmj.com/content/342/bmj.d3375}',
        '}',
        '',
      ].join('\n'));
    });

    it('never writes our summary, our notes or an excerpt (which is not an abstract) into a user\'s bibliography', () => {
      for (const work of corpus.papers) {
        const text = writeBibtexEntry(work);
        if (work.summary) assert.ok(!text.includes(work.summary.slice(0, 30)), work.key);
        if (work.note) assert.ok(!/\bnote =/.test(text), work.key);
        assert.strictEqual(/\babstract =/.test(text), work.abstract?.kind === 'abstract', work.key);
      }
    });

    it('chooses entry types that both bibtex and biber know: classic ones by default, biblatex\'s on request', () => {
      const types: [Paper['type'], string, string][] = [
        ['article', 'article', 'article'], ['report', 'techreport', 'report'], ['book', 'book', 'book'],
        ['chapter', 'incollection', 'incollection'], ['thesis', 'phdthesis', 'thesis'],
        ['conference', 'inproceedings', 'inproceedings'], ['webpage', 'misc', 'online'], ['misc', 'misc', 'misc'],
        [undefined, 'misc', 'misc'],
      ];
      for (const [type, bibtex, biblatex] of types) {
        assert.ok(writeBibtexEntry(paper({ type })).startsWith(`@${bibtex}{`), `${type} in BibTeX`);
        assert.ok(writeBibtexEntry(paper({ type }), { dialect: 'biblatex' }).startsWith(`@${biblatex}{`), `${type} in biblatex`);
      }
    });

    it('names fields for the dialect: institution for a report, journal or journaltitle, address or location', () => {
      const report = paper({ type: 'report', publisher: "The King's Fund", address: 'London', year: 2014 });
      assert.match(writeBibtexEntry(report), /institution = \{The King's Fund\},\n {2}address = \{London\}/);
      assert.match(writeBibtexEntry(report, { dialect: 'biblatex' }), /date = \{2014\},\n {2}institution = \{The King's Fund\},\n {2}location = \{London\}/);
      const article = paper({ type: 'article', venue: 'BMJ' });
      assert.match(writeBibtexEntry(article), /journal = \{BMJ\}/);
      assert.match(writeBibtexEntry(article, { dialect: 'biblatex' }), /journaltitle = \{BMJ\}/);
      assert.match(writeBibtexEntry(paper({ type: 'thesis', publisher: 'Uppsala' })), /school = \{Uppsala\}/);
    });

    it('keeps a user entry\'s own type when the dialect knows it, and its other fields raw, months as macros', () => {
      const [user] = readBack('@mastersthesis{m, title = {T}, school = {S}, year = 2001, month = jun, keywords = {a, {B}}, crossref = {p}}');
      const text = writeBibtexEntry(user);
      assert.ok(text.startsWith('@mastersthesis{m,'));
      assert.match(text, /month = jun,\n {2}keywords = \{a, \{B\}\}\n\}/);
      assert.ok(!text.includes('crossref'), 'a crossref parent is not written, so neither is the reference to it');
      assert.ok(writeBibtexEntry(user, { dialect: 'biblatex' }).startsWith('@mastersthesis{'));
    });

    it('joins a subtitle to the title for BibTeX, which has no subtitle field, and keeps it apart for biblatex', () => {
      const p = paper({ title: 'Leadership', subtitle: 'a critical account' });
      assert.match(writeBibtexEntry(p), /title = \{Leadership: a critical account\}/);
      assert.match(writeBibtexEntry(p, { dialect: 'biblatex' }), /title = \{Leadership\},\n {2}subtitle = \{a critical account\}/);
    });

    it('writes page ranges with -- and leaves other pages alone', () => {
      assert.match(writeBibtexEntry(paper({ pages: '21-26' })), /pages = \{21--26\}/);
      assert.match(writeBibtexEntry(paper({ pages: '431–456, 791-823' })), /pages = \{431--456, 791--823\}/);
      assert.match(writeBibtexEntry(paper({ pages: 'd3375' })), /pages = \{d3375\}/);
    });

    it('writes an extra field on one line: a run of white space that breaks a line becomes one space, other runs stay', () => {
      const user = { kind: 'user', file: 'f.bib', line: 1, entryType: 'misc' } as const;
      assert.match(writeBibtexEntry(paper({ origin: user, extraFields: { series: 'A  \n\t  B   C\r\n' } })), /series = \{A B {3}C\}/);
      assert.match(writeBibtexEntry(paper({ origin: user, extraFields: { series: 'x\u00a0 \ny' } })), /series = \{x y\}/);
    });

    it('writes keys as they are, and drops characters a key cannot hold rather than write a broken entry', () => {
      assert.ok(writeBibtexEntry(paper({ key: 'westfahl:space' })).startsWith('@misc{westfahl:space,'));
      assert.ok(writeBibtexEntry(paper({ key: 'bad key,{x}' })).startsWith('@misc{badkeyx,'));
    });
  });

  describe('escaping and protection', () => {
    it('escapes the characters LaTeX treats specially', () => {
      assert.strictEqual(escapeLatex('R&D: 100% of #1 at $5 in a_b'), 'R\\&D: 100\\% of \\#1 at \\$5 in a\\_b');
      assert.strictEqual(escapeLatex('a\\b ~ c^d `e`'), 'a\\textbackslash{}b \\textasciitilde{} c\\textasciicircum{}d \\textasciigrave{}e\\textasciigrave{}');
    });

    it('escapes paired braces as \\{ \\} and a lone brace as a command, so the value always balances', () => {
      assert.strictEqual(escapeLatex('{x}'), '\\{x\\}');
      assert.strictEqual(escapeLatex('a } b { c'), 'a \\textbraceright{} b \\textbraceleft{} c');
      assert.strictEqual(escapeLatex('{{x}'), '\\textbraceleft{}\\{x\\}');
    });

    it('breaks the TeX ligatures apart, so -- and \'\' read back as typed', () => {
      assert.strictEqual(escapeLatex("a -- b --- c ''d''"), "a -{}- b -{}-{}- c '{}'d'{}'");
    });

    it('keeps non-ASCII text as UTF-8 and drops control characters', () => {
      assert.strictEqual(escapeLatex('Łódź “Zürich”\u0007\t\nnext'), 'Łódź “Zürich” next');
    });

    it('protects acronyms and inner capitals, and in a sentence-case title the proper nouns after the first word', () => {
      assert.strictEqual(protectTitle('Leadership in the NHS'), 'Leadership in the {NHS}');
      assert.strictEqual(protectTitle('Whither the elephant?: the continuing development of clinical leadership in the UK National Health Services'),
        'Whither the elephant?: the continuing development of clinical leadership in the {UK National Health Services}');
      assert.strictEqual(protectTitle('Leadership for health commissioning in the new NHS: Exploring the early development of clinical commissioning groups in England'),
        'Leadership for health commissioning in the new {NHS}: Exploring the early development of clinical commissioning groups in {England}');
      assert.strictEqual(protectTitle('Leadership and Better Patient Care: Managing in the NHS'), 'Leadership and Better Patient Care: Managing in the {NHS}');
      assert.strictEqual(protectTitle('The iPhone and COVID-19 (UK)'), 'The {iPhone} and {COVID-19} ({UK})');
      assert.strictEqual(protectTitle('R&D in McDonald\'s'), '{R\\&D} in {McDonald\'s}');
    });

    it('protects a word from its first letter or digit to its last, in any script, leaving punctuation around it outside', () => {
      assert.strictEqual(protectTitle('“NHS”, (UK): ¿Qué? 𝐀𝐁c'), '“{NHS}”, ({UK}): ¿Qué? {𝐀𝐁c}');
      assert.strictEqual(protectTitle("Care at (McDonald's)!"), "Care at ({McDonald's})!");
      assert.strictEqual(protectTitle('The NHS... and COVID-19?!'), 'The {NHS}... and {COVID-19}?!');
      assert.strictEqual(protectTitle('Costs --- !!! ... of care'), 'Costs -{}-{}- !!! ... of care');
    });

    it('writes names as "Family, Given", organisations in braces, "and others" as BibTeX\'s et al.', () => {
      const people: Person[] = [
        { family: 'Shapiro', given: 'Jonathan' }, { family: 'van Gennep', given: 'Arnold' }, { family: 'Ford', given: 'Henry', suffix: 'Jr.' },
        { literal: 'World Health Organization' }, { family: 'Aristotle' }, { family: 'Ilan Clarke' }, { family: 'Smith, Jones' },
        { family: 'Barnes and Noble', given: 'Ann' }, { literal: 'others' },
      ];
      assert.strictEqual(formatNames(people), 'Shapiro, Jonathan and van Gennep, Arnold and Ford, Jr., Henry and {World Health Organization} and Aristotle and Ilan Clarke, and {Smith, Jones}, and {Barnes and Noble}, Ann and others');
      const [back] = readBack(`@misc{k, author = {${formatNames(people)}}}`);
      assert.deepStrictEqual(back.authors, people);
    });
  });

  describe('round trips', () => {
    it('reads every corpus work back, through our reader, to the fields it was written from', () => {
      for (const dialect of ['bibtex', 'biblatex'] as const) {
        const papers = readBack(writeBibtex(corpus.papers, { dialect }));
        assert.deepStrictEqual(papers.map((p) => p.key), corpus.papers.map((p) => p.key));
        papers.forEach((back, i) => {
          assert.deepStrictEqual(written(back), written(corpus.papers[i]), `${dialect}: ${back.key}`);
        });
      }
    });

    it('reads every corpus work back, through citation-js, to the same fields', () => {
      const text = writeBibtex(corpus.papers);
      const entries = citationFile.parse(text);
      assert.deepStrictEqual(entries.map((entry) => entry.label), corpus.papers.map((p) => p.key));
      const decode = (field: string, raw: string | number | undefined) =>
        raw === undefined ? undefined : String(citationValue.parse(String(raw), field)).replace(/<\/?i>/g, '');
      entries.forEach((entry, i) => {
        const p = corpus.papers[i];
        const fields = entry.properties;
        const names = (citationValue.parse(String(fields.author ?? ''), 'author') as { family: string; given?: string }[]);
        assert.deepStrictEqual(fields.author === undefined ? undefined : names.map((n) => ({ family: n.family, given: n.given })), p.authors, p.key);
        assert.strictEqual(decode('title', fields.title), p.title, p.key);
        assert.strictEqual(decode('journal', fields.journal), p.type === 'article' ? p.venue : undefined, p.key);
        assert.strictEqual(fields.year === undefined ? undefined : Number(fields.year), p.year, p.key);
        assert.strictEqual(decode('volume', fields.volume), p.volume, p.key);
        assert.strictEqual(decode('number', fields.number), p.issue, p.key);
        assert.strictEqual(decode('pages', fields.pages)?.replace(/–/g, '-'), p.pages, p.key);
        assert.strictEqual(decode('doi', fields.doi), p.doi, p.key);
        assert.strictEqual(decode('url', fields.url), p.url, p.key);
        assert.strictEqual(decode('isbn', fields.isbn), p.isbn, p.key);
        assert.strictEqual(decode('publisher', fields.publisher ?? fields.institution), p.publisher, p.key);
        assert.strictEqual(decode('address', fields.address), p.address, p.key);
        assert.strictEqual(decode('abstract', fields.abstract), p.abstract?.kind === 'abstract' ? p.abstract.text : undefined, p.key);
      });
    });

    it('writes biblatex\'s example file back, in the biblatex dialect, so that it reads to the same papers', () => {
      const file = path.join(__dirname, '..', '..', '..', 'shared', 'real-world', 'biblatex-examples.bib');
      const original = entriesToPapers(readBibtex(fs.readFileSync(file, 'utf8')).entries, file);
      const back = readBack(writeBibtex(original, { dialect: 'biblatex' }));
      // What changes on purpose: a parent's fields are written into the child, so the reference to the parent
      // (crossref, xdata) goes; an extra field's line breaks become spaces; the origin is the new file.
      const comparable = (p: Paper) => {
        const extra = Object.fromEntries(Object.entries(p.extraFields ?? {})
          .filter(([name]) => !['crossref', 'xdata'].includes(name))
          .map(([name, value]) => [name, value.replace(/\s*\n\s*/g, ' ').trim()]));
        return { ...p, origin: p.origin.kind === 'user' ? p.origin.entryType : '', extraFields: extra };
      };
      assert.strictEqual(back.length, 92);
      back.forEach((p, i) => assert.deepStrictEqual(comparable(p), comparable(original[i]), p.key));
    });

    const text = fc.string({ unit: fc.oneof(fc.constantFrom('{', '}', '\\', '%', '&', '#', '_', '$', '~', '^', '`', "'", '-', '"', '@', ',', ' ', '\n', '\t', 'and', 'A', 'NHS', 'é', 'e\u0301', '\u00a0', '\u0007'), fc.string({ unit: 'binary', maxLength: 1 })) });
    const someText = text.filter((value) => normalised(value) !== '');
    const person: fc.Arbitrary<Person> = fc.oneof(
      fc.record({ family: someText, given: fc.option(someText, { nil: undefined }) }, { requiredKeys: ['family'] }),
      fc.record({ literal: someText }),
    );

    function expectedPerson(p: Person): Person {
      if (p.literal !== undefined) return { literal: normalised(p.literal) };
      const result: Person = { family: normalised(p.family!) };
      if (p.given !== undefined && normalised(p.given) !== '') result.given = normalised(p.given);
      return result;
    }

    it('writes any text so that our reader reads back the same text (property)', () => {
      fc.assert(fc.property(someText, fc.option(someText, { nil: undefined }), fc.option(someText, { nil: undefined }), fc.option(someText, { nil: undefined }), fc.constantFrom<'bibtex' | 'biblatex'>('bibtex', 'biblatex'), fc.constantFrom(...WORK_TYPES),
        (title, venue, abstract, publisher, dialect, type) => {
          const original = paper({ type, title, venue, publisher, abstract: abstract === undefined ? undefined : { text: abstract, kind: 'abstract' } });
          const [back] = readBack(writeBibtexEntry(original, { dialect }));
          const optional = (value: string | undefined) => (value === undefined || normalised(value) === '' ? undefined : normalised(value));
          // Classic BibTeX has no type for web pages: they are @misc there.
          assert.strictEqual(back.type, dialect === 'bibtex' && type === 'webpage' ? 'misc' : type);
          assert.strictEqual(back.title, normalised(title));
          assert.strictEqual(back.venue, optional(venue));
          assert.strictEqual(back.publisher, optional(publisher));
          assert.strictEqual(back.abstract?.text, optional(abstract));
        }), { numRuns: 1500 });
    });

    it('writes any list of people so that our reader reads back the same people (property)', () => {
      fc.assert(fc.property(fc.array(person, { minLength: 1, maxLength: 4 }), (people) => {
        const [back] = readBack(writeBibtexEntry(paper({ authors: people })));
        assert.deepStrictEqual(back.authors, people.map(expectedPerson));
      }), { numRuns: 1500 });
    });

    it('keeps a written value on one line, so no line inside an entry can start a new one', () => {
      fc.assert(fc.property(someText, (value) => {
        const entry = writeBibtexEntry(paper({ title: value, abstract: { text: `x\n@misc{y, ${value}`, kind: 'abstract' } }));
        assert.ok(!/\n\s*@/.test(entry.slice(1)), entry);
        assert.strictEqual(latexToUnicode(entry.split('\n')[1].replace(/^ {2}title = \{|\},$/g, '')), normalised(value));
      }), { numRuns: 500 });
    });
  });
});
