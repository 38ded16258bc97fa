import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { paperToCsl, readCslJson, writeCslJson } from '../../src/core/csl/cslJson';
import { parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'corpus.json'), 'utf8'));

/** As Zotero (with Better BibTeX) exports it: citation-key, date-parts, particles, numbers as numbers. */
const zotero = `[
  {
    "id": "http://zotero.org/users/1/items/ABCD",
    "citation-key": "colemanLeadershipHealthCommissioning2015",
    "type": "article-journal",
    "title": "Leadership for health commissioning in the new NHS",
    "container-title": "Journal of Health Organization and Management",
    "page": "75–91",
    "volume": "29",
    "issue": 1,
    "DOI": "https://doi.org/10.1108/JHOM-04-2013-0075",
    "author": [
      { "family": "Coleman", "given": "Anna" },
      { "family": "Gennep", "given": "Arnold", "non-dropping-particle": "van" },
      { "literal": "NHS England" }
    ],
    "issued": { "date-parts": [[2015, 3, 16]] },
    "collection-title": "Health Series",
    "ISSN": "1477-7266",
    "abstract": "Purpose -\\n  to explore."
  },
  {
    "id": "west2014",
    "type": "report",
    "title": "Developing collective leadership for health care",
    "publisher": "The King's Fund",
    "publisher-place": "London",
    "ISBN": "9781909029316",
    "issued": { "raw": "May 2014" },
    "author": [{ "family": "West", "given": "Michael", "suffix": "Jr." }],
    "note": "Citation Key: westDevelopingCollectiveLeadership2014"
  },
  {
    "id": 42,
    "type": "webpage",
    "title": "A page",
    "URL": "https://example.org",
    "issued": "2020-01-02"
  }
]`;

