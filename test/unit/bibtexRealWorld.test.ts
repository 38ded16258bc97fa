// biblatex's own example database (../shared/real-world, beside the repository here and in CI): every entry in it
// is valid biblatex, so every one must load, ungarbled.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { Paper } from '../../src/core/model';

const file = path.join(__dirname, '..', '..', '..', 'shared', 'real-world', 'biblatex-examples.bib');

describe('biblatex-examples.bib', () => {
  const text = fs.readFileSync(file, 'utf8');
  const bib = readBibtex(text);
  const papers = entriesToPapers(bib.entries, file);
  const byKey = new Map(papers.map((paper) => [paper.key, paper]));
  const paper = (key: string): Paper => {
    const found = byKey.get(key);
    assert.ok(found, key);
    return found;
  };

  it('loads all 92 entries and 8 @string macros, with no error or warning', () => {
    assert.strictEqual(bib.entries.length, 92);
    assert.strictEqual(Object.keys(bib.strings).length, 8);
    assert.deepStrictEqual(bib.diagnostics, []);
    assert.strictEqual(papers.length, 92);
  });

  it('finds every entry a line-by-line scan of the file finds, in order, at its line', () => {
    const expected: [string, string, number][] = [];
    text.split('\n').forEach((line, index) => {
      const match = /^@(\w+)\{([^,\s]+),/.exec(line);
      if (match && match[1].toLowerCase() !== 'string') expected.push([match[1].toLowerCase(), match[2], index + 1]);
    });
    assert.deepStrictEqual(bib.entries.map((entry) => [entry.type, entry.key, entry.line]), expected);
  });

  it('decodes accented names: Aks{\\i}n, {\\"O}zge, {\\c{C}}etinkaya', () => {
    assert.deepStrictEqual(paper('aksin').authors?.slice(0, 4), [
      { family: 'Aksın', given: 'Özge' },
      { family: 'Türkmen', given: 'Hayati' },
      { family: 'Artok', given: 'Levent' },
      { family: 'Çetinkaya', given: 'Bekir' },
    ]);
    assert.deepStrictEqual(paper('herrmann').authors?.[1], { family: 'Öfele', given: 'Karl' });
    assert.deepStrictEqual(paper('malinowski').authors, [{ family: 'Malinowski', given: 'Bronisław' }]);
    assert.deepStrictEqual(paper('vangennep').authors, [{ family: 'van Gennep', given: 'Arnold' }]);
    assert.strictEqual(paper('murray').authors?.length, 14);
  });

  it('decodes titles: protected words, ties, dashes, \\mkbibquote, \\hyphen, subtitles', () => {
    assert.strictEqual(paper('aksin').title, 'Effect of immobilization on catalytic characteristics of saturated Pd-N-heterocyclic carbenes in Mizoroki-Heck reactions');
    assert.strictEqual(paper('angenendt').title, 'In Honore Salvatoris\u00A0– Vom Sinn und Unsinn der Patrozinienkunde');
    assert.strictEqual(paper('kastenholz').title, 'Computation of methodology-independent ionic solvation free energies from molecular simulations');
    assert.strictEqual(paper('kastenholz').subtitle, 'I. The electrostatic potential in molecular liquids');
    assert.strictEqual(paper('spiegelberg').title, '“Intention” und “Intentionalität” in der Scholastik, bei Brentano und Husserl');
    assert.strictEqual(paper('knuth:ct:a').title, 'The TeXbook');
    assert.strictEqual(paper('aksin').venue, 'J.\u00A0Organomet. Chem.');
  });

  it('keeps DOIs with < > ; : ( ) exactly, and takes the year from `date`', () => {
    assert.strictEqual(paper('sigfridsson').doi, '10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P');
    assert.strictEqual(paper('kastenholz').doi, '10.1063/1.2172593');
    assert.strictEqual(paper('aksin').year, 2006);
    assert.strictEqual(paper('aksin').volume, '691');
    assert.strictEqual(paper('angenendt').pages, '431-456, 791-823');
  });

  it('gives a crossref child its parent\'s book title, publisher and year', () => {
    const chapter = paper('westfahl:space');
    assert.strictEqual(chapter.type, 'chapter');
    assert.strictEqual(chapter.venue, 'Space and Beyond');
    assert.strictEqual(chapter.publisher, 'Greenwood');
    assert.strictEqual(chapter.year, 2000);
    assert.strictEqual(paper('kant:kpv').venue, 'Kritik der praktischen Vernunft. Kritik der Urtheilskraft');
  });

  it('keeps @set entries and their members, and maps every entry type to a kind of work', () => {
    assert.deepStrictEqual(paper('set').extraFields?.entryset, 'herrmann,aksin,yoon');
    assert.strictEqual(paper('set').type, 'misc');
    const types = new Map(papers.map((p) => [p.origin.kind === 'user' ? p.origin.entryType : '', p.type]));
    assert.deepStrictEqual(Object.fromEntries(types), {
      incollection: 'chapter', set: 'misc', article: 'article', book: 'book', collection: 'book', inbook: 'chapter',
      inproceedings: 'conference', manual: 'report', mvbook: 'book', mvcollection: 'book', online: 'webpage',
      patent: 'misc', periodical: 'misc', report: 'report', thesis: 'thesis',
    });
  });

  it('leaves no LaTeX in any title, name, venue or publisher', () => {
    for (const p of papers) {
      const shown = [p.title, p.subtitle, p.venue, p.publisher, p.address, ...(p.authors ?? []).flatMap((a) => [a.family, a.given, a.literal])];
      for (const value of shown) {
        if (value === undefined) continue;
        assert.ok(!/[\\{}~]/.test(value), `${p.key}: ${value}`);
      }
    }
  });
});
