import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCorpus } from '../../src/core/corpus';
import { formatReference, isReferenceStyle, paperToCsl, REFERENCE_STYLES } from '../../src/core/formatReference';
import { Paper } from '../../src/core/model';

const corpus = parseCorpus(fs.readFileSync(path.join(__dirname, '../../resources/corpus.json'), 'utf8'));
const work = (key: string) => {
  const found = corpus.papers.find((paper) => paper.key === key);
  assert.ok(found, key);
  return found;
};

describe('formatted references', () => {
  before(function () {
    // The first reference builds the CSL engine for the style, which takes a second or two on a busy machine.
    this.timeout(30_000);
    for (const style of REFERENCE_STYLES) formatReference(work('shapiroLeadershipNHS2011'), style.id);
  });

  // Checked by hand against each style's rules: APA 7 (sentence as given, journal and volume, DOI as a link),
  // Cite Them Right (British single quotes, pp., "Available at:"), Vancouver (initials without points, year;vol(issue):pages).
  it('formats a journal article in APA 7', () => {
    assert.strictEqual(formatReference(work('nicolBarriersDoctorsSuccessfully2016'), 'apa'),
      'Nicol, E. D., & Cowpe, J. (2016). Barriers to doctors successfully delivering leadership in the NHS. '
      + 'Future Hospital Journal, 3(1), 21–26. https://doi.org/10.7861/futurehosp.3-1-21');
  });

  it('formats a journal article in Harvard (Cite Them Right) with British quotation', () => {
    assert.strictEqual(formatReference(work('nicolBarriersDoctorsSuccessfully2016'), 'harvard'),
      'Nicol, E.D. and Cowpe, J. (2016) ‘Barriers to doctors successfully delivering leadership in the NHS’, '
      + 'Future Hospital Journal, 3(1), pp. 21–26. Available at: https://doi.org/10.7861/futurehosp.3-1-21.');
  });

  it('formats a journal article in Vancouver, without a list number', () => {
    assert.strictEqual(formatReference(work('nicolBarriersDoctorsSuccessfully2016'), 'vancouver'),
      'Nicol ED, Cowpe J. Barriers to doctors successfully delivering leadership in the NHS. '
      + 'Future Hospital Journal. 2016;3(1):21–6. doi:10.7861/futurehosp.3-1-21');
  });

  it('formats a report with its publisher and place', () => {
    const report = work('westDevelopingCollectiveLeadership2014');
    assert.strictEqual(formatReference(report, 'apa'),
      'West, M., Eckert, R., Steward, K., & Pasmore, B. (2014). Developing collective leadership for health care. '
      + 'The King’s Fund. https://shop.kingsfund.org.uk/products/developing-collective-leadership-for-health-care');
    assert.strictEqual(formatReference(report, 'harvard'),
      'West, M. et al. (2014) Developing collective leadership for health care. London: The King’s Fund. '
      + 'Available at: https://shop.kingsfund.org.uk/products/developing-collective-leadership-for-health-care.');
    assert.match(formatReference(report, 'vancouver'), /^West M, Eckert R, Steward K, Pasmore B\. Developing collective leadership for health care \[Internet\]\. London: The King’s Fund; 2014\./);
  });

  it('keeps a single inner quotation mark inside British outer quotes', () => {
    assert.match(formatReference(work('martinCriticalAccountRise2012'), 'harvard'),
      /‘A critical account of the rise and spread of “leadership”: the case of UK healthcare’, Social Science & Medicine/);
  });

  it('omits an unknown author and year rather than printing a guess', () => {
    const reference = formatReference(work('PublicHealthLeadership'), 'apa');
    assert.strictEqual(reference, 'Public Health Leadership in Primary Care Practice: Everybody’s Business? (n.d.).');
  });

  it('formats every corpus work in every style as one line', () => {
    for (const paper of corpus.papers) {
      for (const style of REFERENCE_STYLES) {
        const reference = formatReference(paper, style.id);
        assert.ok(reference.length > 20 && !reference.includes('\n'), `${paper.key} ${style.id}: ${reference}`);
        assert.ok(!/^\d+\./.test(reference), `${paper.key} ${style.id} is numbered`);
      }
    }
  });

  it('writes an organisation as a literal name, not as initials', () => {
    const paper: Paper = { key: 'kf', title: 'The state of the NHS', year: 2020, type: 'report', authors: [{ literal: "The King's Fund" }], themes: [], origin: { kind: 'corpus' } };
    assert.match(formatReference(paper, 'apa'), /^The King’s Fund\. \(2020\)/);
  });

  it('maps works to CSL-JSON, leaving unknown fields out', () => {
    assert.deepStrictEqual(paperToCsl(work('CoproductiveHealthLeadership')), {
      id: 'CoproductiveHealthLeadership', type: 'document',
      title: 'A co-productive health leadership model to support the liberation of the NHS',
      URL: 'https://www.academia.edu/124412267/A_co_productive_health_leadership_model_to_support_the_liberation_of_the_NHS',
    });
    const csl = paperToCsl(work('shapiroLeadershipNHS2011'));
    assert.strictEqual(csl.type, 'article-journal');
    assert.strictEqual(csl['container-title'], 'BMJ');
    assert.deepStrictEqual(csl.issued, { 'date-parts': [[2011]] });
  });

  it('knows the three styles the setting offers', () => {
    assert.deepStrictEqual(REFERENCE_STYLES.map((style) => style.id), ['apa', 'harvard', 'vancouver']);
    assert.ok(isReferenceStyle('harvard') && !isReferenceStyle('chicago') && !isReferenceStyle('toString'));
  });
});
