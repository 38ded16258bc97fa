// The bundled corpus: frozen, valid citation keys made by Better BibTeX's formula, sound themes, and exactly the
// facts of the checked metadata (../shared/corpus/metadata.json, beside the repository here and in CI).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { citationKeyFor, citationKeyProblem } from '../../src/core/bibtex/citationKey';
import { CorpusError, parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';

const repositoryRoot = path.join(__dirname, '..', '..');
const corpusText = fs.readFileSync(path.join(repositoryRoot, 'resources', 'corpus.json'), 'utf8');
const metadataFile = path.join(repositoryRoot, '..', 'shared', 'corpus', 'metadata.json');

/** The shipped keys. Users cite these in their documents: changing one breaks their citations. */
const FROZEN_KEYS = [
  'CoproductiveHealthLeadership',
  'shapiroLeadershipNHS2011',
  'nicolBarriersDoctorsSuccessfully2016',
  'nicolsonLeadershipBetterPatient2011',
  'PublicHealthLeadership',
  'colemanLeadershipHealthCommissioning2015',
  'edmonstoneWhitherElephantContinuing2014',
  'martinCriticalAccountRise2012',
  'westDevelopingCollectiveLeadership2014',
];

/** metadata.json's listing ids (the order of seed-listing.txt) and the corpus key of each. */
const KEY_OF_LISTING: Record<number, string> = {
  0: 'CoproductiveHealthLeadership',
  1: 'shapiroLeadershipNHS2011',
  2: 'nicolBarriersDoctorsSuccessfully2016',
  3: 'nicolsonLeadershipBetterPatient2011',
  4: 'PublicHealthLeadership',
  5: 'colemanLeadershipHealthCommissioning2015',
  6: 'edmonstoneWhitherElephantContinuing2014',
  7: 'martinCriticalAccountRise2012',
  8: 'westDevelopingCollectiveLeadership2014',
};

interface ListedWork {
  listing_id: number;
  title: string;
  authors: string[] | null;
  year: number | null;
  type: string | null;
  [field: string]: unknown;
}

/** The bibliographic facts metadata.json records, by the corpus field that holds each. */
const FACTS = ['venue', 'publisher', 'address', 'volume', 'issue', 'pages', 'doi', 'url', 'isbn'] as const;

describe('the bundled corpus', () => {
  const corpus = parseCorpus(corpusText);
  const metadata = (JSON.parse(fs.readFileSync(metadataFile, 'utf8')) as { works: ListedWork[] }).works;
  const byKey = new Map(corpus.papers.map((paper) => [paper.key, paper]));

  describe('citation keys', () => {
    it('ships exactly the frozen keys, in order', () => {
      assert.deepStrictEqual(corpus.papers.map((paper) => paper.key), FROZEN_KEYS);
    });

    it('has no key twice', () => {
      assert.strictEqual(new Set(FROZEN_KEYS).size, FROZEN_KEYS.length);
    });

    it('has only keys that BibTeX, biber and pandoc all accept', () => {
      for (const key of FROZEN_KEYS) assert.strictEqual(citationKeyProblem(key), undefined, key);
    });

    it('has the key Better BibTeX\'s formula gives each work from its own data', () => {
      for (const paper of corpus.papers) assert.strictEqual(citationKeyFor(paper), paper.key);
    });
  });

  describe('themes', () => {
    it('has 5 to 8 themes', () => {
      assert.ok(corpus.themes.length >= 5 && corpus.themes.length <= 8, String(corpus.themes.length));
    });

    it('puts every work in 1 to 3 themes, none twice', () => {
      for (const paper of corpus.papers) {
        assert.ok(paper.themes.length >= 1 && paper.themes.length <= 3, paper.key);
        assert.strictEqual(new Set(paper.themes).size, paper.themes.length, paper.key);
      }
    });

    it('has at least 2 works in every theme', () => {
      for (const theme of corpus.themes) {
        const works = corpus.papers.filter((paper) => paper.themes.includes(theme.id));
        assert.ok(works.length >= 2, `${theme.id}: ${works.length}`);
      }
    });
  });

  describe('facts', () => {
    it('lists every work of the metadata, and no other', () => {
      assert.deepStrictEqual(metadata.map((work) => KEY_OF_LISTING[work.listing_id]).sort(), [...FROZEN_KEYS].sort());
    });

    for (const [listing, key] of Object.entries(KEY_OF_LISTING)) {
      it(`holds exactly the metadata's facts for listing ${listing} (${key}), and none it leaves unknown`, () => {
        const work = metadata.find((candidate) => candidate.listing_id === Number(listing));
        assert.ok(work, `listing ${listing} is in metadata.json`);
        const paper = byKey.get(key) as Paper;
        assert.strictEqual(paper.title, work.title);
        assert.deepStrictEqual(paper.authors?.map((person) => [person.given, person.family].filter(Boolean).join(' ')), work.authors ?? undefined);
        assert.strictEqual(paper.year, work.year ?? undefined);
        // "article (editorial)" is an article.
        assert.strictEqual(paper.type, work.type === null ? undefined : work.type.split(' ')[0]);
        for (const field of FACTS) {
          const known: unknown = work[field];
          assert.strictEqual(paper[field], known === null || known === undefined ? undefined : known, `${key}: ${field}`);
        }
      });
    }

    it('marks an abstract as an abstract only where the metadata says the listing\'s text is the work\'s own', () => {
      for (const work of metadata) {
        const paper = byKey.get(KEY_OF_LISTING[work.listing_id]) as Paper;
        if (paper.abstract?.kind === 'abstract') assert.strictEqual(work.abstract_in_listing, true, paper.key);
      }
    });
  });

  describe('a malformed corpus', () => {
    function brokenWith(change: (data: { works: Record<string, unknown>[] }) => void): string {
      const data = JSON.parse(corpusText) as { works: Record<string, unknown>[] };
      change(data);
      return JSON.stringify(data);
    }

    it('is an error that names the work and the field', () => {
      const cases: [(data: { works: Record<string, unknown>[] }) => void, RegExp][] = [
        [(data) => { data.works[1].year = 'twenty eleven'; }, /Work "shapiroLeadershipNHS2011": field "year"/],
        [(data) => { data.works[2].authors = []; }, /Work "nicolBarriersDoctorsSuccessfully2016": field "authors"/],
        [(data) => { data.works[3].themes = ['no-such-theme']; }, /Work "nicolsonLeadershipBetterPatient2011": field "themes"/],
        [(data) => { delete data.works[5].title; }, /Work "colemanLeadershipHealthCommissioning2015": field "title"/],
        [(data) => { data.works[6].abstract = { text: 'x', kind: 'summary' }; }, /Work "edmonstoneWhitherElephantContinuing2014": field "abstract.kind"/],
      ];
      for (const [change, message] of cases) {
        assert.throws(() => parseCorpus(brokenWith(change)), (error: unknown) => error instanceof CorpusError && message.test(error.message));
      }
    });
  });
});
