import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatAuthors, formatVenue, HOVER_COMMANDS, renderPaperHover, renderUnknownKeyHover, shortenAtWord } from '../../src/core/hoverContent';
import { parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '..', '..', 'resources', 'corpus.json'), 'utf8'));
const themeLabel = (id: string) => corpus.themes.find((theme) => theme.id === id)?.label;
const options = { abstractLength: 600, themeLabel };

function work(fields: Partial<Paper>): Paper {
  return { key: 'key2020', title: 'A title', themes: [], origin: { kind: 'corpus' }, ...fields };
}

/** The hover with Markdown backslash escapes removed, for asserting on what the reader sees. */
function shown(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('hover content', () => {
  const nicol = corpus.papers.find((paper) => paper.key === 'nicolBarriersDoctorsSuccessfully2016')!;

  it('shows a corpus work with its title, authors, year, venue, type, themes, abstract and summary', () => {
    const hover = shown(renderPaperHover(nicol, options));
    assert.match(hover, /^\*\*Barriers to doctors successfully delivering leadership in the NHS\*\*/);
    assert.ok(hover.includes('Edward D. Nicol and Jenny Cowpe · 2016 · *Future Hospital Journal 3(1):21-26*'), hover);
    assert.ok(hover.includes('Journal article · Themes: Clinical and medical leadership, '), hover);
    assert.ok(hover.includes('**Abstract:** Leadership will be essential'), hover);
    assert.ok(hover.includes('**Our summary:** Interviews with senior NHS leaders'), hover);
    assert.ok(hover.includes('[doi:10.7861/futurehosp.3-1-21](https://doi.org/10.7861/futurehosp.3-1-21)'), hover);
  });

  it('lists three authors, then "et al."', () => {
    const people = ['Ann', 'Bob', 'Cy', 'Di'].map((given) => ({ given, family: 'Smith' }));
    assert.strictEqual(formatAuthors(people), 'Ann Smith, Bob Smith, Cy Smith et al.');
    assert.strictEqual(formatAuthors(people.slice(0, 3)), 'Ann Smith, Bob Smith and Cy Smith');
    assert.strictEqual(formatAuthors([{ literal: 'The King’s Fund' }]), 'The King’s Fund');
    assert.strictEqual(formatAuthors([{ family: 'Nicol' }]), 'Nicol');
    assert.strictEqual(formatAuthors(undefined), undefined);
  });

  it('gives the venue with volume(issue):pages, or the publisher when there is no venue', () => {
    assert.strictEqual(formatVenue(work({ venue: 'BMJ', volume: '342', pages: 'd3375' })), 'BMJ 342:d3375');
    assert.strictEqual(formatVenue(work({ venue: 'J', volume: '3', issue: '1', pages: '21-26' })), 'J 3(1):21-26');
    assert.strictEqual(formatVenue(work({ venue: 'J', pages: '5-9' })), 'J pp. 5-9');
    assert.strictEqual(formatVenue(work({ publisher: 'The King’s Fund' })), 'The King’s Fund');
    assert.strictEqual(formatVenue(work({})), undefined);
  });

  it('labels an excerpt as an excerpt, and says so when there is no abstract', () => {
    const shapiro = corpus.papers.find((paper) => paper.key === 'shapiroLeadershipNHS2011')!;
    assert.ok(renderPaperHover(shapiro, options).includes('**Excerpt:** The overarching task'));
    assert.ok(!renderPaperHover(shapiro, options).includes('**Abstract:**'));
    assert.ok(renderPaperHover(work({}), options).includes('*No abstract available.*'));
  });

  it('shortens the abstract to the configured length at a word boundary, and hides it at 0', () => {
    const text = 'one two three four five six seven eight nine ten';
    const hover = renderPaperHover(work({ abstract: { text, kind: 'abstract' } }), { ...options, abstractLength: 20 });
    assert.ok(hover.includes('**Abstract:** one two three four…'), hover);
    const hidden = renderPaperHover(work({ abstract: { text, kind: 'abstract' } }), { ...options, abstractLength: 0 });
    assert.ok(!hidden.includes('one two') && !hidden.includes('No abstract'), hidden);
  });

  it('never splits a word or exceeds the length when shortening', () => {
    const text = nicol.abstract!.text;
    for (let length = 1; length < text.length; length += 7) {
      const short = shortenAtWord(text, length);
      const body = short.slice(0, -1);
      assert.ok(short.endsWith('…'));
      assert.ok(body.length <= length, `${length}: ${short}`);
      if (body.includes(' ')) assert.ok(text.startsWith(body) && /[\s,.;:]/.test(text[body.length]), `${length}: ${short}`);
    }
    assert.strictEqual(shortenAtWord('short enough', 600), 'short enough');
    assert.strictEqual(shortenAtWord('Supercalifragilistic', 5), 'Super…');
    assert.strictEqual(shortenAtWord('a 😀😀😀', 4), 'a…');
    assert.strictEqual(shortenAtWord('😀😀😀', 3), '😀…');
  });

  it('links a DOI in preference to a URL, and a URL when there is no DOI', () => {
    assert.ok(renderPaperHover(work({ doi: '10.1000/x', url: 'https://example.org/a' }), options).includes('(https://doi.org/10.1000/x)'));
    const hover = renderPaperHover(work({ url: 'https://example.org/a b' }), options);
    assert.ok(hover.includes('[example\\.org\\/a b](https://example.org/a%20b)'), hover);
  });

  it('accepts a DOI written as a doi.org link or with a doi: prefix', () => {
    assert.ok(renderPaperHover(work({ doi: 'https://doi.org/10.1000/x' }), options).includes('[doi:10\\.1000\\/x](https://doi.org/10.1000/x)'));
    assert.ok(renderPaperHover(work({ doi: 'doi:10.1000/x' }), options).includes('(https://doi.org/10.1000/x)'));
  });

  it('offers show details, copy BibTeX and reveal as command links carrying the key', () => {
    const hover = renderPaperHover(nicol, options);
    const links = [...hover.matchAll(/\]\(command:([\w.]+)\?([^ )]*)/g)].map(([, command, query]) => ({ command, args: JSON.parse(decodeURIComponent(query)) }));
    assert.deepStrictEqual(links, HOVER_COMMANDS.map((command) => ({ command, args: [nicol.key] })));
    assert.deepStrictEqual(HOVER_COMMANDS, ['nhsLibrary.showPaper', 'nhsLibrary.copyBibtex', 'nhsLibrary.revealPaper']);
  });

  it('names the bibliography file a user work came from', () => {
    const hover = renderPaperHover(work({ origin: { kind: 'user', file: '/home/me/refs/my refs.bib', line: 3, entryType: 'article' } }), options);
    assert.ok(hover.includes('From my refs\\.bib'), hover);
  });

  it('shows an unknown key with the closest matches, or without any', () => {
    const hover = renderUnknownKeyHover('shapiro2011', [{ key: 'shapiroLeadershipNHS2011', title: 'Leadership in the NHS' }]);
    assert.ok(hover.startsWith('**Unknown citation key** shapiro2011'), hover);
    assert.ok(hover.includes('- shapiroLeadershipNHS2011 — Leadership in the NHS'), hover);
    assert.ok(!renderUnknownKeyHover('zz', []).includes('Did you mean'));
  });

  it('renders every work of the corpus without a field left unescaped', () => {
    for (const paper of corpus.papers) {
      const hover = renderPaperHover(paper, options);
      const withoutLinks = hover.replace(/\]\([^)]*\)/g, ']');
      assert.ok(!/(^|[^\\])[<>]/.test(withoutLinks), `${paper.key}: ${hover}`);
    }
  });
});
