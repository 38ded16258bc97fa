import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCorpus } from '../../src/core/corpus';
import {
  GROUP_BY_OPTIONS, groupCitationsByKey, groupPapers, groupSortedSteps, isGroupBy, PaperGroup, sortPapers, sortPapersSteps, USER_LIBRARY_GROUP_LABEL,
} from '../../src/core/grouping';
import { Paper, Theme } from '../../src/core/model';
import { filterPapersSteps } from '../../src/core/paperFilter';
import { referenceOrder } from '../../src/core/referenceOrder';
import { runToCompletion } from '../../src/core/search/steps';
import { keysOf, PickedWorkList, WorkList, workListOf } from '../../src/core/workList';
import { CountingWorkList } from './support/countingWorkList';
import { stepped } from './support/stepped';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '../../resources/corpus.json'), 'utf8'));

const themes: Theme[] = [
  { id: 'alpha', label: 'Alpha theme', description: 'About alpha.', keywords: [] },
  { id: 'beta', label: 'Beta theme', description: 'About beta.', keywords: [] },
];

function paper(key: string, fields: Partial<Paper> = {}): Paper {
  return { key, title: `Title of ${key}`, themes: [], origin: { kind: 'corpus' }, ...fields };
}

function userPaper(key: string, fields: Partial<Paper> = {}): Paper {
  return paper(key, { origin: { kind: 'user', file: '/refs.bib', line: 1, entryType: 'article' }, ...fields });
}

const keysIn = (list: WorkList) => [...keysOf(list)];

const shape = (groups: PaperGroup[]) => groups.map((group) => [group.label, keysIn(group.papers)]);

describe('grouping: by theme', () => {
  it('lists themes in the library\'s order with their works, a work in two themes under both', () => {
    const groups = groupPapers([
      paper('a', { themes: ['beta', 'alpha'] }),
      paper('b', { themes: ['beta'] }),
    ], themes, 'theme');
    assert.deepStrictEqual(shape(groups), [['Alpha theme', ['a']], ['Beta theme', ['a', 'b']]]);
    assert.strictEqual(groups[0].tooltip, 'About alpha.');
  });

  it('leaves out themes that hold no work', () => {
    assert.deepStrictEqual(shape(groupPapers([paper('b', { themes: ['beta'] })], themes, 'theme')), [['Beta theme', ['b']]]);
  });

  it('puts user works with no theme under "Your library", after the themes', () => {
    const groups = groupPapers([userPaper('mine'), paper('a', { themes: ['alpha'] }), userPaper('themed', { themes: ['beta'] })], themes, 'theme');
    assert.deepStrictEqual(shape(groups), [['Alpha theme', ['a']], ['Beta theme', ['themed']], [USER_LIBRARY_GROUP_LABEL, ['mine']]]);
  });

  it('treats a theme id the library does not know as no theme', () => {
    const groups = groupPapers([userPaper('odd', { themes: ['gone'] })], themes, 'theme');
    assert.deepStrictEqual(shape(groups), [[USER_LIBRARY_GROUP_LABEL, ['odd']]]);
  });

  it('lists a work once per theme even when its theme list repeats an id', () => {
    const groups = groupPapers([paper('a', { themes: ['alpha', 'alpha'] })], themes, 'theme');
    assert.deepStrictEqual(shape(groups), [['Alpha theme', ['a']]]);
  });

  it('gives each group an id that is stable and unique within the grouping', () => {
    for (const option of GROUP_BY_OPTIONS) {
      const first = groupPapers(corpus.papers, corpus.themes, option.id).map((group) => group.id);
      const second = groupPapers([...corpus.papers].reverse(), corpus.themes, option.id).map((group) => group.id);
      assert.deepStrictEqual(first, second, option.id);
      assert.strictEqual(new Set(first).size, first.length, option.id);
    }
  });

  it('places every corpus work under each of its themes and nowhere else', () => {
    const groups = groupPapers(corpus.papers, corpus.themes, 'theme');
    const total = groups.reduce((sum, group) => sum + group.papers.length, 0);
    assert.strictEqual(total, corpus.papers.reduce((sum, p) => sum + p.themes.length, 0));
    const leadershipDevelopment = groups.find((group) => group.id === 'theme:leadership-development');
    assert.deepStrictEqual(leadershipDevelopment && keysIn(leadershipDevelopment.papers), [
      'edmonstoneWhitherElephantContinuing2014', 'westDevelopingCollectiveLeadership2014', 'PublicHealthLeadership',
    ]);
  });
});

