// Hostile strings in every field of a work must show as text. The hover's Markdown is rendered here with
// markdown-it, a CommonMark renderer, with raw HTML and link detection switched ON (harsher than VS Code's hover,
// which has HTML off), and the HTML that comes out is checked: no tag but our own, no link but our own.
import * as assert from 'assert';
import fc from 'fast-check';
import { createRequire } from 'module';
import { HOVER_COMMANDS, renderPaperHover, renderUnknownKeyHover } from '../../src/core/hoverContent';
import { commandUri, doiUrl, escapeMarkdown, plainText, safeHttpUrl } from '../../src/core/markdownEscape';
import { Paper } from '../../src/core/model';
import { commandArgs } from '../support/commandArgs';

interface Renderer {
  render(markdown: string): string;
  renderInline(markdown: string): string;
}
// markdown-it ships without types; it is in node_modules as a dependency of @vscode/vsce.
const MarkdownIt = createRequire(__filename)('markdown-it') as new (options: object) => Renderer;
const markdown = new MarkdownIt({ html: true, linkify: true });

const HOSTILE = [
  '**bold** _em_ `code` ~~strike~~',
  '[click](command:workbench.action.terminal.new)',
  '[x](command:nhsLibrary.showPaper?%5B%22evil%22%5D)',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '<a href="javascript:alert(1)">a</a>',
  '![image](https://evil.example/i.png)',
  'https://evil.example/autolink www.evil.example mail@evil.example',
  '<https://evil.example>',
  '&lt;b&gt; &amp; &#x3C;',
  '# Heading\n\n- list\n1. item\n> quote\n---\n=====',
  '    indented code',
  '```\nfence\n```',
  '| a | b |\n|---|---|',
  '$(zap) $(alert~spin)',
  'back\\slash\\',
  'bidi \u202Eevil\u202C and \u2066isolate\u2069',
  'ctrl \u0000\u0007\u001B[31m\u007F\u009B',
  'line\u2028break\u2029para\r\nwindows\rmac',
  '[^1]: footnote',
  '\\*not\\* escaped twice',
  '<!-- comment -->',
];