describe('CSL-JSON', () => {
  describe('reading', () => {
    const { papers, diagnostics } = readCslJson(zotero, '/work/refs.json');

    it('reads a Zotero export into papers: keys, types, names with particles, years, venues, numbers', () => {
      assert.deepStrictEqual(diagnostics, []);
      assert.deepStrictEqual(papers.map((p) => [p.key, p.type]), [
        ['colemanLeadershipHealthCommissioning2015', 'article'], ['westDevelopingCollectiveLeadership2014', 'report'], ['42', 'webpage'],
      ]);
      const [coleman, west, page] = papers;
      assert.deepStrictEqual(coleman.authors, [{ family: 'Coleman', given: 'Anna' }, { family: 'van Gennep', given: 'Arnold' }, { literal: 'NHS England' }]);
      assert.strictEqual(coleman.year, 2015);
      assert.strictEqual(coleman.venue, 'Journal of Health Organization and Management');
      assert.strictEqual(coleman.issue, '1');
      assert.strictEqual(coleman.pages, '75-91');
      assert.strictEqual(coleman.doi, '10.1108/JHOM-04-2013-0075');
      assert.deepStrictEqual(coleman.abstract, { text: 'Purpose - to explore.', kind: 'abstract' });
      assert.deepStrictEqual(coleman.extraFields, { series: 'Health Series', issn: '1477-7266' });
      assert.deepStrictEqual(coleman.origin, { kind: 'user', file: '/work/refs.json', line: 3, entryType: 'article-journal' });
      assert.deepStrictEqual(west.authors, [{ family: 'West', given: 'Michael', suffix: 'Jr.' }]);
      assert.strictEqual(west.year, 2014);
      assert.strictEqual(west.publisher, "The King's Fund");
      assert.strictEqual(west.address, 'London');
      assert.strictEqual(west.note, undefined);
      assert.strictEqual(page.year, 2020);
      assert.strictEqual(page.url, 'https://example.org');
      assert.deepStrictEqual(page.themes, []);
    });

    it('gives each item the line of its id, for go-to-definition', () => {
      assert.deepStrictEqual(papers.map((p) => (p.origin.kind === 'user' ? p.origin.line : 0)), [3, 23, 34]);
    });

    it('reports each malformed item at its place, with what is wrong, and still reads the others', () => {
      const text = `[
  { "id": "good1", "title": "One" },
  "not an item",
  { "title": "No id" },
  { "id": "badAuthors", "author": "Smith, J." },
  { "id": "badTitle", "title": { "x": 1 } },
  { "id": "good1", "title": "Again" },
  { "id": "good2", "title": "Two" }
]`;
      const result = readCslJson(text, 'refs.json');
      assert.deepStrictEqual(result.papers.map((p) => p.key), ['good1', 'good2']);
      assert.deepStrictEqual(result.diagnostics.map((d) => [d.line, d.message]), [
        [3, 'Item 2 is not an object.'],
        [4, 'Item 3 has no "id" (or "citation-key") to cite it by.'],
        [5, 'Item 4 ("badAuthors"): field "author" must be a list of names.'],
        [6, 'Item 5 ("badTitle"): field "title" must be text.'],
        [7, 'Item 6: the key "good1" is used by an earlier item; this one is ignored.'],
      ]);
    });

    it('finds a Zotero "Citation Key:" note line after blank lines or other lines, in any case, else keeps the id', () => {
      const keys = (note: string) => readCslJson(JSON.stringify([{ id: 'theId', note }]), 'refs.json').papers.map((p) => p.key);
      assert.deepStrictEqual(keys('Citation Key: k1'), ['k1']);
      assert.deepStrictEqual(keys('\n\n  \n  citation key:   k2  \nmore'), ['k2']);
      assert.deepStrictEqual(keys('Read in 2020\r\nCitation Key: k3'), ['k3']);
      assert.deepStrictEqual(keys('Citation Key:\nk4'), ['k4']);
      assert.deepStrictEqual(keys('Not a Citation Key: k5'), ['theId']);
      assert.deepStrictEqual(keys('Citation Key:  \n '), ['theId']);
    });

    it('reports, at its place, an item whose key holds white space or a control character, and reads the others', () => {
      const text = `[
  { "id": "a b", "title": "Space" },
  { "id": "ok1" },
  { "id": "x", "citation-key": "x\\u0000\\ny" },
  { "id": "  padded  " },
  { "id": "nbsp\\u00a0key" },
  { "id": "ok2" }
]`;
      const result = readCslJson(text, 'refs.json');
      assert.deepStrictEqual(result.papers.map((p) => p.key), ['ok1', 'padded', 'ok2']);
      assert.deepStrictEqual(result.diagnostics.map((d) => [d.line, d.column, d.key, d.message]), [
        [2, 5, 'a b', 'Item 1: the key "a b" holds white space (U+0020), which no citation can name; this item is ignored.'],
        [4, 5, 'x\u0000\ny', 'Item 3: the key "x\\u0000\\ny" holds a control character (U+0000), which no citation can name; this item is ignored.'],
        // An id written with an escape is not found as written: the item is placed at its brace instead.
        [6, 3, 'nbsp\u00a0key', 'Item 5: the key "nbsp\u00a0key" holds white space (U+00A0), which no citation can name; this item is ignored.'],
      ]);
    });

    it('reports a file that is not JSON, or not a list, without throwing', () => {
      const broken = readCslJson('[\n  { "id": "a", }\n]', 'refs.json');
      assert.deepStrictEqual(broken.papers, []);
      assert.strictEqual(broken.diagnostics.length, 1);
      assert.match(broken.diagnostics[0].message, /^Not valid JSON/);
      assert.strictEqual(broken.diagnostics[0].line, 2);
      assert.match(readCslJson('{"a": 1}', 'x.json').diagnostics[0].message, /array of items/);
      assert.deepStrictEqual(readCslJson('{"items": [{"id": "k"}]}', 'x.json').papers.map((p) => p.key), ['k']);
      assert.deepStrictEqual(readCslJson('\uFEFF[]', 'x.json'), { papers: [], diagnostics: [] });
    });

    it('refuses, at the bracket, a file nested deeper than 64 levels, counting no bracket inside a string', () => {
      const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
      // 2 levels for the list and the item, 62 for the field: read. One more level: refused.
      const deepest = `[{"id": "k", "title": "a [[{ \\" [ in a title", "custom": ${nested(62)}}]`;
      assert.deepStrictEqual(readCslJson(deepest, 'x.json').papers.map((p) => p.key), ['k']);
      const tooDeep = `[\n{"id": "k", "custom": ${nested(63)}}]`;
      const { papers, diagnostics } = readCslJson(tooDeep, 'x.json');
      assert.deepStrictEqual(papers, []);
      assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.offset, d.message]), [
        [2, tooDeep.indexOf('[', tooDeep.indexOf('custom')) + 62, 'Nested more than 64 levels deep here: CSL-JSON items need about 6, so this file is not read.'],
      ]);
    });
  });

  describe('writing', () => {
    it('writes a corpus work as a CSL item, without our summary, notes or excerpts', () => {
      const coleman = corpus.papers.find((p) => p.key === 'colemanLeadershipHealthCommissioning2015')!;
      assert.deepStrictEqual(paperToCsl(coleman), {
        id: 'colemanLeadershipHealthCommissioning2015',
        'citation-key': 'colemanLeadershipHealthCommissioning2015',
        type: 'article-journal',
        title: coleman.title,
        author: coleman.authors,
        issued: { 'date-parts': [[2015]] },
        'container-title': 'Journal of Health Organization and Management',
        volume: '29',
        issue: '1',
        page: '75-91',
        DOI: '10.1108/JHOM-04-2013-0075',
        URL: 'https://www.emerald.com/insight/content/doi/10.1108/JHOM-04-2013-0075/full/html',
      });
      const west = paperToCsl(corpus.papers.find((p) => p.key === 'westDevelopingCollectiveLeadership2014')!);
      assert.strictEqual(west.type, 'report');
      assert.strictEqual(west.publisher, "The King's Fund");
      assert.strictEqual(west['publisher-place'], 'London');
      assert.strictEqual(west.ISBN, '9781909029316');
      assert.strictEqual(west.abstract, undefined);
    });

    it('reads back, as the same fields, every corpus work it writes', () => {
      const text = writeCslJson(corpus.papers);
      assert.ok(text.endsWith(']\n'));
      const { papers, diagnostics } = readCslJson(text, 'corpus.json');
      assert.deepStrictEqual(diagnostics, []);
      const fields = (p: Paper) => ({ key: p.key, type: p.type ?? 'misc', title: p.title, authors: p.authors, year: p.year, venue: p.venue, publisher: p.publisher, address: p.address, volume: p.volume, issue: p.issue, pages: p.pages, doi: p.doi, url: p.url, isbn: p.isbn, abstract: p.abstract?.kind === 'abstract' ? p.abstract : undefined });
      assert.deepStrictEqual(papers.map(fields), corpus.papers.map(fields));
    });

    it('joins a subtitle to the title, as CSL has no subtitle variable', () => {
      const paper: Paper = { key: 'k', title: 'Main', subtitle: 'Sub', themes: [], origin: { kind: 'corpus' } };
      assert.strictEqual(paperToCsl(paper).title, 'Main: Sub');
      assert.strictEqual(paperToCsl(paper).type, 'document');
    });
  });
});
