import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { entriesToPapers, workTypeOf } from '../../src/core/bibtex/entryToPaper';
import { Paper } from '../../src/core/model';

const fixtures = path.join(__dirname, '..', 'fixtures', 'bib');

function papersOf(text: string, file = '/work/refs.bib'): Paper[] {
  return entriesToPapers(readBibtex(text).entries, file);
}

function paperOf(text: string): Paper {
  const papers = papersOf(text);
  assert.strictEqual(papers.length, 1);
  return papers[0];
}

describe('BibTeX entries as papers', () => {
  it('maps an article to every model field, decoded, with its origin and no themes yet', () => {
    const paper = paperOf(`
@article{nicol2016,
  author   = {Nicol, Edward D. and Cowpe, Jenny},
  title    = {Barriers to doctors successfully delivering leadership in the {NHS}},
  journal  = {Future Hospital Journal},
  year     = {2016},
  volume   = {3},
  number   = {1},
  pages    = {21--26},
  doi      = {10.7861/futurehosp.3-1-21},
  url      = {https://www.rcpjournals.org/content/futurehosp/3/1/21},
  abstract = {Leadership will be essential \\ldots},
  note     = {In press}
}`);
    assert.deepStrictEqual(paper, {
      key: 'nicol2016',
      type: 'article',
      title: 'Barriers to doctors successfully delivering leadership in the NHS',
      themes: [],
      origin: { kind: 'user', file: '/work/refs.bib', line: 2, entryType: 'article' },
      authors: [{ family: 'Nicol', given: 'Edward D.' }, { family: 'Cowpe', given: 'Jenny' }],
      year: 2016,
      venue: 'Future Hospital Journal',
      volume: '3',
      issue: '1',
      pages: '21-26',
      doi: '10.7861/futurehosp.3-1-21',
      url: 'https://www.rcpjournals.org/content/futurehosp/3/1/21',
      abstract: { text: 'Leadership will be essential …', kind: 'abstract' },
      note: 'In press',
    });
  });

  it('maps BibTeX and biblatex entry types onto the model\'s kinds of work', () => {
    const expected: [string, string][] = [
      ['article', 'article'], ['report', 'report'], ['techreport', 'report'], ['book', 'book'], ['mvbook', 'book'],
      ['collection', 'book'], ['proceedings', 'book'], ['inbook', 'chapter'], ['incollection', 'chapter'],
      ['inproceedings', 'conference'], ['conference', 'conference'], ['thesis', 'thesis'], ['phdthesis', 'thesis'],
      ['mastersthesis', 'thesis'], ['online', 'webpage'], ['electronic', 'webpage'], ['misc', 'misc'],
      ['unpublished', 'misc'], ['patent', 'misc'], ['InProceedings', 'conference'], ['somethingelse', 'misc'],
    ];
    for (const [entryType, type] of expected) assert.strictEqual(workTypeOf(entryType), type, entryType);
  });

  it('takes the year from `year`, else from a biblatex `date`, keeping a full date to write back', () => {
    assert.strictEqual(paperOf('@misc{a, year = {2011}}').year, 2011);
    const dated = paperOf('@misc{a, date = {2011-05-31}}');
    assert.strictEqual(dated.year, 2011);
    assert.deepStrictEqual(dated.extraFields, { date: '2011-05-31' });
    const plainDate = paperOf('@misc{a, date = 2006}');
    assert.strictEqual(plainDate.year, 2006);
    assert.strictEqual(plainDate.extraFields, undefined);
    const unknown = paperOf('@misc{a, year = {in press}}');
    assert.strictEqual(unknown.year, undefined);
    assert.deepStrictEqual(unknown.extraFields, { year: 'in press' });
  });

  it('takes the venue from journaltitle, journal or booktitle, and the publisher from whichever field the type uses', () => {
    assert.strictEqual(paperOf('@article{a, journaltitle = {J. Chem. Phys.}}').venue, 'J. Chem. Phys.');
    assert.strictEqual(paperOf('@inproceedings{a, booktitle = {Proc. of X}}').venue, 'Proc. of X');
    assert.strictEqual(paperOf('@techreport{a, institution = {The King\'s Fund}}').publisher, "The King's Fund");
    assert.strictEqual(paperOf('@phdthesis{a, school = {Uppsala Universitet}}').publisher, 'Uppsala Universitet');
    const book = paperOf('@book{a, publisher = {Routledge}, location = {London}, organization = {Org}}');
    assert.strictEqual(book.publisher, 'Routledge');
    assert.strictEqual(book.address, 'London');
    assert.deepStrictEqual(book.extraFields, { organization: 'Org' });
  });

  it('keeps subtitle and editors, and everything else raw in extraFields for writing back', () => {
    const paper = paperOf('@book{a, title = {Main}, subtitle = {The {Sub} Title}, editor = {Doe, Jane}, keywords = {a, b}, month = jun, edition = {2nd}}');
    assert.strictEqual(paper.subtitle, 'The Sub Title');
    assert.deepStrictEqual(paper.editors, [{ family: 'Doe', given: 'Jane' }]);
    assert.deepStrictEqual(paper.extraFields, { keywords: 'a, b', month: 'June', edition: '2nd' });
  });

  it('cleans DOIs and URLs written for BibTeX: a resolver prefix, escaped specials, \\url in howpublished', () => {
    const paper = paperOf('@misc{a, doi = {https://doi.org/10.1000/a\\_b}, howpublished = {\\url{https://example.org/x_y}}}');
    assert.strictEqual(paper.doi, '10.1000/a_b');
    assert.strictEqual(paper.url, 'https://example.org/x_y');
    assert.strictEqual(paper.extraFields, undefined);
    assert.strictEqual(paperOf('@misc{a, doi = {doi:10.1/x}}').doi, '10.1/x');
    assert.strictEqual(paperOf('@misc{a, doi = {10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P}}').doi, '10.1002/(SICI)1096-987X(199803)19:4<377::AID-JCC1>3.0.CO;2-P');
  });

  it('reads page ranges as the corpus writes them, whatever the dashes and spaces, in linear time', () => {
    const pages = (raw: string) => paperOf(`@misc{a, pages = {${raw}}}`).pages;
    assert.strictEqual(pages('21--26'), '21-26');
    assert.strictEqual(pages('21 \u2013 26'), '21-26');
    assert.strictEqual(pages('21~--~26, 30 - - 31'), '21-26, 30--31');
    // Letters, digits and hyphens alone take a shorter way to the same reading.
    assert.strictEqual(pages('e101---e110'), 'e101-e110');
    assert.strictEqual(pages('1----2--3-4'), '1-2-3-4');
    assert.strictEqual(pages('-5-'), '-5-');
    assert.strictEqual(pages('A7'), 'A7');
    assert.strictEqual(pages('{21}--{26}'), '21-26');
    // 100,000 ties: a pattern that re-read the run from each one took tens of seconds, past the test's timeout.
    const ties = '~'.repeat(100_000);
    assert.strictEqual(pages(`1${ties}--${ties}2`), '1-2');
    assert.strictEqual(pages(`1${ties}x`), `1${'\u00a0'.repeat(100_000)}x`);
  });

  it('leaves out fields that are empty, and gives an untitled entry an empty title', () => {
    const paper = paperOf('@misc{a, title = {}, author = {}, year = {}, volume = { }}');
    assert.deepStrictEqual(paper, { key: 'a', type: 'misc', title: '', themes: [], origin: { kind: 'user', file: '/work/refs.bib', line: 1, entryType: 'misc' } });
  });

  it('lends a chapter its book\'s fields through crossref and xdata, and does not list @xdata as a work', () => {
    const papers = entriesToPapers(readBibtex(fs.readFileSync(path.join(fixtures, 'crossref.bib'), 'utf8')).entries, 'crossref.bib');
    assert.deepStrictEqual(papers.map((paper) => paper.key), ['chapter2000', 'book2000']);
    const [chapter, book] = papers;
    assert.strictEqual(chapter.title, 'The True Frontier');
    assert.strictEqual(chapter.venue, 'Space and Beyond');
    assert.strictEqual(chapter.year, 2000);
    assert.strictEqual(chapter.publisher, 'Greenwood');
    assert.strictEqual(chapter.address, 'Westport, Conn. and London');
    assert.deepStrictEqual(chapter.editors, [{ family: 'Westfahl', given: 'Gary' }]);
    assert.strictEqual(chapter.extraFields?.booksubtitle, 'The Frontier Theme in Science Fiction');
    assert.strictEqual(book.publisher, 'Greenwood');
    assert.strictEqual(book.venue, undefined);
  });

  it('stops at a crossref cycle instead of looping', () => {
    const papers = papersOf('@inbook{a, crossref = {b}, title = {A}}\n@book{b, crossref = {a}, title = {B}, year = {1999}}');
    assert.deepStrictEqual(papers.map((paper) => [paper.key, paper.venue, paper.year]), [['a', 'B', 1999], ['b', 'A', 1999]]);
  });

  it('decodes the accents fixture into the Unicode a reader expects', () => {
    const papers = entriesToPapers(readBibtex(fs.readFileSync(path.join(fixtures, 'accents.bib'), 'utf8')).entries, 'accents.bib');
    const [aksin, letters, ligatures] = papers;
    assert.strictEqual(aksin.title, 'Café culture, élite rôles and naïve Škoda owners');
    assert.deepStrictEqual(aksin.authors?.map((person) => `${person.given} ${person.family}`), ['Özge Aksın', 'Hayati Türkmen', 'Bekir Çetinkaya', 'Orhan Büyük']);
    assert.strictEqual(aksin.venue, "Revue d'Histoire Ecclésiastique");
    assert.strictEqual(letters.title, 'Æsop, œuvres, ångström and Łódź: å ğ ā ż ñ ç š ő ą');
    assert.deepStrictEqual(letters.authors?.map((person) => person.family), ['Erdős', 'Straßer', 'Østergaard', 'Åström', 'Wałęsa']);
    assert.strictEqual(letters.publisher, "Presses de l'Université & Fils");
    assert.strictEqual(ligatures.title, 'Ten years on – the “state” of care — a review of 100% “quality”, $5 #1 _x');
    assert.deepStrictEqual(ligatures.authors, [{ literal: 'World Health Organization' }]);
    assert.strictEqual(ligatures.note, 'Fig.\u00A01 and ï');
  });
});