/** The visible text of rendered HTML. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1].toLowerCase());
}

function hrefsOf(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1].replace(/&amp;/g, '&'));
}

/** The cleaning plainText does, written out here so a shortcut in it is checked against the whole of it. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE_FOR_TEST = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('*', '_', '`', '[', ']', '(', ')', '<', '>', '&', '#', '\\', '!', '|', '~', ':', '$', '\n', ' ', 'a', 'h', 't', 'p', 's', '/', '.', '@', '%', '"'), maxLength: 40 }),
);

describe('hover content: hostile strings', () => {
  it('escapeMarkdown renders as exactly the plain text, with no tag, inline or as a block', () => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const escaped = escapeMarkdown(value);
        const inline = markdown.renderInline(escaped);
        assert.deepStrictEqual(tagsOf(inline), [], `${JSON.stringify(value)} -> ${inline}`);
        assert.strictEqual(textOf(inline), plainText(value), JSON.stringify(value));
        const block = markdown.render(escaped);
        assert.deepStrictEqual(tagsOf(block), escaped ? ['p', 'p'] : [], `${JSON.stringify(value)} -> ${block}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('plainText gives text it would not change back as it is, and cleans the rest as always', () => {
    const clean = (value: string) => value.replace(INVISIBLE_FOR_TEST, '').replace(/[\s\u0085]+/g, ' ').trim();
    const spacey = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\u0085', '\u00a0', '\u2028', '\ufeff', '\u202e', '\u0007', 'a', 'é'), maxLength: 12 });
    fc.assert(fc.property(fc.oneof(hostileString, spacey), (value) => {
      assert.strictEqual(plainText(value), clean(value), JSON.stringify(value));
    }), { numRuns: 5000 });
    const title = 'Leadership in the NHS: a review';
    assert.strictEqual(plainText(title), title);
  });

  it('plainText removes control characters and bidirectional overrides, and keeps one line', () => {
    for (const value of HOSTILE) {
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      assert.ok(!/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/.test(plainText(value)), JSON.stringify(value));
    }
  });

  it('links only http(s) URLs, and keeps them inside the link', () => {
    for (const url of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'data:text/html,x', 'vscode://x', 'https://user:pw@evil.example/', 'not a url']) {
      assert.strictEqual(safeHttpUrl(url), undefined, url);
    }
    const url = safeHttpUrl('https://example.org/a(b)c d"e<f>`g\'h\\i?q=`&lt;&x=1')!;
    assert.ok(!/[()\s"<>`'\\]|&lt;/.test(url), url);
    assert.ok(url.endsWith('&x=1'), url);
    assert.deepStrictEqual(hrefsOf(markdown.renderInline(`[x](${url})`)), [url]);
  });

  it('escapes a DOI in its URL, so any DOI stays one link', () => {
    const url = doiUrl('10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0](command:x)"`')!;
    assert.ok(url.startsWith('https://doi.org/10.1002/%28SICI%291097-4571'), url);
    assert.deepStrictEqual(hrefsOf(markdown.renderInline(`[doi](${url})`)), [url]);
    assert.strictEqual(doiUrl('javascript:alert(1)'), undefined);
  });

  it('builds command URIs whose arguments survive both of VS Code\'s readings, whatever the key', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (key) => {
        const uri = commandUri('nhsLibrary.showPaper', [key]);
        assert.ok(!/[\s()[\]<>"'`\\]/.test(uri), uri);
        const query = uri.slice(uri.indexOf('?') + 1);
        assert.deepStrictEqual(commandArgs(uri), [key]);
        // An opener that decodes only once must read the same.
        assert.deepStrictEqual(JSON.parse(decodeURIComponent(query)), [key]);
      }),
      { numRuns: 2000 },
    );
  });

  it('a work with a hostile string in every field renders our tags and our links only', () => {
    const paper = fc.record({
      key: hostileString.filter((key) => key !== ''),
      title: hostileString,
      subtitle: fc.option(hostileString, { nil: undefined }),
      authors: fc.option(fc.array(fc.record({ given: hostileString, family: hostileString }), { minLength: 1, maxLength: 5 }), { nil: undefined }),
      year: fc.option(fc.integer({ min: 1900, max: 2100 }), { nil: undefined }),
      venue: fc.option(hostileString, { nil: undefined }),
      publisher: fc.option(hostileString, { nil: undefined }),
      volume: fc.option(hostileString, { nil: undefined }),
      issue: fc.option(hostileString, { nil: undefined }),
      pages: fc.option(hostileString, { nil: undefined }),
      doi: fc.option(fc.oneof(hostileString, hostileString.map((s) => `10.1000/${s}`)), { nil: undefined }),
      url: fc.option(fc.oneof(hostileString, hostileString.map((s) => `https://example.org/${s}`)), { nil: undefined }),
      abstract: fc.option(fc.record({ text: hostileString, kind: fc.constantFrom('abstract' as const, 'excerpt' as const) }), { nil: undefined }),
      summary: fc.option(hostileString, { nil: undefined }),
      themes: fc.array(hostileString, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(paper, fc.integer({ min: 0, max: 50 }), (fields, abstractLength) => {
        const work = { ...fields, origin: { kind: 'corpus' } } as Paper;
        const html = markdown.render(renderPaperHover(work, { abstractLength, themeLabel: (id) => `${id}<b>` }));
        const tags = new Set(tagsOf(html));
        for (const tag of tags) assert.ok(['p', 'strong', 'em', 'a'].includes(tag), `tag <${tag}> in ${html}`);
        const hrefs = hrefsOf(html);
        const commands = hrefs.filter((href) => href.startsWith('command:'));
        assert.deepStrictEqual(commands.map((href) => href.slice('command:'.length, href.indexOf('?'))), [...HOVER_COMMANDS]);
        for (const href of commands) assert.deepStrictEqual(commandArgs(href), [work.key]);
        // The one other link is the work's DOI, or failing that its http(s) URL.
        const expected = (work.doi && doiUrl(work.doi)) || (work.url && safeHttpUrl(work.url));
        // Renderers percent-encode some characters in a link (markdown-it writes [ as %5B): compare decoded.
        const others = hrefs.filter((href) => !href.startsWith('command:')).map(decodeURI);
        assert.deepStrictEqual(others, expected ? [decodeURI(expected)] : [], html);
        // The title reaches the reader as written (bar control characters and line breaks).
        if (plainText(work.title)) assert.ok(textOf(html).includes(plainText(work.title)), `${JSON.stringify(work.title)} in ${html}`);
      }),
      { numRuns: 500 },
    );
  });

  it('an unknown key and its suggestions render as text', () => {
    fc.assert(
      fc.property(hostileString, fc.array(fc.record({ key: hostileString, title: hostileString }), { maxLength: 3 }), (key, suggestions) => {
        const html = markdown.render(renderUnknownKeyHover(key, suggestions));
        for (const tag of tagsOf(html)) assert.ok(['p', 'strong', 'ul', 'li'].includes(tag), `tag <${tag}> in ${html}`);
        assert.ok(textOf(html).includes(plainText(key)));
      }),
      { numRuns: 500 },
    );
  });
});
