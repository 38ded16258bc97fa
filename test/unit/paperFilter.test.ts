import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCorpus } from '../../src/core/corpus';
import { groupPapers } from '../../src/core/grouping';
import { Paper } from '../../src/core/model';
import { filterPapers, filterPapersSteps, normaliseFilterQuery, PaperSearcher } from '../../src/core/paperFilter';
import { PaperSearch } from '../../src/core/search/paperSearch';
import { keysOf, workListOf } from '../../src/core/workList';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '../../resources/corpus.json'), 'utf8'));
const search = new PaperSearch(corpus.papers, corpus.themes);

describe('paper filter', () => {
  it('keeps every work without a query, or with only white space', () => {
    assert.strictEqual(filterPapers(corpus.papers, undefined, search).length, 9);
    assert.strictEqual(filterPapers(corpus.papers, '  \t ', search).length, 9);
  });

  it('keeps the works the citation search finds, in library order', () => {
    const keys = filterPapers(corpus.papers, 'commissioning', search).map((paper) => paper.key);
    assert.ok(keys.includes('colemanLeadershipHealthCommissioning2015'), keys.join());
    assert.ok(!keys.includes('shapiroLeadershipNHS2011'), keys.join());
    const order = corpus.papers.map((paper) => paper.key).filter((key) => keys.includes(key));
    assert.deepStrictEqual(keys, order);
  });

  it('tolerates a typo, as the picker does', () => {
    const keys = filterPapers(corpus.papers, 'comissioning', search).map((paper) => paper.key);
    assert.ok(keys.includes('colemanLeadershipHealthCommissioning2015'), keys.join());
  });

  it('finds nothing for a query no work resembles', () => {
    assert.deepStrictEqual(filterPapers(corpus.papers, 'zzqxjvvw', search), []);
  });

  it('asks the search for every match rather than its first page', () => {
    let limit: number | undefined;
    const spy: PaperSearcher = { search: (_query, asked) => ((limit = asked), []) };
    const many: Paper[] = Array.from({ length: 500 }, (_, i) => ({ key: `k${i}`, title: 't', themes: [], origin: { kind: 'corpus' } }));
    filterPapers(many, 'x', spy);
    assert.strictEqual(limit, 500);
  });

  it('filters a long list in steps, keeping the order it is given (the tree gives it sorted)', () => {
    const many: Paper[] = Array.from({ length: 5000 }, (_, i) => ({ key: `k${i}`, title: 't', themes: [], origin: { kind: 'corpus' } }));
    const given = [...many].reverse();
    const searcher: PaperSearcher = { search: () => many.filter((_, i) => i % 3 === 0) };
    const steps = filterPapersSteps(workListOf(given), 'x', searcher);
    let yields = 0;
    let next = steps.next();
    for (; !next.done; next = steps.next()) yields++;
    assert.ok(yields >= 4, `${yields} yields`);
    const kept = next.value;
    assert.deepStrictEqual([...keysOf(kept)], given.filter((paper) => Number(paper.key.slice(1)) % 3 === 0).map((paper) => paper.key));
  });

  it('gives the tree only groups that hold a match', () => {
    const filtered = filterPapers(corpus.papers, 'commissioning', search);
    const groups = groupPapers(filtered, corpus.themes, 'theme');
    assert.ok(groups.length > 0);
    assert.ok(groups.every((group) => group.papers.length > 0));
    assert.ok(groups.some((group) => group.id === 'theme:commissioning-primary-care'));
  });

  it('normalises the query: trims, collapses white space, and treats blank as no filter', () => {
    assert.strictEqual(normaliseFilterQuery('  clinical   leadership '), 'clinical leadership');
    assert.strictEqual(normaliseFilterQuery('   '), undefined);
    assert.strictEqual(normaliseFilterQuery(undefined), undefined);
  });
});
