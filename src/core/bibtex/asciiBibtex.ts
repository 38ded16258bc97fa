// Rewrites a BibTeX entry from writeBibtexEntry in pure ASCII, for a file that is not UTF-8: ASCII bytes mean the
// same in Windows-1252, Latin-1 and every other ASCII-compatible encoding, so such an entry can be appended to a
// file without knowing which one it was saved in. Accented Latin letters become LaTeX accents ({\'{e}}), letters
// and symbols become their LaTeX commands ({\ss}, {\textquoteright}, {$\leq$}), the no-break space a tie (~), and
// a URL or DOI is percent-encoded (it is read verbatim). Invisible format characters are dropped. What has no
// ASCII spelling (Greek text is spelled in math; Cyrillic or CJK are not spelled at all) is reported, not guessed.
import { ACCENTS, SYMBOLS } from './latexSymbols';

export type AsciiBibtex = { ok: true; text: string } | { ok: false; characters: string[] };

/** Combining mark -> accent command. */
const ACCENT_COMMANDS = new Map(Object.entries(ACCENTS).map(([command, mark]) => [mark, command]));

/** Marks drawn above the letter: on i and j they go on the dotless forms, as LaTeX wants. */
const ABOVE = new Set(['\u0300', '\u0301', '\u0302', '\u0303', '\u0304', '\u0306', '\u0307', '\u0308', '\u030A', '\u030B', '\u030C', '\u030F']);

/** Commands that spell letters, usable in text as they are. */
const LETTERS = new Set(['i', 'j', 'ss', 'SS', 'o', 'O', 'aa', 'AA', 'ae', 'AE', 'oe', 'OE', 'l', 'L', 'dh', 'DH', 'th', 'TH', 'ng', 'NG', 'dj', 'DJ', 'ij', 'IJ']);

/** Text-mode commands besides the \text… ones. */
const TEXT_COMMANDS = new Set(['quotesinglbase', 'quotedblbase', 'guillemotleft', 'guillemotright', 'guilsinglleft', 'guilsinglright', 'ldots', 'pounds', 'copyright', 'dag', 'ddag', 'S', 'P']);

/** Each character's spelling, from the reader's own table so that reading it back gives the character again. */
const SPELLINGS: ReadonlyMap<string, string> = (() => {
  const spellings = new Map<string, string>([['\u00A0', '~'], ['\u202F', '{\\thinspace}']]);
  const rank = (command: string) => (LETTERS.has(command) || command.startsWith('text') ? 0 : TEXT_COMMANDS.has(command) ? 1 : 2);
  const best = new Map<string, string>();
  for (const [command, value] of Object.entries(SYMBOLS)) {
    // One non-ASCII character, spelled by a command whose name is letters (\, and the like are not in the table).
    if (value.length !== 1 || value.charCodeAt(0) < 0x80 || !/^[A-Za-z]+$/.test(command)) continue;
    const current = best.get(value);
    if (current === undefined || rank(command) < rank(current)) best.set(value, command);
  }
  for (const [value, command] of best) {
    if (!spellings.has(value)) spellings.set(value, rank(command) < 2 ? `{\\${command}}` : `{$\\${command}$}`);
  }
  return spellings;
})();

// eslint-disable-next-line no-control-regex -- what is looked for is anything outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/u;
// eslint-disable-next-line no-control-regex -- as above
const NON_ASCII_ALL = /[^\u0000-\u007f]/gu;

/** A field read verbatim (biblatex's url and doi): only percent-encoding keeps its meaning. */
const VERBATIM_FIELD = /^\s*(?:url|doi|eprint)\s*=/i;

/** The entry in ASCII, or the characters that have no ASCII spelling. */
export function asciiBibtex(entry: string): AsciiBibtex {
  if (!NON_ASCII.test(entry)) return { ok: true, text: entry };
  const missing = new Set<string>();
  const lines = entry.split('\n').map((line, index) => {
    // The first line holds the key, where a LaTeX spelling would be a different key.
    if (index === 0) return spellLine(line, () => undefined, missing);
    if (VERBATIM_FIELD.test(line)) return spellLine(line, (char) => encodeURIComponent(char), missing);
    return spellLine(line, spellCharacter, missing);
  });
  return missing.size ? { ok: false, characters: [...missing] } : { ok: true, text: lines.join('\n') };
}

function spellLine(line: string, spell: (char: string) => string | undefined, missing: Set<string>): string {
  // Composed first, so that an accent typed as a separate mark spells as one letter.
  return line.normalize('NFC').replace(NON_ASCII_ALL, (char) => {
    const spelled = spell(char);
    if (spelled === undefined) missing.add(char);
    return spelled ?? '';
  });
}

/** One character as LaTeX in ASCII; undefined when it has no such spelling. */
export function spellCharacter(char: string): string | undefined {
  const known = SPELLINGS.get(char);
  if (known !== undefined) return known;
  // Soft hyphens, zero-width joiners, direction marks: they print nothing.
  if (/^\p{Cf}$/u.test(char)) return '';
  if (/^\p{Zs}$/u.test(char)) return ' ';
  const [base, ...marks] = [...char.normalize('NFD')];
  if (!marks.length || !/^[A-Za-z]$/.test(base)) return undefined;
  const commands = marks.map((mark) => ACCENT_COMMANDS.get(mark));
  if (commands.some((command) => command === undefined)) return undefined;
  let spelled = (base === 'i' || base === 'j') && ABOVE.has(marks[0]) ? `\\${base}` : base;
  for (const command of commands) spelled = `\\${command}{${spelled}}`;
  // Braced with the command first: BibTeX's "special character", which its styles sort and case correctly.
  return `{${spelled}}`;
}
