import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCorpus } from '../../src/core/corpus';
import { Paper } from '../../src/core/model';
import { escapeHtml, isDetailsAction, NO_ABSTRACT, renderMissingPaperHtml, renderPaperDetailsHtml, SUMMARY_HEADING } from '../../src/core/paperDetailsHtml';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '../../resources/corpus.json'), 'utf8'));
const page = { cspSource: 'https://webview.test', nonce: 'n0nce+/=', styleUri: 'https://webview.test/media/details.css', scriptUri: 'https://webview.test/media/details.js' };
const render = (key: string) => {
  const paper = corpus.papers.find((candidate) => candidate.key === key);
  assert.ok(paper, key);
  return renderPaperDetailsHtml(paper, corpus.themes, page);
};

/** The text of the page with tags removed and entities decoded, as a reader sees it. */
function visibleText(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))).replace(/\s+/g, ' ');
}

describe('paper details page', () => {
  it('has a Content-Security-Policy that admits only the webview\'s resources and the nonced script', () => {
    const html = render('shapiroLeadershipNHS2011');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)?.[1];
    assert.strictEqual(csp, "default-src 'none'; style-src https://webview.test; script-src 'nonce-n0nce+/='; img-src https://webview.test;");
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.deepStrictEqual(scripts, ['<script nonce="n0nce+/=" src="https://webview.test/media/details.js">']);
    assert.ok(!/\son\w+=/i.test(html), 'no inline event handler');
    assert.ok(!/style=/i.test(html), 'no inline style, which the CSP would block');
  });

  it('shows all metadata of a work: key, authors, year, type, journal, volume, pages, DOI and URL', () => {
    const text = visibleText(render('nicolBarriersDoctorsSuccessfully2016'));
    for (const expected of ['Barriers to doctors successfully delivering leadership in the NHS', 'nicolBarriersDoctorsSuccessfully2016',
      'Edward D. Nicol, Jenny Cowpe', '2016', 'Article', 'Future Hospital Journal', 'Volume 3', 'Issue 1', 'Pages 21-26',
      '10.7861/futurehosp.3-1-21', 'https://www.rcpjournals.org/content/futurehosp/3/1/21']) {
      assert.ok(text.includes(expected), `missing ${expected}`);
    }
  });

  it('labels our summary as ours, and an excerpt as an excerpt', () => {
    const html = render('shapiroLeadershipNHS2011');
    assert.ok(html.includes(`<h2>${escapeHtml(SUMMARY_HEADING)}</h2>`));
    assert.ok(html.includes('<h2>Excerpt</h2>'));
    assert.ok(!html.includes('<h2>Abstract</h2>'));
    assert.ok(render('nicolBarriersDoctorsSuccessfully2016').includes('<h2>Abstract</h2>'));
  });

  it('says "No abstract available" for a work without one', () => {
    const html = render('nicolsonLeadershipBetterPatient2011');
    assert.ok(html.includes(NO_ABSTRACT));
    assert.ok(!html.includes('<h2>Excerpt</h2>'));
  });

  it('lists themes by label and sources, linking only web addresses', () => {
    const html = render('shapiroLeadershipNHS2011');
    assert.ok(html.includes('>Policy and NHS reform</li>'));
    assert.ok(html.includes('<a href="https://www.bmj.com/content/342/bmj.d3375">https://www.bmj.com/content/342/bmj.d3375</a>'));
    assert.ok(html.includes('seed-listing.txt') && !html.includes('href="seed-listing.txt"'));
  });

  it('offers insert, copy BibTeX and open source, and no open button for a work without a link', () => {
    const html = render('shapiroLeadershipNHS2011');
    for (const action of ['insert', 'copyBibtex', 'openSource']) assert.ok(html.includes(`data-action="${action}"`), action);
    assert.ok(!render('PublicHealthLeadership').includes('data-action="openSource"'));
    assert.ok(isDetailsAction('insert') && !isDetailsAction('eval'));
  });

  it('escapes every string: hostile titles, names, abstracts and keys render as text', () => {
    const hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const paper: Paper = {
      key: `k${hostile}`, title: hostile, subtitle: hostile, authors: [{ family: hostile, given: hostile }], venue: hostile,
      publisher: hostile, summary: hostile, abstract: { kind: 'abstract', text: hostile }, note: hostile,
      url: `javascript:alert(3)`, doi: hostile, themes: ['unknown-theme"><b>'], sources: { [hostile]: hostile },
      origin: { kind: 'user', file: hostile, line: 3, entryType: 'article' },
    };
    const html = renderPaperDetailsHtml(paper, corpus.themes, page);
    assert.strictEqual((html.match(/<script\b/g) ?? []).length, 1, 'only our script');
    assert.ok(!html.includes('<img'), 'no injected tag');
    assert.ok(!html.includes('<b>'), 'no injected tag');
    assert.ok(!html.includes('href="javascript:'), 'no script link');
    assert.ok(visibleText(html).includes('<script>alert(1)</script>'), 'the text itself is shown');
  });

  it('removes bidirectional overrides from data, so a title cannot read backwards', () => {
    const paper: Paper = { key: 'k', title: 'Safe \u202Etxt.exe', themes: [], origin: { kind: 'corpus' } };
    assert.ok(!renderPaperDetailsHtml(paper, [], page).includes('\u202E'));
  });

  it('renders a page for a key that left the library, escaped', () => {
    const html = renderMissingPaperHtml('<gone>', page);
    assert.ok(html.includes('&#60;gone&#62;'));
    assert.ok(html.includes('no longer in the library'));
  });
});
