import * as assert from 'assert';
import { citationKeyFor, citationKeyProblem, foldToAscii, isValidCitationKey, titleWords } from '../../src/core/bibtex/citationKey';

describe('citation keys', () => {
  describe('Better BibTeX\'s default formula, auth.lower + shorttitle(3,3) + year', () => {
    it('takes the first author\'s family name in lower case, three title words capitalised, and the year', () => {
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'Shapiro', given: 'Jonathan' }, { family: 'Rashid' }], title: 'Leadership in the NHS', year: 2011 }), 'shapiroLeadershipNHS2011');
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'Nicol' }], title: 'Barriers to doctors successfully delivering leadership in the NHS', year: 2016 }), 'nicolBarriersDoctorsSuccessfully2016');
    });

    it('skips function words, punctuation and one-letter words, and joins hyphenated words', () => {
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'Edmonstone' }], title: 'Whither the elephant?: the continuing development of clinical leadership', year: 2014 }), 'edmonstoneWhitherElephantContinuing2014');
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'Martin' }], title: "A critical account of the rise and spread of 'leadership'", year: 2012 }), 'martinCriticalAccountRise2012');
      assert.deepStrictEqual(titleWords('A co-productive health leadership model'), ['coproductive', 'health', 'leadership', 'model']);
      assert.deepStrictEqual(titleWords("Everybody's Business? (2009) X/Y: z"), ['Everybodys', 'Business', '2009']);
    });

    it('leaves out rich-text tags (a span with its attributes), quotes, and the punctuation around each word', () => {
      assert.deepStrictEqual(titleWords('<i>Leadership</i> in the <span style="font-variant:small-caps;">NHS</span>: "<b>bold</b>" <sc>care</sc>'),
        ['Leadership', 'NHS', 'bold', 'care']);
      assert.deepStrictEqual(titleWords('...elephants?!! ¿Qué? «Care»'), ['elephants', 'Que', 'Care']);
      // A span never closed is no tag: its letters count as a word.
      assert.deepStrictEqual(titleWords('<span leadership in the NHS'), ['span', 'leadership', 'NHS']);
    });

    it('uses the title words alone when no author is known, and leaves the year out when it is unknown', () => {
      assert.strictEqual(citationKeyFor({ title: 'A co-productive health leadership model to support the liberation of the NHS' }), 'CoproductiveHealthLeadership');
      assert.strictEqual(citationKeyFor({ title: "Public Health Leadership in Primary Care Practice: Everybody's Business?" }), 'PublicHealthLeadership');
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'West' }], title: 'Developing collective leadership for health care' }), 'westDevelopingCollectiveLeadership');
    });

    it('folds accents to ASCII and drops the characters Better BibTeX calls unsafe', () => {
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'Müller' }], title: 'Über die Qualität', year: 2020 }), 'mullerUberQualitat2020');
      assert.strictEqual(citationKeyFor({ authors: [{ family: "O'Brien" }], title: 'Straße und Œuvre', year: 1999 }), 'obrienStrasseUndOEuvre1999');
      assert.strictEqual(citationKeyFor({ authors: [{ family: 'van der Berg' }], title: 'Łódź', year: 2001 }), 'vanderbergLodz2001');
      assert.strictEqual(foldToAscii('Æsop Øre ıi ﬁ Ｘ 東京'), 'AEsop Ore ii fi X ');
    });

    it('takes an editor, or an organisation\'s whole name, when there is no personal author ("beyond" is a skip word too)', () => {
      assert.strictEqual(citationKeyFor({ editors: [{ family: 'Westfahl' }], title: 'Space and Beyond', year: 2000 }), 'westfahlSpace2000');
      assert.strictEqual(citationKeyFor({ authors: [{ literal: "The King's Fund" }], title: 'Leadership', year: 2014 }), 'thekingsfundLeadership2014');
    });
  });

  describe('validity in BibTeX, biber and pandoc', () => {
    it('accepts letters, digits and _ with - : . + / inside', () => {
      for (const key of ['shapiroLeadershipNHS2011', 'westfahl:space', 'baez/article', 'a-b.c+d_1', '_x', '2020report']) {
        assert.strictEqual(citationKeyProblem(key), undefined, key);
        assert.ok(isValidCitationKey(key));
      }
    });

    it('rejects, with the reason, what one of the three would misread', () => {
      const cases: [string, RegExp][] = [
        ['', /cannot be empty/], ['two words', /cannot contain a space/], ['a,b', /cannot contain ","/], ['a{b}', /"\{"/],
        ['a%b', /"%"/], ['a#b', /"#"/], ["o'brien", /"'"/], ['müller', /"ü"/], ['a=b', /"="/], ['a"b', /"""/],
        ['-start', /must start with/], ['end.', /must end with/], ['end:', /pandoc leaves trailing punctuation/],
      ];
      for (const [key, reason] of cases) {
        assert.match(citationKeyProblem(key) ?? 'valid', reason, key);
        assert.ok(!isValidCitationKey(key), key);
      }
    });
  });
});
