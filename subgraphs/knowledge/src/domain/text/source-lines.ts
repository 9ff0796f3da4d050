/**
 * Offsets between a body as written and what markdown-it parses. markdown-it reads `\r\n` and `\r`
 * as `\n` and hands inline rules the text of a paragraph or cell with the block markup (`> `,
 * list indentation) taken off each line; edits must land on the original bytes.
 */
export class SourceLines {
  /** The body with line endings as markdown-it sees them. */
  readonly normalized: string;
  /** Offset in `normalized` where each line starts. */
  private readonly starts: number[] = [0];
  /** Offsets in `normalized` of the `\n`s that stand for a two-character `\r\n`. */
  private readonly crlf: number[] = [];
  /** Per source line, how far inline text has been placed on it (cells of a row, left to right). */
  private readonly cursors = new Map<number, number>();

  constructor(readonly original: string) {
    let normalized = '';
    let from = 0;
    for (let i = 0; i < original.length; i += 1) {
      if (original.charCodeAt(i) !== 13) continue;
      normalized += original.slice(from, i);
      if (original.charCodeAt(i + 1) === 10) {
        this.crlf.push(normalized.length);
        i += 1;
      }
      normalized += '\n';
      from = i + 1;
    }
    this.normalized = from === 0 ? original : normalized + original.slice(from);
    for (let i = this.normalized.indexOf('\n'); i >= 0; i = this.normalized.indexOf('\n', i + 1)) {
      this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[line] ?? this.normalized.length;
  }

  /** Where `line` ends, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    return next === undefined ? this.normalized.length : next - 1;
  }

  /** A `normalized` offset → the same place in `original` (binary search over the `\r\n`s). */
  toOriginal(offset: number): number {
    let low = 0;
    let high = this.crlf.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.crlf[mid]! < offset) low = mid + 1;
      else high = mid;
    }
    return offset + low;
  }

  /**
   * Places the inline text of a block that starts on `firstLine` in the source: a function from an
   * offset in `content` to one in `normalized`, or -1 where it cannot tell. Each line of `content`
   * is the end of its source line (block markup cut from the front, the last line trimmed), or, for
   * headings and table cells, the next occurrence on that line.
   */
  inlineLocator(content: string, firstLine: number): (offset: number) => number {
    const parts: { from: number; base: number }[] = [];
    let from = 0;
    for (let k = 0; from <= content.length; k += 1) {
      const newline = content.indexOf('\n', from);
      const to = newline < 0 ? content.length : newline;
      parts.push({ from, base: this.place(content.slice(from, to), firstLine + k, newline < 0) - from });
      if (newline < 0) break;
      from = newline + 1;
    }
    return (offset) => {
      let low = 0;
      let high = parts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (parts[mid]!.from <= offset) low = mid;
        else high = mid - 1;
      }
      const part = parts[low]!;
      return Number.isNaN(part.base) ? -1 : part.base + offset;
    };
  }

  /** Where `text` (one line of inline content) starts in the source, or NaN. */
  private place(text: string, line: number, last: boolean): number {
    if (line >= this.lineCount) return Number.NaN;
    const start = this.lineStart(line);
    const whole = this.normalized.slice(start, this.lineEnd(line));
    const end = last ? whole.trimEnd().length : whole.length;
    // Inline text may begin with blanks a tab stood for: match it without them.
    const core = text.trimStart();
    const lead = text.length - core.length;
    if (whole.slice(end - core.length, end) === core) return start + end - core.length - lead;
    const found = whole.indexOf(core, this.cursors.get(line) ?? 0);
    if (found < 0) return Number.NaN;
    this.cursors.set(line, found + core.length);
    return start + found - lead;
  }
}
