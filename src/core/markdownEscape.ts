// Turns untrusted strings (titles, names, abstracts, keys, links from a user's .bib file) into Markdown that renders
// as exactly that text, and builds the only links a hover may hold: http(s) pages, DOIs, and our own commands.

/** C0 and C1 control characters other than whitespace, and the bidirectional overrides ("Trojan Source"). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Any run of whitespace, line and paragraph separators included: hover fields are single paragraphs. */
const WHITESPACE = /[\s\u0085]+/g;
/** Every ASCII punctuation character: CommonMark lets each be backslash-escaped, and only these carry syntax. */
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * What cleaning would change: an invisible character, whitespace other than a space (\u0085 included), two spaces
 * in a row, or a space at either end. Most text has none, and is then given back as it is: the Papers view asks for
 * the title of each of 100,000 works when it sorts them, and replacing every single space with a space took 140 ms.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_CLEANING = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[^\S ]| {2}|^ | $/;

/** The text as one clean line: control characters removed, whitespace collapsed, ends trimmed. */
export function plainText(value: string): string {
  return NEEDS_CLEANING.test(value) ? value.replace(INVISIBLE, '').replace(WHITESPACE, ' ').trim() : value;
}

/**
 * Markdown that renders as `plainText(value)`: no emphasis, link, autolink, HTML, entity, code span, heading, list,
 * table or theme icon can survive, whatever the input holds.
 */
export function escapeMarkdown(value: string): string {
  return plainText(value).replace(PUNCTUATION, '\\$&');
}

/** Percent-encodes what encodeURIComponent leaves but a Markdown link destination or a command URI would misread. */
function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The URL in a form safe inside a Markdown link's parentheses, or undefined unless it is an absolute http(s) URL.
 * `javascript:`, `command:`, `file:` and the like are never linked.
 */
export function safeHttpUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(plainText(raw));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  // URL.href already percent-encodes spaces, quotes and angle brackets. Parentheses, apostrophes and backslashes
  // would end the link or start an escape, and a Markdown renderer decodes an entity like `&lt;` in a link.
  return url.href
    .replace(/[()'`\\]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/&(?=#?[a-z0-9]+;)/gi, '%26')
    // A stray % (not the start of an escape) makes the URL invalid, and renderers disagree on how to mend it.
    .replace(/%(?![0-9a-f]{2})/gi, '%25');
}

/** A DOI without any resolver prefix, or undefined when the value does not look like a DOI (10.<registrant>/<suffix>). */
export function normaliseDoi(raw: string): string | undefined {
  const doi = plainText(raw).replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(doi) ? doi : undefined;
}

/** The doi.org link of a DOI, each character of the suffix that is not unreserved percent-encoded, slashes kept. */
export function doiUrl(raw: string): string | undefined {
  const doi = normaliseDoi(raw);
  return doi === undefined ? undefined : `https://doi.org/${doi.split('/').map(encodeComponent).join('/')}`;
}

/**
 * A `command:` URI with JSON arguments. VS Code percent-decodes the query once when it parses the URI and then tries
 * decodeURIComponent again, so a `%` inside an argument is written as the JSON escape `\u0025`, which both readings
 * leave intact.
 */
export function commandUri(command: string, args: readonly unknown[]): string {
  const json = JSON.stringify(args).replace(/%/g, '\\u0025');
  return `command:${command}?${encodeComponent(json)}`;
}
