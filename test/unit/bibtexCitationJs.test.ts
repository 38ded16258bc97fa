// Our BibTeX reader against citation-js (@citation-js/plugin-bibtex), field for field, on biblatex's own example
// file and on a generated library; and against the generator's own record of what each entry says.
//
// Intentional differences, normalised below and each checked rather than ignored:
// - Months: BibTeX's standard styles define `jan` as "January", and so do we; citation-js uses "01".
// - Names: we keep the von part in the family name ("van Gennep", as the model has no particle field) and read
//   a braced name as an organisation (literal); citation-js splits off a `prefix` and calls both `family`.
// - An accent on a dotless i or j ({\'\i}): we give the accented letter (í); citation-js gives ı + U+0301.
// - Commands citation-js does not know (\AA, \aa, \hyphen, \TeX, \slash) it leaves as text; we decode them.
//   Where citation-js leaves a backslash, ours must have none.
// - "{\"O}zge Björk" (given name first, starting with a braced accent): BibTeX reads Özge as the given name, as we
//   do; citation-js puts the whole name in the family name. Such names are checked against BibTeX's rule instead.
// - Formatting: citation-js turns \emph and \textit into HTML (<i>); we give plain text. Tags are stripped.
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { parseNames, splitNames } from '../../src/core/bibtex/bibtexNames';
import { BibEntry, readBibtex } from '../../src/core/bibtex/bibtexReader';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { latexToUnicode } from '../../src/core/bibtex/latexToUnicode';
import { Person } from '../../src/core/model';
import { generateBib } from './support/generateBib';

// citation-js's parse steps are not in its typed public API: reach them as the plugin's own modules.
const load = createRequire(__filename);
const citationFile = load('@citation-js/plugin-bibtex/lib/input/file.js') as { parse(text: string): CitationEntry[] };
const citationValue = load('@citation-js/plugin-bibtex/lib/input/value.js') as { parse(text: string, field: string): unknown };

interface CitationEntry {
  type: string;
  label: string;
  properties: Record<string, string | number>;
}

interface CitationName {
  family?: string;
  given?: string;
  prefix?: string;
  suffix?: string;
}

const realWorldFile = path.join(__dirname, '..', '..', '..', 'shared', 'real-world', 'biblatex-examples.bib');

