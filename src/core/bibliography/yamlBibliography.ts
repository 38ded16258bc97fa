// Finds pandoc front matter and the `bibliography:` key inside YAML text, with the offsets an edit needs.
// Deliberately not a YAML parser: metadata blocks are small and we only need one key, its values and where they sit.

/** A pandoc YAML metadata block at the very start of a document. */
export interface FrontMatter {
  /** Offset of the first character after the opening `---` line. */
  contentStart: number;
  /** Offset of the first character of the closing `---` or `...` line. */
  contentEnd: number;
  /** The line break the block uses. */
  eol: '\n' | '\r\n';
}

export interface YamlItem {
  value: string;
  /** Offsets of the item as written, quotes included. */
  start: number;
  end: number;
}

export interface YamlBibliography {
  /** How the value is written: `bibliography: a.bib`, `bibliography: [a, b]`, or a `- a.bib` list below the key. */
  style: 'scalar' | 'flow' | 'block';
  items: YamlItem[];
  /** Offset of the key's first character, and the key line's indentation. */
  keyStart: number;
  /** Offset just after the key's colon. */
  afterColon: number;
  indent: string;
  /** Offset just after the value: the end of the scalar, the closing `]`, or the end of the last list item's line. */
  valueEnd: number;
  /** `style == 'block'`: the text before `-` on the last item's line. */
  itemIndent?: string;
  /** `style == 'flow'`: offset of the closing `]`. */
  closeBracket?: number;
}

const FENCE_OPEN = /^---[ \t]*(\r?\n)/;
const FENCE_CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;

/** The metadata block pandoc reads at the top of a document, if there is one. */
export function findFrontMatter(text: string): FrontMatter | undefined {
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  const open = FENCE_OPEN.exec(text.slice(bom, bom + 8));
  if (!open) return undefined;
  const contentStart = bom + open[0].length;
  // Pandoc does not take `---` followed by a blank line as the start of a metadata block (that is a thematic break).
  const firstLineEnd = text.indexOf('\n', contentStart);
  if (text.slice(contentStart, firstLineEnd < 0 ? text.length : firstLineEnd).trim() === '') return undefined;
  FENCE_CLOSE.lastIndex = contentStart;
  const close = FENCE_CLOSE.exec(text);
  if (!close) return undefined;
  return { contentStart, contentEnd: close.index, eol: open[1] === '\r\n' ? '\r\n' : '\n' };
}

interface Line {
  start: number;
  /** End of the line's content, before its line break. */
  end: number;
  text: string;
}

function linesOf(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  while (start < to) {
    let end = text.indexOf('\n', start);
    if (end < 0 || end > to) end = to;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ start, end: contentEnd, text: text.slice(start, contentEnd) });
    start = end + 1;
  }
  return lines;
}

const KEY_LINE = /^([ \t]*)(?:bibliography|"bibliography"|'bibliography')[ \t]*:(?=[ \t]|$)/;
/**
 * Any `key:` line, up to the colon. Only quoted keys take the spaces before their colon separately: a plain key's
 * [^:#]* holds them already, and a second [ \t]* beside it would retry a long run of spaces from each one (quadratic).
 */