describe('grouping: by year, venue, type and first author', () => {
  const papers = [
    paper('old', { year: 2001, venue: 'the Lancet', type: 'article', authors: [{ family: 'Zed' }] }),
    paper('new', { year: 2020, venue: 'BMJ', type: 'article', authors: [{ family: 'Ames' }] }),
    paper('report', { year: 2020, publisher: "The King's Fund", type: 'report', authors: [{ family: 'ames' }] }),
    paper('bare'),
  ];

  it('groups by year, newest first, unknown year last', () => {
    assert.deepStrictEqual(shape(groupPapers(papers, themes, 'year')),
      [['2020', ['new', 'report']], ['2001', ['old']], ['Unknown year', ['bare']]]);
  });

  it('groups by journal, or publisher when there is none, alphabetically ignoring "The"', () => {
    assert.deepStrictEqual(shape(groupPapers(papers, themes, 'venue')),
      [['BMJ', ['new']], ["The King's Fund", ['report']], ['the Lancet', ['old']], ['Unknown venue', ['bare']]]);
  });

  it('groups by type in the model\'s order of types, unknown type last', () => {
    assert.deepStrictEqual(shape(groupPapers(papers, themes, 'type')),
      [['Articles', ['new', 'old']], ['Reports', ['report']], ['Unknown type', ['bare']]]);
  });

  it('groups by first author\'s family name, names differing only in case together', () => {
    assert.deepStrictEqual(shape(groupPapers(papers, themes, 'firstAuthor')),
      [['Ames', ['new', 'report']], ['Zed', ['old']], ['Unknown author', ['bare']]]);
  });

  it('groups the nine corpus works by year with the two undated works last', () => {
    const groups = groupPapers(corpus.papers, corpus.themes, 'year');
    assert.deepStrictEqual(groups.map((group) => group.label), ['2016', '2015', '2014', '2012', '2011', 'Unknown year']);
    assert.deepStrictEqual(keysIn(groups.at(-1)!.papers).sort(), ['CoproductiveHealthLeadership', 'PublicHealthLeadership']);
  });

  it('groups the corpus by type into articles, reports and unknown', () => {
    const groups = groupPapers(corpus.papers, corpus.themes, 'type');
    assert.deepStrictEqual(groups.map((group) => [group.label, group.papers.length]), [['Articles', 6], ['Reports', 2], ['Unknown type', 1]]);
  });

  it('accepts exactly the five groupings the setting offers', () => {
    for (const id of ['theme', 'year', 'venue', 'type', 'firstAuthor']) assert.ok(isGroupBy(id), id);
    for (const id of ['author', '', undefined, 'Theme']) assert.ok(!isGroupBy(id), String(id));
  });
});

describe('grouping: order inside a group', () => {
  it('sorts by first author, then year, then title, works without author last', () => {
    const sorted = sortPapers([
      paper('noAuthor', { year: 1990 }),
      paper('smith2010', { authors: [{ family: 'Smith' }], year: 2010 }),
      paper('adams', { authors: [{ family: 'Ádams' }], year: 2020 }),
      paper('smithUndated', { authors: [{ family: 'Smith' }] }),
      paper('smith2005', { authors: [{ family: 'smith' }], year: 2005 }),
    ]).map((p) => p.key);
    assert.deepStrictEqual(sorted, ['adams', 'smith2005', 'smith2010', 'smithUndated', 'noAuthor']);
  });

  it('groups 100,000 works into the right number of groups with every work placed', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => paper(`k${i}`, {
      authors: [{ family: `Author${(i * 7919) % 5000}` }], year: 1950 + (i % 70), themes: [i % 2 ? 'alpha' : 'beta'],
    }));
    // Speed is measured by the benchmark (npm run bench), never asserted here.
    const groups = groupPapers(many, themes, 'year');
    assert.strictEqual(groups.length, 70);
    assert.strictEqual(groups.reduce((sum, group) => sum + group.papers.length, 0), 100_000);
  });
});

