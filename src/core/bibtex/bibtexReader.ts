// Reads BibTeX and biblatex files: entries with their raw field values (macros expanded, `#` joined), @string,
// @preamble and @comment, with the line of each entry for diagnostics and go-to-definition.
//
// Written for large libraries: one pass with charCodeAt, and indexOf to jump through long values, which are taken
// as slices of the text; no regular expression runs over the text. It never throws: a broken entry becomes a
// diagnostic with its line and column, and reading resumes at the next `@` that starts a line, so every other
// entry still loads.
//
// Where it reads differently from BibTeX, on purpose:
// - A value whose braces never balance is cut at the next line that starts an entry (`@article{`), so it cannot
//   swallow the rest of the file; BibTeX would read on. Braces count as BibTeX counts them (`\{` counts too).
// - `@comment{...}` skips its whole block, entries inside included, as biber and JabRef do; one that never closes
//   skips only its word, as BibTeX does (biber would lose the rest of the file), and is reported.
// - A key's invisible edges (no-break space, U+0085, U+2028, a byte order mark) are trimmed and reported.
// - `%` starts a comment between fields, as biber allows.
// - A missing comma between two fields, or a missing closing brace, is reported and the entry still loads.
import { NextIndex } from '../nextIndex';
import { LineIndex, MAX_DIAGNOSTICS_PER_FILE, SourceDiagnostic } from './sourceDiagnostic';

export interface BibEntry {
  /** The entry type in lower case: `article`, `inproceedings`, ... */
  type: string;
  key: string;
  /**
   * Field names in lower case, in the order they appear, mapped to their raw LaTeX value: outer braces or quotes
   * removed, @string macros expanded, `#` parts joined, nothing decoded (see latexToUnicode for display text).
   */
  fields: Record<string, string>;
  /** 1-based line and column of the entry's `@`. */
  line: number;
  column: number;
  /** Offsets of the `@` and just past the closing delimiter. */
  start: number;
  end: number;
}

export interface BibFile {
  entries: BibEntry[];
  /** The @string macros the file defines (lower-case names), expanded. */
  strings: Record<string, string>;
  preambles: string[];
  diagnostics: SourceDiagnostic[];
}

/** BibTeX's predefined month macros, as the standard styles define them. */
export const MONTH_MACROS: Readonly<Record<string, string>> = {
  jan: 'January', feb: 'February', mar: 'March', apr: 'April', may: 'May', jun: 'June',
  jul: 'July', aug: 'August', sep: 'September', oct: 'October', nov: 'November', dec: 'December',
};

const AT = 64;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;
const QUOTE = 34;
const COMMA = 44;
const EQUALS = 61;
const HASH = 35;
const PERCENT = 37;
const NEWLINE = 10;
const BYTE_ORDER_MARK = 0xfeff;

/** Characters BibTeX allows in entry types, field names and macro names: printable, none of `"#%'(),={}` or `@`. */
const IDENTIFIER = new Uint8Array(128);
for (let c = 33; c < 127; c++) IDENTIFIER[c] = 1;
for (const ch of '"#%\'(),={}@') IDENTIFIER[ch.charCodeAt(0)] = 0;

/** Characters that end a citation key (besides the entry's closing delimiter). */
const KEY_END = new Uint8Array(128);
for (const ch of ' \t\n\r\f\v,={}"') KEY_END[ch.charCodeAt(0)] = 1;

