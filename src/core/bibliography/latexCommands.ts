// Finds LaTeX commands with their arguments: the name, blanks, an optional `[options]`, blanks, then `{argument}`.
// The arguments are read by hand, because the regular expression for them is quadratic: `[^\]]*\]` and `[^}]*\}`
// scan to the end of the text from each of a run of unclosed commands, and `[ \t]*` on both sides of an optional
// group retries a long run of spaces from each one. Here each blank is read once, and the next `]` and `}` are each
// looked up once for all the commands before them.
import { NextIndex } from '../nextIndex';

export interface LatexCommand extends CommandArguments {
  /** The command's name as matched, without its backslash. */
  name: string;
  /** Offset of the backslash. */
  start: number;
}

/**
 * Each command whose arguments are complete, in order. `names` matches a backslash and a name (`/\\(?:a|b)/`); the
 * search resumes after each command's closing brace, as a global regular expression's matches do.
 */
export function* latexCommands(text: string, names: RegExp, syntax: ArgumentSyntax = {}): Generator<LatexCommand> {
  const pattern = new RegExp(names.source, 'g');
  const reader = new LatexArguments(text);
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const read = reader.read(pattern.lastIndex, syntax);
    if (read === undefined) continue;
    pattern.lastIndex = read.end;
    yield { name: match[0].slice(1), start: match.index, ...read };
  }
}

export interface CommandArguments {
  /** The optional argument with its brackets, or '' when there is none. */
  options: string;
  argument: string;
  /** Offset of the argument's first character, just after its `{`. */
  argumentStart: number;
  /** Offset just after the closing `}`. */
  end: number;
}

export interface ArgumentSyntax {
  /** Whether `[options]` may come before the argument (default true). */
  options?: boolean;
  /** Whether one line break may stand among the blanks before the options or the argument (default false). */
  lineBreak?: boolean;
}

class LatexArguments {
  /** The closing `]` and `}` after a position: asked in increasing order, the text is searched once for each. */
  private readonly closingBrackets: NextIndex;
  private readonly closingBraces: NextIndex;

  constructor(private readonly text: string) {
    this.closingBrackets = new NextIndex(text, ']');
    this.closingBraces = new NextIndex(text, '}');
  }

  /**
   * The arguments that start at `at` (just after a command's name), or undefined when they are not all there: an
   * option list without its `]`, no `{`, or no `}`. An argument holds no `}` and an option list no `]`, as BibTeX and
   * biblatex file lists and package lists never do.
   */
  read(at: number, syntax: ArgumentSyntax = {}): CommandArguments | undefined {
    const text = this.text;
    let i = this.skipBlanks(at);
    if (syntax.lineBreak) {
      if (text[i] === '\n') i = this.skipBlanks(i + 1);
      else if (text[i] === '\r' && text[i + 1] === '\n') i = this.skipBlanks(i + 2);
    }
    let options = '';
    if (syntax.options !== false && text[i] === '[') {
      const close = this.closingBrackets.from(i + 1);
      if (close === -1) return undefined;
      options = text.slice(i, close + 1);
      i = this.skipBlanks(close + 1);
    }
    if (text[i] !== '{') return undefined;
    const close = this.closingBraces.from(i + 1);
    if (close === -1) return undefined;
    return { options, argument: text.slice(i + 1, close), argumentStart: i + 1, end: close + 1 };
  }

  private skipBlanks(at: number): number {
    while (this.text[at] === ' ' || this.text[at] === '\t') at++;
    return at;
  }
}
