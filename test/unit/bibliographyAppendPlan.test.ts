import * as assert from 'assert';
import { endingOf, keysInBibtex, planAppend, planAppendAfter } from '../../src/core/bibliography/appendPlan';

const smith = { key: 'Smith2020', text: '@article{Smith2020,\n  title = {Leading},\n  year = {2020}\n}' };
const jones = { key: 'Jones2019', text: '@book{Jones2019,\n  title = {Managing}\n}\n' };

/** The file after the append: the plan is inserted at the very end. */
const after = (current: string, entries = [smith]) => current + planAppend(current, entries).text;

describe('append plan', () => {
  it('adds a blank line before the entry after a file that ends with a line break', () => {
    assert.strictEqual(after('@misc{a,\n  title = {A}\n}\n'), '@misc{a,\n  title = {A}\n}\n\n' + smith.text + '\n');
  });

  it('ends the last line first when the file lacks a final line break', () => {
    assert.strictEqual(after('@misc{a, title = {A}}'), '@misc{a, title = {A}}\n\n' + smith.text + '\n');
  });

  it('adds no extra blank line when the file already ends with one', () => {
    assert.strictEqual(after('@misc{a, title = {A}}\n\n'), '@misc{a, title = {A}}\n\n' + smith.text + '\n');
  });

  it('writes into an empty file without leading blank lines', () => {
    assert.strictEqual(after(''), smith.text + '\n');
  });

  it('keeps CRLF line breaks, also inside the entry', () => {
    const current = '@misc{a,\r\n  title = {A}\r\n}';
    const result = after(current, [smith, jones]);
    assert.ok(result.startsWith(current));
    assert.ok(!/[^\r]\n/.test(result), 'every line break is CRLF');
    assert.strictEqual(result.slice(current.length), '\r\n\r\n' + smith.text.replace(/\n/g, '\r\n') + '\r\n\r\n' + jones.text.trim().replace(/\n/g, '\r\n') + '\r\n');
  });

  it('uses the given line break for a file that has none yet', () => {
    assert.strictEqual(planAppend('', [smith], { eol: '\r\n' }).text, smith.text.replace(/\n/g, '\r\n') + '\r\n');
  });

  it('never changes a byte of the file: the result starts with the whole current text', () => {
    for (const current of ['', 'x', '\uFEFF@misc{a,}', '% c\r\n', '@misc{a,}\n\n\n', '  ']) {
      assert.ok(after(current).startsWith(current));
    }
  });

  it('skips keys the file already defines, and reports them', () => {
    const current = '@string{j = "J"}\n@Article{ Smith2020 ,\n  journal = j}\n';
    const plan = planAppend(current, [smith, jones]);
    assert.deepStrictEqual(plan.added, ['Jones2019']);
    assert.deepStrictEqual(plan.present, ['Smith2020']);
    assert.ok(!plan.text.includes('Smith2020'));
  });

  it('counts the key of a broken entry as present', () => {
    const current = '@article{Smith2020,\n  title = {Unclosed\n\n@misc{b, title = {B}}\n';
    assert.ok(keysInBibtex(current).has('Smith2020'));
    assert.deepStrictEqual(planAppend(current, [smith]).added, []);
  });

  it('does not take a key mentioned in a comment or an abstract for an entry', () => {
    const current = '@comment{Smith2020}\n@misc{b, abstract = {see Smith2020, and @article{Smith2020,}}}\n';
    assert.deepStrictEqual(planAppend(current, [smith]).added, ['Smith2020']);
  });

  it('compares keys exactly, as pandoc and biber do', () => {
    assert.deepStrictEqual(planAppend('@misc{smith2020, title={x}}\n', [smith]).added, ['Smith2020']);
  });

  it('adds an entry asked for twice only once', () => {
    const plan = planAppend('', [smith, jones, smith]);
    assert.deepStrictEqual(plan.added, ['Smith2020', 'Jones2019']);
    assert.strictEqual(plan.text.split('@article{Smith2020').length, 2);
  });

  it('appending the plan twice adds nothing the second time', () => {
    const once = after('@misc{a, title = {A}}\n', [smith, jones]);
    assert.strictEqual(planAppend(once, [smith, jones]).text, '');
  });

  it('trusts keys read elsewhere when given', () => {
    assert.deepStrictEqual(planAppend('', [smith, jones], { existingKeys: new Set(['Jones2019']) }).added, ['Smith2020']);
  });

  it('plans nothing for nothing', () => {
    assert.deepStrictEqual(planAppend('@misc{a,}', []), { text: '', added: [], present: [] });
  });

  it('plans from the head and tail of a file too large to read whole as from the whole text', () => {
    const entries = [smith, jones];
    for (const whole of ['@misc{a,}\r\n' + 'x'.repeat(500) + '\r\n', '@misc{a,}\n' + 'y'.repeat(500), '@misc{a,}\n\n   \n\n']) {
      const ending = endingOf(whole.slice(-64), '\n', whole.slice(0, 100), true);
      assert.deepStrictEqual(ending, endingOf(whole));
      assert.strictEqual(planAppendAfter(ending, entries, new Set()).text, planAppend(whole, entries).text);
    }
  });

  it('never takes a large file for an empty one, even when its tail is white space', () => {
    assert.strictEqual(endingOf(' '.repeat(64), '\n', '@misc{a,}\n', true).last, 'text');
    assert.strictEqual(endingOf('   \n', '\n', '@misc{a,}\n', true).last, 'blank');
  });
});