/** A line inside a value that reads like the start of another field: `  year = {2002}`. */
const SWALLOWED_FIELD = /\n[ \t]*[A-Za-z][\w-]*[ \t]*=[ \t]*["{\d]/;

/**
 * VS Code shows at most MAX_DIAGNOSTICS_PER_FILE diagnostics of a file, so a file broken throughout (a megabyte of
 * unclosed quotes makes 52,000) has one fewer listed and the others counted, not built, in a last warning that VS
 * Code then shows too.
 */
export const MAX_LISTED_DIAGNOSTICS = MAX_DIAGNOSTICS_PER_FILE - 1;

/**
 * Reads a whole .bib file. Never throws; problems are in `diagnostics`. With `onEntry`, each entry (duplicates
 * excluded) is handed to it as soon as it is read, and kept in `entries` only when it returns true: a caller that
 * maps entries as they come lets them die young instead of holding them all until the end.
 */
export function readBibtex(text: string, onEntry?: (entry: BibEntry) => boolean): BibFile {
  return new BibtexReader(text, onEntry).read();
}

class BibtexReader {
  private pos = 0;
  private readonly length: number;
  private readonly lines: LineIndex;
  private readonly macros = new Map<string, string>(Object.entries(MONTH_MACROS));
  private readonly keys = new Map<string, number>();
  private readonly result: BibFile = { entries: [], strings: {}, preambles: [], diagnostics: [] };
  /** Where a value that never closed was cut short (the start of the next entry, or the end of the text). */
  private cutAt = 0;
  /** The next `{`, `}` and line-starting `@`, each at the text's length when there is none. */
  private readonly opens: NextIndex;
  private readonly closes: NextIndex;
  private readonly entryLines: NextIndex;
  /** The current entry's field names and where each starts, for reporting a value that swallowed the rest. */
  private readonly fieldNames: string[] = [];
  private readonly fieldOffsets: number[] = [];
  /** How many of fieldNames and fieldOffsets are the current entry's (the arrays are reused, not cut). */
  private fieldCount = 0;
  /** Lower-case identifiers by a hash of their characters (see lowerName). */
  private readonly names = new Map<number, string>();
  /** Where @comment blocks close; made at the first one. */
  private commentBraces: CommentBraces | undefined;
  /** A `(` at or after this has no `)` after it. */
  private noCloseParenFrom = Number.MAX_SAFE_INTEGER;
  /** Problems found beyond MAX_LISTED_DIAGNOSTICS: counted, not built. */
  private unlisted = 0;

  constructor(private readonly text: string, private readonly onEntry?: (entry: BibEntry) => boolean) {
    this.length = text.length;
    this.lines = new LineIndex(text);
    this.opens = new NextIndex(text, '{', text.length);
    this.closes = new NextIndex(text, '}', text.length);
    this.entryLines = new NextIndex(text, '\n@', text.length);
  }

  read(): BibFile {
    const text = this.text;
    for (;;) {
      // Text between entries is ignored, as BibTeX does: jump to the next `@`.
      const at = text.indexOf('@', this.pos);
      if (at === -1) break;
      this.readAt(at);
    }
    if (this.unlisted > 0) {
      const last = this.result.diagnostics[this.result.diagnostics.length - 1];
      this.result.diagnostics.push({
        severity: 'warning', message: `${this.unlisted} further problems in this file are not listed: fix those above, and they show.`,
        line: last.line, column: last.column, offset: last.offset, endOffset: last.endOffset,
      });
    }
    return this.result;
  }

  private readAt(at: number): void {
    const text = this.text;
    let p = this.skipSpace(at + 1);
    const typeStart = p;
    p = this.skipIdentifier(p);
    if (p === typeStart) {
      if (this.startsLine(at)) this.error(at, at + 1, 'Expected an entry type after "@", such as @article.');
      this.pos = at + 1;
      return;
    }
    const type = this.lowerName(typeStart, p);
    const typeEnd = p;
    p = this.skipSpace(p);
    const open = text.charCodeAt(p);
    if (open !== OPEN_BRACE && open !== OPEN_PAREN) {
      // `@comment` without a brace comments out nothing but itself; an `@` inside prose between entries is prose.
      if (type !== 'comment' && this.startsLine(at)) {
        this.error(at, typeEnd, `Expected "{" after "@${text.slice(typeStart, typeEnd)}", found ${describe(text, p)}.`);
      }
      this.pos = p;
      return;
    }
    const close = open === OPEN_BRACE ? CLOSE_BRACE : CLOSE_PAREN;
    switch (type) {
      case 'comment':
        this.skipComment(at, p, close);
        return;
      case 'string':
        this.readString(at, p + 1, close);
        return;
      case 'preamble':
        this.readPreamble(p + 1, close);
        return;
      default:
        this.readEntry(at, type, p + 1, close);
    }
  }

  private readEntry(at: number, type: string, from: number, close: number): void {
    const text = this.text;
    let p = this.skipSpace(from);
    if (this.startsEntry(p)) {
      // `@article{` and then the next entry: this one has nothing, not even a key.
      this.error(at, from, `Entry @${type} is empty: it has no citation key.`);
      this.pos = p;
      return;
    }
    const keyStart = p;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c === close || (c < 128 && KEY_END[c] === 1)) break;
      p++;
    }
    const key = isInvisibleEdge(text.charCodeAt(keyStart)) || isInvisibleEdge(text.charCodeAt(p - 1))
      ? this.trimmedKey(keyStart, p)
      : text.slice(keyStart, p);
    p = this.skipSpace(p);
    const after = text.charCodeAt(p);
    if (key === '' || after === EQUALS) {
      const where = key === '' ? p : keyStart;
      const detail = key === '' ? '' : ` ("${key} =" reads as a field)`;
      this.fail(where, where + Math.max(key.length, 1), `Entry @${type} has no citation key${detail}.`);
      return;
    }
    const fields: Record<string, string> = {};
    const entry: BibEntry = { type, key, fields, line: 0, column: 0, start: at, end: 0 };
    this.fieldCount = 0;
    if (after === close) {
      this.finishEntry(entry, p + 1);
      return;
    }
    if (after !== COMMA) {
      if (this.endsHere(p)) this.unclosedEntry(entry, p);
      else this.fail(p, p + 1, `Expected "," after the citation key "${key}".`, key);
      return;
    }
    p++;
    for (;;) {
      p = this.skipSpaceAndComments(p);
      if (p >= this.length || this.startsEntry(p)) {
        this.unclosedEntry(entry, p);
        return;
      }
      const c = text.charCodeAt(p);
      if (c === close) {
        this.finishEntry(entry, p + 1);
        return;
      }
      if (c === COMMA) {
        p++;
        continue;
      }
      const nameStart = p;
      p = this.skipIdentifier(p);
      if (p === nameStart) {
        this.fail(p, p + 1, `Unexpected ${describe(text, p)} in entry "${key}": expected a field name or the closing "${String.fromCharCode(close)}".`, key);
        return;
      }
      const name = this.lowerName(nameStart, p);
      p = this.skipSpaceAndComments(p);
      if (text.charCodeAt(p) !== EQUALS) {
        this.fail(p, p + 1, `Expected "=" after field "${name}" in entry "${key}", found ${describe(text, p)}.`, key);
        return;
      }
      this.fieldNames[this.fieldCount] = name;
      this.fieldOffsets[this.fieldCount++] = nameStart;
      const value = this.readValue(p + 1, name, key);
      if (value === undefined) return;
      if (Object.prototype.hasOwnProperty.call(fields, name)) {
        this.warning(nameStart, nameStart + name.length, `Field "${name}" appears twice in entry "${key}"; the first value is used.`, key);
      } else if (name === '__proto__') {
        Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
      } else {
        fields[name] = value;
      }
      p = this.skipSpaceAndComments(this.pos);
      const next = text.charCodeAt(p);
      if (next === COMMA) {
        p++;
      } else if (next !== close && !(p >= this.length || this.startsEntry(p))) {
        if (text.charCodeAt(this.skipSpaceAndComments(this.skipIdentifier(p))) === EQUALS && this.skipIdentifier(p) > p) {
          // A forgotten comma between two fields: say so, and read on as if it were there.
          this.error(p, p + 1, `Missing "," after field "${name}" in entry "${key}".`, key);
        } else {
          this.fail(p, p + 1, `Unexpected ${describe(text, p)} after field "${name}" in entry "${key}": expected "," or the closing "${String.fromCharCode(close)}".`, key);
          return;
        }
      }
    }
  }

  /**
   * A key pasted with an invisible space or byte order mark at its edge: read without it, as one would cite it, and
   * reported, since BibTeX keeps it and then finds no entry for the key as cited.
   */
  private trimmedKey(start: number, end: number): string {
    const text = this.text;
    let from = start;
    let to = end;
    while (from < to && isInvisibleEdge(text.charCodeAt(from))) from++;
    while (to > from && isInvisibleEdge(text.charCodeAt(to - 1))) to--;
    const key = text.slice(from, to);
    if (key !== '') {
      const at = from > start ? start : to;
      const char = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
      this.warning(at, at + 1, `Citation key "${key}" ${from > start ? 'begins' : 'ends'} with an invisible character (U+${char}): it is read as "${key}", but BibTeX keeps the character in the key and would not find it when cited; delete the character.`, key);
    }
    return key;
  }

  private finishEntry(entry: BibEntry, end: number): void {
    entry.end = end;
    const { line, column } = this.lines.position(entry.start);
    entry.line = line;
    entry.column = column;
    const first = this.keys.get(entry.key);
    if (first !== undefined) {
      this.warning(entry.start, entry.start + 1, `Duplicate key "${entry.key}": already defined at line ${first}; this entry is ignored.`, entry.key);
    } else {
      this.keys.set(entry.key, line);
      if (this.onEntry === undefined || this.onEntry(entry)) this.result.entries.push(entry);
    }
    this.pos = end;
  }

  /**
   * An entry that runs into the next one. When a value spans lines that read like fields (`year = {2002}`), that
   * value's brace is what never closed (it swallowed the rest of the entry): the entry is dropped and that field
   * reported. Otherwise only the entry's own closing brace is missing: it is kept, and reported.
   */
  private unclosedEntry(entry: BibEntry, at: number): void {
    const where = at >= this.length ? 'the end of the file' : 'the next entry';
    for (let i = 0; i < this.fieldCount; i++) {
      const name = this.fieldNames[i];
      if (!SWALLOWED_FIELD.test(entry.fields[name] ?? '')) continue;
      const offset = this.fieldOffsets[i];
      this.error(offset, offset + name.length, `The value of field "${name}" in entry "${entry.key}" does not close: its braces or quotes do not balance, so it runs on over the next fields to ${where}.`, entry.key);
      this.pos = at;
      return;
    }
    this.error(entry.start, entry.start + 1 + entry.type.length, `Entry "${entry.key}" is not closed: "}" is missing before ${where}.`, entry.key);
    let end = at;
    while (end > entry.start && isSpace(this.text.charCodeAt(end - 1))) end--;
    this.finishEntry(entry, end);
    this.pos = at;
  }

  private readString(at: number, from: number, close: number): void {
    const text = this.text;
    let p = this.skipSpaceAndComments(from);
    for (;;) {
      if (p >= this.length || this.startsEntry(p)) {
        this.error(at, at + 7, '@string is not closed: "}" is missing.');
        this.pos = p;
        return;
      }
      const c = text.charCodeAt(p);
      if (c === close) {
        this.pos = p + 1;
        return;
      }
      if (c === COMMA) {
        p = this.skipSpaceAndComments(p + 1);
        continue;
      }
      const nameStart = p;
      p = this.skipIdentifier(p);
      if (p === nameStart) {
        this.fail(p, p + 1, `Unexpected ${describe(text, p)} in @string: expected a macro name.`);
        return;
      }
      const name = this.lowerName(nameStart, p);
      p = this.skipSpaceAndComments(p);
      if (text.charCodeAt(p) !== EQUALS) {
        this.fail(p, p + 1, `Expected "=" after "${name}" in @string.`);
        return;
      }
      const value = this.readValue(p + 1, name, undefined);
      if (value === undefined) return;
      this.macros.set(name, value);
      this.result.strings[name] = value;
      p = this.skipSpaceAndComments(this.pos);
    }
  }

  private readPreamble(from: number, close: number): void {
    const value = this.readValue(from, 'preamble', undefined);
    if (value === undefined) return;
    const p = this.skipSpaceAndComments(this.pos);
    if (this.text.charCodeAt(p) !== close) {
      this.fail(p, p + 1, `Expected the closing "${String.fromCharCode(close)}" of @preamble, found ${describe(this.text, p)}.`);
      return;
    }
    this.result.preambles.push(value);
    this.pos = p + 1;
  }

  /**
   * A @comment{...} block is skipped whole, entries inside included, as biber and JabRef do (JabRef keeps its
   * settings in one). One that never closes comments out only the word, as BibTeX reads every @comment (biber would
   * lose the rest of the file), and is reported.
   */
  private skipComment(at: number, open: number, close: number): void {
    let end: number;
    if (close === CLOSE_PAREN) {
      // No `)` after one point means none after any later one: search once.
      if (open >= this.noCloseParenFrom) end = -1;
      else {
        end = this.text.indexOf(')', open);
        if (end < 0) this.noCloseParenFrom = open;
      }
    } else {
      this.commentBraces ??= new CommentBraces(this.text);
      end = this.commentBraces.closing(open);
    }
    if (end >= 0) {
      this.pos = end + 1;
      return;
    }
    if (this.startsLine(at)) {
      this.warning(at, open + 1, `@comment is not closed: "${String.fromCharCode(close)}" is missing, so only the word "@comment" is skipped and what follows is read, as BibTeX reads it.`);
    }
    this.pos = open + 1;
  }

  /**
   * Reads `part # part # ...` from `from`; leaves this.pos after it. Returns undefined, having reported the
   * problem and moved this.pos to where reading resumes, when the value is broken.
   */
  private readValue(from: number, field: string, key: string | undefined): string | undefined {
    const text = this.text;
    let p = this.skipSpaceAndComments(from);
    let value: string | undefined;
    for (;;) {
      const c = text.charCodeAt(p);
      let part: string;
      if (c === OPEN_BRACE || c === QUOTE) {
        const end = c === OPEN_BRACE ? this.braceEnd(p) : this.quoteEnd(p);
        if (end < 0) {
          const what = c === OPEN_BRACE ? '"{"' : 'quote';
          const where = this.cutAt >= this.length ? 'the end of the file' : 'the next entry';
          this.error(p, p + 1, `Unclosed ${what} in field "${field}"${key === undefined ? '' : ` of entry "${key}"`}: it runs to ${where}.`, key);
          this.pos = this.cutAt;
          return undefined;
        }
        part = text.slice(p + 1, end);
        p = end + 1;
      } else if (c >= 48 && c <= 57) {
        const start = p;
        while (p < this.length && isDigit(text.charCodeAt(p))) p++;
        part = text.slice(start, p);
      } else if (c < 128 && IDENTIFIER[c] === 1) {
        const start = p;
        p = this.skipIdentifier(p);
        const name = this.lowerName(start, p);
        const expansion = this.macros.get(name);
        if (expansion === undefined) {
          this.warning(start, p, `Undefined @string macro "${name}" in field "${field}"${key === undefined ? '' : ` of entry "${key}"`}; it reads as empty.`, key);
          part = '';
        } else {
          part = expansion;
        }
      } else {
        this.fail(p, p + 1, `Expected a value for field "${field}"${key === undefined ? '' : ` of entry "${key}"`}, found ${describe(text, p)}.`, key);
        return undefined;
      }
      value = value === undefined ? part : value + part;
      const next = this.skipSpaceAndComments(p);
      if (text.charCodeAt(next) !== HASH) {
        this.pos = p;
        return value;
      }
      p = this.skipSpaceAndComments(next + 1);
    }
  }

  /**
   * The index of the `}` closing the `{` at open, counting braces as BibTeX does (a backslash escapes nothing).
   * -1 when it does not close; this.cutAt is then where the value was cut: the end of the text, or a line that
   * starts a new entry (`@type{`), since an unclosed brace must not swallow the rest of the file.
   *
   * It jumps between braces with indexOf (native, several times faster than a loop over every character), keeping
   * the next `{`, `}` and line-starting `@` found so each stretch of text is searched once.
   */
  private braceEnd(open: number): number {
    const length = this.length;
    let depth = 1;
    let i = open + 1;
    let close = -1;
    while (close === -1) {
      const nextClose = this.closes.from(i);
      if (nextClose >= length) return this.cut(open);
      const nextOpen = this.opens.from(i);
      if (nextOpen < nextClose) {
        depth++;
        i = nextOpen + 1;
      } else {
        i = nextClose + 1;
        if (--depth === 0) close = nextClose;
      }
    }
    for (let line = this.entryLines.from(open); line < close; line = this.entryLines.from(line + 1)) {
      if (this.startsEntry(line + 1)) {
        this.cutAt = line + 1;
        return -1;
      }
    }
    return close;
  }

  /** Where an unclosed value ends: the first line after open that starts an entry, or the end of the text. */
  private cut(open: number): number {
    for (let line = this.entryLines.from(open); line < this.length; line = this.entryLines.from(line + 1)) {
      if (this.startsEntry(line + 1)) {
        this.cutAt = line + 1;
        return -1;
      }
    }
    this.cutAt = this.length;
    return -1;
  }

  /** Like braceEnd, for a "quoted" value: the first `"` outside braces closes it. */
  private quoteEnd(open: number): number {
    const text = this.text;
    const length = this.length;
    let depth = 0;
    for (let i = open + 1; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        if (depth === 0) return i;
      } else if (c === OPEN_BRACE) {
        depth++;
      } else if (c === CLOSE_BRACE) {
        if (depth > 0) depth--;
      } else if (c === NEWLINE && text.charCodeAt(i + 1) === AT && this.startsEntry(i + 1)) {
        this.cutAt = i + 1;
        return -1;
      }
    }
    this.cutAt = length;
    return -1;
  }

  /** True when an `@type{` or `@type(` starts at p. */
  private startsEntry(p: number): boolean {
    const text = this.text;
    if (text.charCodeAt(p) !== AT) return false;
    const typeStart = this.skipSpace(p + 1);
    const typeEnd = this.skipIdentifier(typeStart);
    if (typeEnd === typeStart) return false;
    const open = text.charCodeAt(this.skipSpace(typeEnd));
    return open === OPEN_BRACE || open === OPEN_PAREN;
  }

  /** True when only spaces or tabs come before p on its line (or a byte order mark, on the first line). */
  private startsLine(p: number): boolean {
    for (let i = p - 1; i >= 0; i--) {
      const c = this.text.charCodeAt(i);
      if (c === NEWLINE || (c === BYTE_ORDER_MARK && i === 0)) return true;
      if (c !== 32 && c !== 9 && c !== 13) return false;
    }
    return true;
  }

  /** True when p is where the next entry begins, so the current one ended without closing. */
  private endsHere(p: number): boolean {
    return p >= this.length || this.startsEntry(p);
  }

  /**
   * The identifier from start to end in lower case. A file repeats a few dozen names (types, fields, macros) tens
   * of thousands of times: each is made once and then found by a hash of its characters, so reading a field makes
   * no string for its name, and the fields are set with the same (internalised) name strings, which V8 looks up
   * fastest.
   */
  private lowerName(start: number, end: number): string {
    const text = this.text;
    let hash = end - start;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      // Only ASCII is lowered here; names with other characters are made each time (toLowerCase may lengthen them).
      if (c >= 128) return text.slice(start, end).toLowerCase();
      hash = Math.imul(hash, 31) + (c >= 65 && c <= 90 ? c + 32 : c) | 0;
    }
    hash &= 0x3fffffff;
    const known = this.names.get(hash);
    if (known !== undefined && known.length === end - start) {
      let i = 0;
      while (i < known.length) {
        const c = text.charCodeAt(start + i);
        if ((c >= 65 && c <= 90 ? c + 32 : c) !== known.charCodeAt(i)) break;
        i++;
      }
      if (i === known.length) return known;
    }
    const name = text.slice(start, end).toLowerCase();
    // The first name of a hash keeps it: a collision only costs the other name its shortcut.
    if (known === undefined) this.names.set(hash, name);
    return name;
  }

  private skipIdentifier(p: number): number {
    const text = this.text;
    while (p < this.length) {
      const c = text.charCodeAt(p);
      if (c < 128 ? IDENTIFIER[c] !== 1 : isUnicodeSpace(c)) break;
      p++;
    }
    return p;
  }

  private skipSpace(p: number): number {
    while (p < this.length && isSpace(this.text.charCodeAt(p))) p++;
    return p;
  }

  /** Skips whitespace and `%` line comments (biber accepts them inside entries; BibTeX users write them). */
  private skipSpaceAndComments(p: number): number {
    const text = this.text;
    for (;;) {
      p = this.skipSpace(p);
      if (text.charCodeAt(p) !== PERCENT) return p;
      const newline = text.indexOf('\n', p);
      if (newline === -1) return this.length;
      p = newline + 1;
    }
  }

  /** Reports a broken entry and moves to the next line that starts with `@`. */
  private fail(offset: number, endOffset: number, message: string, key?: string): void {
    this.error(offset, endOffset, message, key);
    // Progress is certain: every failure is found past the `@` of the entry it breaks.
    this.pos = this.nextLineStartingWithAt(offset);
  }

  private nextLineStartingWithAt(from: number): number {
    const text = this.text;
    if (text.charCodeAt(from) === AT && this.startsLine(from)) return from;
    let at = from;
    for (;;) {
      const newline = text.indexOf('\n', at);
      if (newline === -1) return this.length;
      let p = newline + 1;
      while (p < this.length && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p++;
      if (text.charCodeAt(p) === AT) return p;
      at = p;
    }
  }

  private error(offset: number, endOffset: number, message: string, key?: string): void {
    this.report('error', offset, endOffset, message, key);
  }

  private warning(offset: number, endOffset: number, message: string, key?: string): void {
    this.report('warning', offset, endOffset, message, key);
  }

  private report(severity: 'error' | 'warning', offset: number, endOffset: number, message: string, key?: string): void {
    if (this.result.diagnostics.length >= MAX_LISTED_DIAGNOSTICS) {
      this.unlisted++;
      return;
    }
    const start = Math.min(offset, this.length);
    const { line, column } = this.lines.position(start);
    const end = Math.max(start, Math.min(endOffset, this.length));
    // Made whole, not given its key afterwards: an added property costs each of a broken file's diagnostics another
    // object to allocate and collect.
    this.result.diagnostics.push(key === undefined
      ? { severity, message, line, column, offset: start, endOffset: end }
      : { severity, message, line, column, offset: start, endOffset: end, key });
  }
}

