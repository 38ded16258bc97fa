// A problem found while reading a bibliography file, placed where an editor can show it.

/** The most diagnostics VS Code shows for one file: its extension host drops the rest. */
export const MAX_DIAGNOSTICS_PER_FILE = 1000;

export interface SourceDiagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** 1-based line and column of where the problem is. */
  line: number;
  column: number;
  /** 0-based character offsets into the text: the span to underline. */
  offset: number;
  endOffset: number;
  /** The citation key of the entry at fault, when it is known. */
  key?: string;
}

/**
 * Turns offsets into 1-based line and column numbers. Offsets asked for in increasing order cost linear time in
 * total (a reader asks in file order); a step back costs the distance stepped.
 */
export class LineIndex {
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  /** The first newline at or after `offset` (text length when none): kept so a long line is scanned once. */
  private nextNewline = -1;

  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    this.advance(offset);
    return this.line;
  }

  position(offset: number): { line: number; column: number } {
    this.advance(offset);
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private advance(target: number): void {
    if (target < this.offset) {
      // A step back (a problem reported at an entry's start after one inside it): count back, never from the top.
      const text = this.text;
      let at = text.lastIndexOf('\n', this.offset - 1);
      while (at >= target && at !== -1) {
        this.line--;
        at = at === 0 ? -1 : text.lastIndexOf('\n', at - 1);
      }
      this.lineStart = at + 1;
      this.offset = target;
      this.nextNewline = -1;
      return;
    }
    let at = this.nextNewline;
    if (at < this.offset) at = this.find(this.offset);
    while (at < target) {
      this.line++;
      this.lineStart = at + 1;
      at = this.find(at + 1);
    }
    this.nextNewline = at;
    this.offset = target;
  }

  private find(from: number): number {
    const at = this.text.indexOf('\n', from);
    return at === -1 ? this.text.length : at;
  }
}
