// parseBibliography maps BibTeX entries as the reader hands them over (so they die young), and falls back to reading
// the whole file again once an entry takes fields from others. Either way the works and problems must be exactly
// those of reading the file whole and mapping every entry afterwards.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibliography } from '../../src/core/bibliography/parseBibliography';
import { ThemePlacer } from '../../src/core/bibliography/placeByThemes';
import { readBibtex } from '../../src/core/bibtex/bibtexReader';
import { entriesToPapers } from '../../src/core/bibtex/entryToPaper';
import { Paper } from '../../src/core/model';
import { generateBib } from './support/generateBib';

const fixtures = path.join(__dirname, '..', 'fixtures', 'bib');
const placer = new ThemePlacer([
  { id: 'clinical', keywords: ['clinical leadership', 'nurse'] },
  { id: 'policy', keywords: ['policy', 'reform', 'health and social care act'] },
]);

/** What parsing gives when every entry is read first and mapped afterwards. */
function readWholeThenMap(text: string, file: string): { papers: Paper[]; problems: unknown[] } {
  const read = readBibtex(text);
  const papers = entriesToPapers(read.entries, file);
  for (const paper of papers) paper.themes = placer.place(paper);
  return { papers, problems: read.diagnostics };
}

function assertSameAsWholeRead(text: string): void {
  const parsed = parseBibliography(text, 'bibtex', 'lib.bib', placer);
  assert.deepStrictEqual(parsed, readWholeThenMap(text, 'lib.bib'));
}

describe('parseBibliography on BibTeX', () => {
  it('gives the works and problems of a whole read, for a file with no crossref or xdata', () => {
    assertSameAsWholeRead(generateBib(400, { seed: 3 }).text);
    assertSameAsWholeRead(fs.readFileSync(path.join(fixtures, 'broken.bib'), 'utf8'));
    assertSameAsWholeRead(fs.readFileSync(path.join(fixtures, 'strings.bib'), 'utf8'));
  });

  it('resolves crossref and xdata against entries before and after the first entry that uses them', () => {
    const crossref = fs.readFileSync(path.join(fixtures, 'crossref.bib'), 'utf8');
    assertSameAsWholeRead(crossref);
    // Plain entries first (mapped as they come), then a parent, then its child: the parent was already mapped and
    // dropped when the child turned up, so it must still lend its fields.
    const text = '@book{parent, title = {The Policy Book}, publisher = {Press}, year = 2001}\n'
      + '@misc{plain, title = {Nurse staffing}, author = {Doe, Jane}}\n'
      + '@misc{plain, title = {A duplicate key}}\n'
      + '@incollection{child, title = {A chapter}, crossref = {parent}}\n'
      + '@misc{after, title = {Reform}, xdata = {shared}}\n'
      + '@xdata{shared, note = {Shared note}}\n';
    assertSameAsWholeRead(text);
    const papers = parseBibliography(text, 'bibtex', 'lib.bib', placer).papers;
    assert.deepStrictEqual(papers.map((paper) => paper.key), ['parent', 'plain', 'child', 'after']);
    assert.strictEqual(papers[2].venue, 'The Policy Book');
    assert.strictEqual(papers[2].publisher, 'Press');
    assert.strictEqual(papers[3].note, 'Shared note');
    assertSameAsWholeRead(crossref + '\n' + generateBib(50, { seed: 4 }).text);
    assertSameAsWholeRead(generateBib(50, { seed: 4 }).text + '\n' + crossref);
  });
});
