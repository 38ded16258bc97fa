import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';
import {
  authorYearDescription, codeSpan, firstAuthorName, paperTooltipMarkdown, shortTitle, sourceUrl, typeIconId, typeName,
  venueName, workCount,
} from '../../src/core/paperLabels';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '../../resources/corpus.json'), 'utf8'));
const corpusPaper = (key: string) => {
  const found = corpus.papers.find((paper) => paper.key === key);
  assert.ok(found, key);
  return found;
};

function paper(fields: Partial<Paper> = {}): Paper {
  return { key: 'k', title: 'A title', themes: [], origin: { kind: 'corpus' }, ...fields };
}

describe('paper labels: short titles', () => {
  it('drops a subtitle after ": "', () => {
    assert.strictEqual(shortTitle(corpusPaper('nicolsonLeadershipBetterPatient2011')), 'Leadership and Better Patient Care');
    assert.strictEqual(shortTitle(corpusPaper('edmonstoneWhitherElephantContinuing2014')), 'Whither the elephant?');
  });

  it('keeps the subtitle when the main title alone would be too short to name the work', () => {
    assert.strictEqual(shortTitle(paper({ title: 'NHS: a history of leadership' })), 'NHS: a history of leadership');
  });

  it('shortens a long title at a word boundary with an ellipsis', () => {
    const title = shortTitle(paper({ title: 'A co-productive health leadership model to support the liberation of the NHS' }));
    assert.strictEqual(title, 'A co-productive health leadership model to support the…');
    assert.ok(title.length <= 61);
  });

  it('cuts a single overlong word rather than leaving it whole', () => {
    assert.strictEqual(shortTitle(paper({ title: 'x'.repeat(100) }), 20), `${'x'.repeat(20)}…`);
  });

  it('collapses line breaks and runs of spaces from BibTeX titles', () => {
    assert.strictEqual(shortTitle(paper({ title: 'Leading\n   in   the NHS' })), 'Leading in the NHS');
  });
});

describe('paper labels: first author et al. · year', () => {
  it('gives one, two, or the first of three or more authors', () => {
    assert.strictEqual(authorYearDescription(corpusPaper('edmonstoneWhitherElephantContinuing2014')), 'Edmonstone · 2014');
    assert.strictEqual(authorYearDescription(corpusPaper('shapiroLeadershipNHS2011')), 'Shapiro & Rashid · 2011');
    assert.strictEqual(authorYearDescription(corpusPaper('nicolsonLeadershipBetterPatient2011')), 'Nicolson et al. · 2011');
  });

  it('leaves out what is unknown, never inventing it', () => {
    assert.strictEqual(authorYearDescription(corpusPaper('PublicHealthLeadership')), '');
    assert.strictEqual(authorYearDescription(paper({ year: 1999 })), '1999');
    assert.strictEqual(authorYearDescription(paper({ authors: [{ family: 'Ham' }] })), 'Ham');
  });

  it('names an organisation by its literal name, and falls back to editors', () => {
    assert.strictEqual(authorYearDescription(paper({ authors: [{ literal: "The King's Fund" }], year: 2015 })), "The King's Fund · 2015");
    assert.strictEqual(authorYearDescription(paper({ editors: [{ family: 'Walshe' }, { family: 'Smith' }] })), 'Walshe & Smith');
    assert.strictEqual(firstAuthorName(paper({ editors: [{ family: 'Walshe' }] })), 'Walshe');
    assert.strictEqual(firstAuthorName(paper()), undefined);
  });
});

describe('paper labels: types, venues, counts, links', () => {
  it('names each type and gives it a product icon, with a neutral icon for an unknown type', () => {
    assert.strictEqual(typeName('article'), 'Article');
    assert.strictEqual(typeName(undefined), 'Work of unknown type');
    assert.strictEqual(typeIconId('report'), 'graph');
    assert.strictEqual(typeIconId('book'), 'book');
    assert.strictEqual(typeIconId(undefined), 'file');
  });

  it('takes the journal as venue, else the publisher', () => {
    assert.strictEqual(venueName(corpusPaper('shapiroLeadershipNHS2011')), 'BMJ');
    assert.strictEqual(venueName(corpusPaper('westDevelopingCollectiveLeadership2014')), "The King's Fund");
    assert.strictEqual(venueName(paper({ venue: '  ' })), undefined);
  });

  it('counts works in the singular and plural', () => {
    assert.strictEqual(workCount(1), '1 work');
    assert.strictEqual(workCount(3), '3 works');
    assert.strictEqual(workCount(55994), '55,994 works');
  });

  it('opens the DOI in preference to the URL, and only http(s) addresses', () => {
    assert.strictEqual(sourceUrl(corpusPaper('shapiroLeadershipNHS2011')), 'https://doi.org/10.1136/bmj.d3375');
    assert.strictEqual(sourceUrl(corpusPaper('nicolsonLeadershipBetterPatient2011')),
      'https://kclpure.kcl.ac.uk/portal/en/publications/leadership-and-better-patient-care-managing-in-the-nhs');
    assert.strictEqual(sourceUrl(corpusPaper('PublicHealthLeadership')), undefined);
    assert.strictEqual(sourceUrl(paper({ url: 'javascript:alert(1)' })), undefined);
    assert.strictEqual(sourceUrl(paper({ url: 'file:///etc/passwd' })), undefined);
  });
});

/** Markdown with its backslash escapes read, as the renderer shows the text. */
const unescape = (markdown: string) => markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');

describe('paper labels: tooltips', () => {
  it('shows the full title, authors, year, venue and our summary marked as ours', () => {
    const tooltip = unescape(paperTooltipMarkdown(corpusPaper('shapiroLeadershipNHS2011')));
    assert.match(tooltip, /^\*\*Leadership in the NHS\*\*/);
    assert.match(tooltip, /Jonathan Shapiro, Sabina Rashid · 2011/);
    assert.match(tooltip, /Article · BMJ/);
    assert.match(tooltip, /summary ours, not the authors'/);
    assert.match(tooltip, /`shapiroLeadershipNHS2011`/);
  });

  it('says when there is no summary', () => {
    assert.match(paperTooltipMarkdown(corpusPaper('nicolsonLeadershipBetterPatient2011')), /No summary available/);
  });

  it('escapes Markdown and HTML in titles and summaries, so data cannot become links, images or tags', () => {
    const tooltip = paperTooltipMarkdown(paper({
      title: '[click](command:workbench.action.quit) <img src=x onerror=alert(1)>',
      summary: '![x](https://evil.example/t.png) **bold** `code`',
    }));
    // Every character that could open a link, an image, a tag, emphasis or code is escaped where the data has it.
    const lines = tooltip.split('\n\n');
    const titleLine = lines[0];
    const summaryLine = lines.find((line) => line.includes('summary ours')) ?? '';
    for (const data of [titleLine.replace(/^\*\*|\*\*$/g, ''), summaryLine.replace(/ \*\(summary ours.*$/, '')]) {
      assert.ok(!/(^|[^\\])[[\]()<>!`*]/.test(data), data);
    }
    assert.ok(tooltip.includes('\\*\\*bold\\*\\*'), tooltip);
    assert.ok(unescape(tooltip).includes('[click](command:workbench.action.quit) <img src=x onerror=alert(1)>'), 'the text itself is shown');
  });

  it('fences a key that holds backticks so it cannot close its code span early', () => {
    assert.strictEqual(codeSpan('a`b'), '``a`b``');
    assert.strictEqual(codeSpan('`x'), '`` `x ``');
  });
});