/** The fields we show, decoded: these must read the same as citation-js reads them. */
const DISPLAYED = ['title', 'subtitle', 'journaltitle', 'journal', 'booktitle', 'publisher', 'institution', 'school', 'organization', 'location', 'address', 'series', 'note', 'abstract', 'edition', 'isbn', 'volume', 'number', 'pages'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function citationText(value: unknown): string {
  const text = Array.isArray(value) ? value.join(' and ') : String(value);
  return text
    .replace(/<\/?(?:i|b|sup|sub|span)\b[^>]*>/g, '')
    .replace(/[ \t\n\r]+/g, ' ')
    .trim()
    .replace(/([ıȷ])([\u0300-\u036f])/g, (_, letter: string, mark: string) => (letter === 'ı' ? 'i' : 'j') + mark)
    .replace(/\\AA ?/g, 'Å').replace(/\\aa ?/g, 'å')
    .normalize('NFC');
}

function ourName(person: Person): string {
  return person.literal !== undefined ? `${person.literal}||` : [person.family ?? '', person.given ?? '', person.suffix ?? ''].join('|');
}

function citationName(name: CitationName): string {
  return [citationText([name.prefix, name.family].filter(Boolean).join(' ')), citationText(name.given ?? ''), citationText(name.suffix ?? '')].join('|');
}

/** True for "{\"O}zge Björk": given name first, and it opens with a braced special character. */
function givenOpensWithSpecialCharacter(rawName: string): boolean {
  return !rawName.includes(',') && /^\{\\/.test(rawName.trim());
}

function compareWithCitationJs(text: string): { entries: number; fields: number; names: number } {
  const ours = readBibtex(text);
  const theirs = citationFile.parse(text);
  assert.deepStrictEqual(ours.entries.map((entry) => [entry.type, entry.key]), theirs.map((entry) => [entry.type, entry.label]));
  let fields = 0;
  let names = 0;
  ours.entries.forEach((entry: BibEntry, index) => {
    const other = theirs[index];
    const where = (field: string) => `${entry.key}: ${field}`;
    assert.deepStrictEqual(Object.keys(entry.fields), Object.keys(other.properties), where('field names'));
    for (const [field, raw] of Object.entries(entry.fields)) {
      const theirRaw = String(other.properties[field]);
      fields++;
      if (field === 'month' && /^\d\d$/.test(theirRaw)) {
        assert.strictEqual(raw, MONTHS[Number(theirRaw) - 1], where(field));
        continue;
      }
      // The raw value: macros expanded, # joined, delimiters off, nothing else touched.
      assert.strictEqual(raw, theirRaw, where(field));
      if (field === 'author' || field === 'editor') {
        const rawNames = splitNames(raw);
        const ourNames = parseNames(raw);
        const theirNames = citationValue.parse(theirRaw, field) as CitationName[];
        assert.strictEqual(ourNames.length, theirNames.length, where(field));
        ourNames.forEach((person, i) => {
          names++;
          if (givenOpensWithSpecialCharacter(rawNames[i])) {
            // BibTeX's rule: the last word is the family name, the words before it the given names.
            const words = latexToUnicode(rawNames[i]).split(' ');
            assert.deepStrictEqual(person, { family: words.pop(), given: words.join(' ') }, where(field));
          } else {
            assert.strictEqual(ourName(person), citationName(theirNames[i]), where(field));
          }
        });
      } else if (DISPLAYED.includes(field)) {
        const decoded = latexToUnicode(raw);
        const theirDecoded = citationText(citationValue.parse(theirRaw, field));
        if (theirDecoded.includes('\\')) assert.ok(!decoded.includes('\\'), `${where(field)}: ${decoded}`);
        else assert.strictEqual(decoded, theirDecoded, where(field));
      }
    }
  });
  return { entries: ours.entries.length, fields, names };
}

describe('BibTeX reader against citation-js', function () {
  this.timeout(60_000);

  it('reads biblatex\'s example file as citation-js does, field for field', () => {
    const counts = compareWithCitationJs(fs.readFileSync(realWorldFile, 'utf8'));
    assert.strictEqual(counts.entries, 92);
    assert.ok(counts.fields > 900 && counts.names > 150, JSON.stringify(counts));
  });

  it('reads a generated library as citation-js does, field for field', () => {
    const counts = compareWithCitationJs(generateBib(1500, { seed: 11 }).text);
    assert.strictEqual(counts.entries, 1500);
  });

  it('decodes every generated work to what the generator wrote down, in every model field', () => {
    const library = generateBib(3000, { seed: 5 });
    const papers = entriesToPapers(readBibtex(library.text).entries, 'generated.bib');
    assert.strictEqual(papers.length, library.works.length);
    papers.forEach((paper, index) => {
      const work = library.works[index];
      const expected = {
        key: work.key, title: work.title, line: work.line, authors: work.authors, editors: work.editors, year: work.year,
        venue: work.venue, publisher: work.publisher, address: work.address, volume: work.volume, issue: work.issue,
        pages: work.pages, doi: work.doi, url: work.url, isbn: work.isbn, abstract: work.abstract,
      };
      const actual = {
        key: paper.key, title: paper.title, line: paper.origin.kind === 'user' ? paper.origin.line : 0, authors: paper.authors,
        editors: paper.editors, year: paper.year, venue: paper.venue, publisher: paper.publisher, address: paper.address,
        volume: paper.volume, issue: paper.issue, pages: paper.pages, doi: paper.doi, url: paper.url, isbn: paper.isbn,
        abstract: paper.abstract?.text,
      };
      assert.deepStrictEqual(actual, expected, work.key);
    });
  });
});
