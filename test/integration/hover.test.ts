// Hovers over citation keys, through vscode.executeHoverProvider in a real VS Code: on each key of each syntax the
// hover is the work's summary over exactly that key; beside a key (its @, the command, arguments, separators,
// locators) there is none of ours.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activateExtension, closeAllEditors, hoversAt, positionOf, withSetting, writeFixture } from './helpers';

const MARTIN = 'martinCriticalAccountRise2012';
const WEST = 'westDevelopingCollectiveLeadership2014';
const SHAPIRO = 'shapiroLeadershipNHS2011';
const NICOL = 'nicolBarriersDoctorsSuccessfully2016';
const COLEMAN = 'colemanLeadershipHealthCommissioning2015';

/** Our hovers: the summary of a work (it links our commands) or the note on an unknown key. */
function ours(hovers: readonly vscode.Hover[]): vscode.Hover[] {
  return hovers.filter((hover) => hover.contents.some((content) => {
    const value = typeof content === 'string' ? content : content.value;
    return value.includes('command:nhsLibrary.') || value.includes('Unknown citation key');
  }));
}

function markdownOf(hover: vscode.Hover): vscode.MarkdownString {
  const content = hover.contents[0];
  assert.ok(content instanceof vscode.MarkdownString, 'the hover holds a MarkdownString');
  return content;
}