const ANY_KEY_LINE = /^[ \t]*(?:-[ \t]+)?(?:[^\s#'"\-[{][^:#]*|"[^"]*"[ \t]*|'[^']*'[ \t]*):(?=[ \t]|$)/;
const BLOCK_SCALAR = /^[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/**
 * Every `bibliography:` key in YAML text between `from` and `to` (a metadata block, or a whole `_quarto.yml`), at any
 * depth, so format-specific settings count too. Lines inside block scalars (`abstract: |`) are skipped.
 */
export function findYamlBibliographies(text: string, from = 0, to = text.length): YamlBibliography[] {
  const lines = linesOf(text, from, to);
  const found: YamlBibliography[] = [];
  let skipDeeperThan = -1;
  let flowUnclosed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indentLength = line.text.length - line.text.trimStart().length;
    if (skipDeeperThan >= 0) {
      if (line.text.trim() === '' || indentLength > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    const key = KEY_LINE.exec(line.text);
    if (!key) {
      const other = ANY_KEY_LINE.exec(line.text);
      if (other && BLOCK_SCALAR.test(line.text.slice(other[0].length).trim())) skipDeeperThan = indentLength;
      continue;
    }
    const indent = key[1];
    const valueStart = line.start + key[0].length;
    const rest = stripComment(text.slice(valueStart, line.end));
    const trimmed = rest.trimStart();
    const at = valueStart + (rest.length - trimmed.length);
    if (trimmed.startsWith('[')) {
      // A list that never closes leaves the rest of the YAML malformed (a YAML reader rejects the block), so later
      // lists are not read either: reading each would scan to the end again, quadratic in a run of them.
      const flow = flowUnclosed ? undefined : readFlowList(text, at, to);
      if (flow) {
        found.push({ style: 'flow', items: flow.items, keyStart: line.start + indent.length, afterColon: valueStart, indent, valueEnd: flow.close + 1, closeBracket: flow.close });
        while (i + 1 < lines.length && lines[i + 1].start <= flow.close) i++;
      } else {
        flowUnclosed = true;
      }
      continue;
    }
    if (trimmed.trim() !== '') {
      const item = readScalar(text, at, at + trimmed.trimEnd().length);
      if (item && !BLOCK_SCALAR.test(trimmed.trim())) {
        found.push({ style: 'scalar', items: [item], keyStart: line.start + indent.length, afterColon: valueStart, indent, valueEnd: item.end });
      }
      continue;
    }
    // A block sequence: `- item` lines below the key, indented at least as far as the key (YAML allows equal).
    const items: YamlItem[] = [];
    let valueEnd = line.end;
    let itemIndent: string | undefined;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const next = lines[j];
      const body = next.text.trimStart();
      if (body === '' || body.startsWith('#')) continue;
      const nextIndent = next.text.length - body.length;
      const dash = /^-(?:[ \t]+|$)/.exec(body);
      if (!dash || nextIndent < indent.length) break;
      const itemStart = next.start + nextIndent + dash[0].length;
      const value = stripComment(text.slice(itemStart, next.end)).trimEnd();
      const item = readScalar(text, itemStart, itemStart + value.length);
      if (item) items.push(item);
      valueEnd = next.end;
      itemIndent = next.text.slice(0, nextIndent);
      i = j;
    }
    found.push({ style: 'block', items, keyStart: line.start + indent.length, afterColon: valueStart, indent, valueEnd, itemIndent });
  }
  return found;
}

/** Removes a trailing `# comment` that is outside quotes. */
function stripComment(value: string): string {
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      if (i === 0 || /[\s[,]/.test(value[i - 1])) quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(value[i - 1]))) {
      return value.slice(0, i);
    }
  }
  return value;
}

function readScalar(text: string, start: number, end: number): YamlItem | undefined {
  // A flow list may hold whole-line comments between its items.
  const written = text.slice(start, end).replace(/(^|\s)#[^\n]*/g, '$1');
  const raw = written.trim();
  if (!raw) return undefined;
  const begin = start + text.slice(start, end).indexOf(raw);
  if (begin < start) return undefined;
  return { value: unquote(raw), start: begin, end: begin + raw.length };
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) return raw.slice(1, -1).replace(/''/g, "'");
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    return raw.slice(1, -1).replace(/\\(["\\/])/g, '$1').replace(/\\t/g, '\t');
  }
  return raw;
}

/** Reads `[a, "b", 'c']`, possibly over several lines; undefined when the bracket never closes. */
function readFlowList(text: string, open: number, to: number): { items: YamlItem[]; close: number } | undefined {
  const items: YamlItem[] = [];
  let itemStart = open + 1;
  // Whether the item so far is only white space, where a quote may open it (kept as we go, not sliced and trimmed at
  // each quote, which is quadratic).
  let blank = true;
  let quote: string | undefined;
  for (let i = open + 1; i < to; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && blank) quote = c;
    else if (c === '#' && /\s/.test(text[i - 1])) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? to : eol;
    } else if (c === ',' || c === ']') {
      const item = readScalar(text, itemStart, i);
      if (item) items.push(item);
      if (c === ']') return { items, close: i };
      itemStart = i + 1;
      blank = true;
      continue;
    }
    if (blank && !/\s/.test(c)) blank = false;
  }
  return undefined;
}
