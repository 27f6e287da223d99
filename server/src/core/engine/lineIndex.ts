import type { Position, Range } from './types';

/** Converts between UTF-16 offsets and LSP positions for one immutable text. */
export class LineIndex {
  private readonly starts: number[];
  /** A line break that is a lone CR (old Mac, mixed files): tree-sitter's rows do not count it. */
  readonly hasLoneCr: boolean;
  constructor(readonly text: string) {
    const starts = [0];
    let loneCr = false;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) { starts.push(i + 1); loneCr = true; }
    }
    this.starts = starts;
    this.hasLoneCr = loneCr;
  }
  get lineCount(): number { return this.starts.length; }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    if (pos.line < 0) return 0;
    const start = this.starts[pos.line];
    return Math.min(start + Math.max(0, pos.character), this.lineEnd(pos.line));
  }
  range(startOffset: number, endOffset: number): Range {
    return { start: this.positionAt(startOffset), end: this.positionAt(endOffset) };
  }
  lineStart(line: number): number { return this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)]; }
  /** Offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length + 1;
    let end = next - 1;
    if (line + 1 >= this.starts.length) end = this.text.length;
    else {
      if (this.text.charCodeAt(end - 1) === 13 && this.text.charCodeAt(end) === 10) end--;
    }
    return end;
  }
  lineText(line: number): string { return this.text.slice(this.lineStart(line), this.lineEnd(line)); }
  /**
   * The indentation of the line holding `offset` (its leading spaces and tabs, up to `offset`): what
   * an inserted line beside that code starts with. Read from this index, which breaks lines where LSP
   * does (tree-sitter's columns count from the last LF: in a lone-CR file, the whole text before).
   */
  indentAt(offset: number): string {
    const start = this.lineStart(this.positionAt(offset).line);
    return /^[ \t]*/.exec(this.text.slice(start, Math.min(offset, start + 200)))![0];
  }
  /** The line-break style the file already uses, so inserted lines match it. */
  get eol(): string {
    // Read once: fixes ask per edit, and each answer scans the whole text (seconds for thousands of fixes in 1.5 MB).
    return this.eolMemo ??= this.text.includes('\r\n') ? '\r\n' : this.hasLoneCr && !this.text.includes('\n') ? '\r' : '\n';
  }
  private eolMemo: string | undefined;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