/**
 * Finds the `}` closing each `{` that opens a @comment, asked in increasing order, in linear time in all: an
 * unclosed block is searched to the end of the text once, and what that search learnt answers every later block.
 */
export class CommentBraces {
  /** The `{` of the first block that did not close (-1 while every block has closed). */
  private origin = -1;
  /**
   * depth counts braces from origin (1 just after it); lastAt[d] is the last offset where depth is d. The depth
   * never returns to 0 (the block never closed) and ends at finalDepth.
   */
  private lastAt: number[] = [];
  private finalDepth = 0;
  /** The depth just after offset `cursor`, kept so each stretch of text is counted once. */
  private cursor = -1;
  private cursorDepth = 0;

  constructor(private readonly text: string) {}

  /** The `}` that closes the `{` at open, or -1 when it never closes. */
  closing(open: number): number {
    const text = this.text;
    if (this.origin < 0) {
      let depth = 0;
      const lastAt: number[] = [];
      for (let i = open; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === OPEN_BRACE) lastAt[++depth] = i;
        else if (c === CLOSE_BRACE) {
          if (--depth === 0) return i;
          lastAt[depth] = i;
        }
      }
      this.origin = open;
      this.lastAt = lastAt;
      this.finalDepth = depth;
      this.cursor = open;
      this.cursorDepth = 1;
    }
    // Blocks come in file order, so open lies after origin: count to it from where the last count stopped.
    let depth = this.cursorDepth;
    for (let i = this.cursor + 1; i <= open; i++) {
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACE) depth--;
    }
    // It closes where the depth first falls back to what it was before open: only if it falls that low again.
    const target = depth - 1;
    let closes: boolean;
    if (target >= this.finalDepth) closes = true;
    else closes = this.lastAt[target] > open;
    if (!closes) {
      this.cursor = open;
      this.cursorDepth = depth;
      return -1;
    }
    for (let i = open + 1; ; i++) {
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACE) depth++;
      else if (c === CLOSE_BRACE && --depth === target) {
        // The reader resumes after the block: later blocks lie beyond it.
        this.cursor = i;
        this.cursorDepth = depth;
        return i;
      }
    }
  }
}