describe('grouping: in steps, for the Papers view of a large library', () => {
  /** Runs steps to the end, counting the yields. */
  const FAMILIES = ['Smith', 'smith', 'Ádams', 'Adams', 'Østergaard', 'Zhou', 'The King\'s Fund'];
  const many = Array.from({ length: 5000 }, (_, i) => paper(`k${(i * 7919) % 5000}`, {
    ...(i % 11 ? { authors: [{ family: FAMILIES[i % FAMILIES.length] }] } : {}),
    ...(i % 13 ? { year: 1990 + (i % 30) } : {}),
    title: `Title ${(i * 31) % 97}`,
    themes: i % 3 ? ['alpha'] : [],
    ...(i % 5 ? { venue: i % 2 ? 'BMJ' : 'bmj' } : {}),
  }));

  it('sorts in many small steps into reference-list order: author, year (unknown last), title, key', () => {
    const { value, yields } = stepped(sortPapersSteps(many));
    assert.ok(yields > 20, `${yields} yields`);
    const fold = (text: string) => text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
    const rank = (p: Paper) => [fold(p.authors?.[0]?.family ?? '\uffff'), p.year ?? Number.MAX_SAFE_INTEGER, fold(p.title), p.key] as const;
    const expected = [...many].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
    assert.deepStrictEqual(keysIn(value), expected.map((p) => p.key));
  });

  it('groups the sorted works in steps, as groupPapers does at once', () => {
    const sorted = sortPapers(many);
    for (const option of GROUP_BY_OPTIONS) {
      const { value, yields } = stepped(groupSortedSteps(workListOf(sorted), themes, option.id));
      assert.ok(yields > 10, `${option.id}: ${yields} yields`);
      assert.deepStrictEqual(shape(value), shape(groupPapers([...many].reverse(), themes, option.id)), option.id);
    }
  });
});

describe('grouping: works made only when read', () => {
  const works = Array.from({ length: 3000 }, (_, i) => (i % 3 ? paper : userPaper)(`k${i}`, {
    authors: [{ family: `Author${(i * 7919) % 300}` }], year: 1990 + (i % 30),
    themes: [['alpha'], ['beta', 'alpha'], [], ['gone']][i % 4],
  }));
  const sortedOf = (list: WorkList) => new PickedWorkList(list, referenceOrder(works));

  it('groups by theme and filters by key without making a work, as the Papers view does at start-up', () => {
    const counting = new CountingWorkList(works);
    const searcher = { search: () => works.filter((_, i) => i % 3 === 0) };
    const filtered = runToCompletion(filterPapersSteps(sortedOf(counting), 'x', searcher));
    const groups = runToCompletion(groupSortedSteps(filtered, themes, 'theme'));
    assert.strictEqual(counting.reads, 0);
    assert.deepStrictEqual(shape(groups), shape(groupPapers(works.filter((_, i) => i % 3 === 0), themes, 'theme')));
    groups[0].papers.at(5);
    assert.strictEqual(counting.reads, 1);
  });

  it('gives the works back unfiltered, as they are, without a query', () => {
    const sorted = sortedOf(new CountingWorkList(works));
    assert.strictEqual(runToCompletion(filterPapersSteps(sorted, '  ', { search: () => [] })), sorted);
  });

  it('groups by a field of the work by reading every work, once', () => {
    const counting = new CountingWorkList(works);
    const groups = runToCompletion(groupSortedSteps(sortedOf(counting), themes, 'year'));
    assert.strictEqual(counting.reads, works.length);
    assert.deepStrictEqual(shape(groups), shape(groupPapers(works, themes, 'year')));
  });
});

describe('grouping: citations of a document by key', () => {
  it('lists keys in order of first citation with every occurrence', () => {
    const cited = groupCitationsByKey([
      { key: 'b', start: 10, end: 11 },
      { key: 'a', start: 20, end: 21 },
      { key: 'b', start: 30, end: 31 },
    ]);
    assert.deepStrictEqual(cited, [
      { key: 'b', occurrences: [{ start: 10, end: 11 }, { start: 30, end: 31 }] },
      { key: 'a', occurrences: [{ start: 20, end: 21 }] },
    ]);
  });

  it('orders by position even when the scanner reports out of order', () => {
    const cited = groupCitationsByKey([{ key: 'late', start: 50, end: 54 }, { key: 'early', start: 5, end: 10 }]);
    assert.deepStrictEqual(cited.map((work) => work.key), ['early', 'late']);
  });

  it('keeps keys that differ only in case apart, as library lookups do', () => {
    assert.deepStrictEqual(groupCitationsByKey([{ key: 'Key', start: 0, end: 3 }, { key: 'key', start: 5, end: 8 }]).map((w) => w.key), ['Key', 'key']);
  });
});