async function open(name: string, text: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(await writeFixture(`hover/${name}`, text));
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** Asserts our one hover at the `occurrence`-th `key` (offset `into` it) covers exactly that key and names the work. */
async function assertHoverOnKey(document: vscode.TextDocument, key: string, title: RegExp, occurrence = 1, into = 1): Promise<vscode.Hover> {
  const start = positionOf(document, key, 0, occurrence);
  const hovers = ours(await hoversAt(document.uri, start.translate(0, into)));
  assert.strictEqual(hovers.length, 1, `one hover of ours on ${key} in ${document.languageId}`);
  const [hover] = hovers;
  assert.ok(hover.range?.isEqual(new vscode.Range(start, start.translate(0, key.length))),
    `the hover's range is exactly ${key}: got ${JSON.stringify(hover.range)}`);
  assert.match(markdownOf(hover).value, title);
  return hover;
}

async function assertNoHover(document: vscode.TextDocument, needle: string, offsetInNeedle = 0, occurrence = 1): Promise<void> {
  const position = positionOf(document, needle, offsetInNeedle, occurrence);
  const hovers = ours(await hoversAt(document.uri, position));
  assert.deepStrictEqual(hovers.map((hover) => markdownOf(hover).value.slice(0, 80)), [],
    `no hover of ours at '${needle}'+${offsetInNeedle} (line ${position.line + 1}, column ${position.character + 1})`);
}

describe('hover', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(closeAllEditors);

  it('LaTeX: each key of a multi-key citation with optional arguments has its own hover', async () => {
    const document = await open('multi.tex', [
      '\\documentclass{article}',
      '\\begin{document}',
      `Policy matters \\parencite[see][p.~7]{${MARTIN}, ${WEST}}.`,
      `And \\citet*{${SHAPIRO}} too.`,
      '\\end{document}',
      '',
    ].join('\n'));
    assert.strictEqual(document.languageId, 'latex');
    await assertHoverOnKey(document, MARTIN, /Critical Account of the Rise/i);
    await assertHoverOnKey(document, WEST, /Developing Collective Leadership/i);
    await assertHoverOnKey(document, WEST, /Developing Collective Leadership/i, 1, WEST.length - 1);
    await assertHoverOnKey(document, SHAPIRO, /Leadership in the NHS/);
    await assertNoHover(document, '\\parencite', 3);
    await assertNoHover(document, '[see]', 2);
    await assertNoHover(document, '[p.~7]', 2);
    await assertNoHover(document, `${MARTIN},`, MARTIN.length);
    await assertNoHover(document, `${WEST}}`, WEST.length);
    await assertNoHover(document, 'Policy matters', 2);
  });

  it('LaTeX: a multi-cite and a key list split over lines', async () => {
    const document = await open('multicite.tex', [
      `\\cites[p.~1]{${SHAPIRO}}[p.~2]{${NICOL}}`,
      '\\cite{',
      `  ${MARTIN},`,
      `  ${COLEMAN}`,
      '}',
      `% commented out: \\cite{${WEST}}`,
      '\\begin{verbatim}',
      `\\cite{${WEST}}`,
      '\\end{verbatim}',
      '',
    ].join('\n'));
    await assertHoverOnKey(document, SHAPIRO, /Leadership in the NHS/);
    await assertHoverOnKey(document, NICOL, /Barriers to doctors/);
    await assertHoverOnKey(document, MARTIN, /Critical Account/i);
    await assertHoverOnKey(document, COLEMAN, /Commissioning/i);
    await assertNoHover(document, '[p.~2]', 1);
    await assertNoHover(document, WEST, 2, 1);
    await assertNoHover(document, WEST, 2, 2);
  });

  it('Markdown: bracketed keys with a locator, in-text, suppressed author and braced keys', async () => {
    const document = await open('pandoc.md', [
      '# Notes',
      '',
      `Policy [@${MARTIN}; @${WEST}, p. 4] and more.`,
      `@${SHAPIRO} says so, as do others [-@${NICOL}].`,
      `Braced: @{${COLEMAN}}.`,
      `Mail someone@${MARTIN}.org, or \`@${WEST}\` in code.`,
      '',
      '```',
      `@${SHAPIRO}`,
      '```',
      '',
    ].join('\n'));
    assert.strictEqual(document.languageId, 'markdown');
    await assertHoverOnKey(document, MARTIN, /Critical Account/i);
    await assertHoverOnKey(document, WEST, /Developing Collective Leadership/i);
    await assertHoverOnKey(document, SHAPIRO, /Leadership in the NHS/);
    await assertHoverOnKey(document, NICOL, /Barriers to doctors/);
    await assertHoverOnKey(document, COLEMAN, /Commissioning/i);
    await assertNoHover(document, `@${MARTIN};`, 0);
    await assertNoHover(document, `${MARTIN};`, MARTIN.length);
    await assertNoHover(document, ', p. 4]', 3);
    await assertNoHover(document, `[-@${NICOL}`, 1);
    await assertNoHover(document, `{${COLEMAN}}`, 0);
    await assertNoHover(document, 'Policy', 1);
    await assertNoHover(document, MARTIN, 3, 2);
    await assertNoHover(document, WEST, 3, 2);
    await assertNoHover(document, SHAPIRO, 3, 2);
  });

  for (const [name, language] of [['notes.qmd', 'quarto'], ['notes.Rmd', 'rmd']] as const) {
    it(`${language}: keys in a ${name} document`, async () => {
      const document = await open(name, ['---', 'title: "Notes"', '---', '', `Text [@${MARTIN}; @${WEST}].`, ''].join('\n'));
      assert.strictEqual(document.languageId, language, `${name} opens as ${language}`);
      await assertHoverOnKey(document, MARTIN, /Critical Account/i);
      await assertHoverOnKey(document, WEST, /Developing Collective Leadership/i);
      await assertNoHover(document, '; @', 0);
    });
  }

  it('shows the summary: authors, year, venue, type, themes, abstract, our summary, DOI and our commands only', async () => {
    const document = await open('content.md', `See [@${NICOL}].\n`);
    const hover = await assertHoverOnKey(document, NICOL, /Barriers to doctors successfully delivering leadership in the NHS/);
    const markdown = markdownOf(hover);
    const text = markdown.value.replace(/\\(.)/g, '$1');
    for (const expected of ['Edward D. Nicol and Jenny Cowpe', '2016', 'Future Hospital Journal 3(1):21-26', 'Journal article',
      'Themes: Clinical and medical leadership', '**Abstract:** Leadership will be essential', '**Our summary:**',
      '(https://doi.org/10.7861/futurehosp.3-1-21)', 'Show details', 'Copy BibTeX', 'Reveal in Library']) {
      assert.ok(text.includes(expected), `the hover shows ${expected}:\n${text}`);
    }
    assert.deepStrictEqual(markdown.isTrusted, { enabledCommands: ['nhsLibrary.showPaper', 'nhsLibrary.copyBibtex', 'nhsLibrary.revealPaper'] });
    assert.ok(!markdown.supportHtml, 'raw HTML is not rendered');
  });

  it('labels an excerpt, says when there is no abstract, and follows hover.abstractLength', async () => {
    const document = await open('abstracts.md', `[@${COLEMAN}] [@CoproductiveHealthLeadership] [@${NICOL}]\n`);
    const excerpt = markdownOf(await assertHoverOnKey(document, COLEMAN, /Commissioning/i)).value;
    assert.match(excerpt, /\*\*Excerpt:\*\* /);
    assert.doesNotMatch(excerpt, /\*\*Abstract:\*\*/);
    assert.match(markdownOf(await assertHoverOnKey(document, 'CoproductiveHealthLeadership', /co\\-productive/)).value, /No abstract available/);
    await withSetting('nhsLibrary.hover.abstractLength', 40, async () => {
      const value = markdownOf(await assertHoverOnKey(document, NICOL, /Barriers/)).value;
      const abstract = /\*\*Abstract:\*\* ([^\n]*)/.exec(value)?.[1].replace(/\\(.)/g, '$1');
      assert.strictEqual(abstract, 'Leadership will be essential to deliver…');
    });
  });

  it('an unknown key says so and offers the closest keys', async () => {
    const document = await open('unknown.tex', `\\cite{martinCriticalAcountRise2012}\n`);
    const start = positionOf(document, 'martinCritical');
    const [hover] = ours(await hoversAt(document.uri, start.translate(0, 2)));
    assert.ok(hover, 'a hover on the unknown key');
    const value = markdownOf(hover).value;
    assert.match(value, /Unknown citation key/);
    assert.ok(value.includes(`- ${MARTIN}`), value);
    assert.ok(hover.range?.isEqual(new vscode.Range(start, start.translate(0, 'martinCriticalAcountRise2012'.length))));
  });

  it('nhsLibrary.hover.enabled turns hovers off', async () => {
    const document = await open('disabled.md', `See [@${NICOL}].\n`);
    await withSetting('nhsLibrary.hover.enabled', false, async () => {
      await assertNoHover(document, NICOL, 2);
    });
    await assertHoverOnKey(document, NICOL, /Barriers/);
  });

  it('follows edits: a key typed into the document has a hover at once', async () => {
    const document = await open('edited.md', 'Nothing cited yet.\n');
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `Now [@${WEST}].\n`));
    await assertHoverOnKey(document, WEST, /Developing Collective Leadership/i);
  });
});