/** Names what sits at p, for messages: `"x"`, `a line break`, `the end of the file`. */
function describe(text: string, p: number): string {
  if (p >= text.length) return 'the end of the file';
  const c = text.charCodeAt(p);
  if (c === NEWLINE || c === 13) return 'a line break';
  return JSON.stringify(String.fromCodePoint(text.codePointAt(p) ?? c));
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * White space beyond ASCII that no one sees, and the byte order mark: String.prototype.trim's set (which omits
 * U+0085 NEXT LINE), U+0085, and the zero-width space and word joiner.
 */
function isInvisibleEdge(c: number): boolean {
  if (c < 0x85) return false;
  return isUnicodeSpace(c) || c === 0x85 || c === 0x1680 || c === 0x200b || c === 0x202f || c === 0x205f || c === 0x2060 || c === 0x3000;
}

function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || (c >= 0x2000 && c <= 0x200a);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * A reader, with its line and brace indexes, and a @comment brace finder, kept for the life of the process. V8's
 * optimised code for the reader names the hidden classes of these objects and holds them weakly: when a collection
 * frees every object of such a class, as it does between two reads of a file, the code is thrown away and the next
 * read runs unoptimised while the compiler works again (a fifth of the processor time of parsing a 10k-entry library
 * again). These keep the classes, and so the code, alive.
 */
export const KEPT_FOR_THEIR_CLASSES: readonly object[] = [new BibtexReader(''), new CommentBraces('')];
