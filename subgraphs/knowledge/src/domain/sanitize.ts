import { filterHtml, STRIP_BODY_TAGS, tagName } from './text/html-filter.js';
import { type ParseObserver, parseMarkdown, type Token, type WorkCounter } from './text/markdown-parser.js';
import { SourceLines } from './text/source-lines.js';
import { isSafeUrl } from './text/url-policy.js';

/**
 * Bodies are stored as Markdown, as written, except where a reader's renderer would run script.
 * The body is parsed as CommonMark and only what the parse says is live is rewritten, at the
 * offsets the parser reports:
 * - a link, image or link-definition destination outside the scheme allow-list becomes `#`;
 * - a `<scheme:…>` autolink outside it loses its `<` (it stays as text);
 * - raw HTML goes through the allow-list HTML filter, tag by tag; an inline script/style/… is
 *   removed up to its closing tag in the same block;
 * - a `<` CommonMark reads as text but a browser would read as a tag (`<svg/onload=…>`, which a
 *   less strict renderer might pass through) becomes `&lt;`: the same text to CommonMark.
 * A rewrite can change how what follows parses, so the result is parsed again until nothing needs
 * rewriting. A body still not settled after a few passes is hostile: every `<` and `[` in it
 * becomes a character reference, which no renderer can read as a tag or link.
 */

const MAX_PASSES = 4;
/** No real URL has a raw `<` or `>` (they are percent-encoded); split markup hiding in one does. */
const ANGLE = /[<>]/;
/**
 * `<https://x.test/onclick=alert(1)>` is an autolink to CommonMark, but a renderer that passes
 * unknown "tags" through would hand the browser an element with an onclick handler.
 */
const HANDLER_LIKE = /[/"'`]on[a-z]+=/i;

interface Edit {
  /** `[start, end)` in the normalised source. */
  start: number;
  end: number;
  text: string;
}

interface InlineTag {
  start: number;
  end: number;
  text: string;
}

/** What one pass over the source wants rewritten. */
class EditCollector implements ParseObserver {
  readonly edits: Edit[] = [];
  /** Something live that cannot be placed on a source line: only neutralising everything is safe. */
  hopeless = false;
  private block: { token: Token; lines: [number, number] | null; tags: InlineTag[] } | null = null;
  private locate: ((offset: number) => number) | null = null;
  /** First lines of the blocks already neutralised: each is rewritten once, however much it holds. */
  private readonly neutralised = new Set<number>();

  constructor(
    private readonly source: SourceLines,
    private readonly work: WorkCounter | undefined,
  ) {}

  /** Counts the collector's own steps next to the parser's, so its loops are held linear too. */
  private step(): void {
    if (this.work) this.work.steps += 1;
  }

  destination(_text: string, start: number, end: number, decoded: string): void {
    if (isSafeUrl(decoded) && !ANGLE.test(decoded)) return;
    // Before any inline block, destinations are link definitions, in source coordinates.
    // Afterwards they are in the text of the inline block being read.
    if (!this.block) this.edits.push({ start, end, text: '#' });
    else this.inlineEdit(start, end, '#');
  }

  autolink(text: string, start: number, end: number): void {
    const target = text.slice(start + 1, end - 1);
    if (!isSafeUrl(target) || HANDLER_LIKE.test(target)) this.inlineEdit(start, start + 1, '&lt;');
  }

  textTagOpen(_text: string, at: number): void {
    this.inlineEdit(at, at + 1, '&lt;');
  }

  htmlInline(text: string, start: number, end: number): void {
    this.block?.tags.push({ start, end, text: text.slice(start, end) });
  }

  enterInline(token: Token, lines: [number, number] | null): void {
    this.finishBlock();
    this.block = { token, lines, tags: [] };
    this.locate = null;
  }

  /** Once every inline block is read: the HTML of the last one, then the HTML blocks. */
  finish(tokens: readonly Token[]): void {
    this.finishBlock();
    for (const token of tokens) {
      this.step();
      if (token.type !== 'html_block' || !token.map) continue;
      const filtered = filterHtml(token.content);
      if (filtered === token.content) continue;
      const [first, next] = token.map;
      const start = this.source.lineStart(first);
      const end = this.source.lineEnd(next - 1);
      // At the top level the block's lines are its content; inside a quote or list they carry
      // the container's markup, so the filtered HTML cannot simply be put back.
      const lines = this.source.normalized.slice(start, end);
      if (lines === token.content || `${lines}\n` === token.content) {
        this.edits.push({ start, end, text: filtered.replace(/\n$/, '') });
      } else this.neutraliseLines(first, next);
    }
  }

  /** Inline tags of the block just read: script-like elements go with their content. */
  private finishBlock(): void {
    const tags = this.block?.tags ?? [];
    const names = tags.map((tag) => tagName(tag.text));
    // For each tag, the next closing tag of each script-like element after it, found in one pass
    // from the end: searching forward from every opening tag would be quadratic in `<script>`s.
    const nextClosing: Array<Map<string, number>> = [];
    let after = new Map<string, number>();
    for (let i = tags.length - 1; i >= 0; i -= 1) {
      this.step();
      nextClosing[i] = after;
      const name = names[i];
      if (name?.closing && STRIP_BODY_TAGS.has(name.name)) after = new Map(after).set(name.name, i);
    }
    for (let i = 0; i < tags.length; i += 1) {
      this.step();
      const tag = tags[i]!;
      const name = names[i];
      if (name && STRIP_BODY_TAGS.has(name.name)) {
        const close = name.closing ? undefined : nextClosing[i]?.get(name.name);
        this.inlineEdit(tag.start, close === undefined ? tag.end : tags[close]!.end, '');
        if (close !== undefined) i = close;
        continue;
      }
      const filtered = filterHtml(tag.text);
      if (filtered !== tag.text) this.inlineEdit(tag.start, tag.end, filtered);
    }
  }

  private inlineEdit(start: number, end: number, text: string): void {
    const block = this.block;
    if (!block) return;
    if (!block.lines) {
      this.hopeless = true;
      return;
    }
    this.locate ??= this.source.inlineLocator(block.token.content, block.lines[0]);
    const from = this.locate(start);
    const to = end > start ? this.locate(end - 1) + 1 : from;
    const expected = block.token.content.slice(start, end);
    if (from >= 0 && to >= from && this.source.normalized.slice(from, to) === expected) {
      this.edits.push({ start: from, end: to, text });
    } else this.neutraliseLines(block.lines[0], block.lines[1]);
  }

  /** Whole lines whose live part could not be placed exactly: nothing in them stays markup. */
  private neutraliseLines(first: number, next: number): void {
    if (this.neutralised.has(first)) return;
    this.neutralised.add(first);
    const start = this.source.lineStart(first);
    const end = this.source.lineEnd(next - 1);
    this.edits.push({ start, end, text: neutralise(this.source.normalized.slice(start, end)) });
  }
}

/** `<` and `[` as character references: no tag, autolink, link, image or definition is left. */
function neutralise(text: string): string {
  return text.replace(/</g, '&lt;').replace(/\[/g, '&#91;');
}

/** Applies non-overlapping edits (the first of overlapping ones wins) to the original text. */
function applyEdits(source: SourceLines, edits: Edit[]): string {
  edits.sort((a, b) => a.start - b.start || b.end - a.end);
  const original = source.original;
  let out = '';
  let at = 0;
  let reached = 0;
  for (const edit of edits) {
    if (edit.start < reached) continue;
    const start = source.toOriginal(edit.start);
    const end = source.toOriginal(edit.end);
    out += original.slice(at, start) + edit.text;
    at = end;
    reached = edit.end;
  }
  return out + original.slice(at);
}

/** The edits one parse of `body` calls for, or null when only neutralising everything will do. */
function editsFor(source: SourceLines, work?: WorkCounter): Edit[] | null {
  const collector = new EditCollector(source, work);
  const tokens = parseMarkdown(source.normalized, { watch: collector, ...(work ? { work } : {}) });
  collector.finish(tokens);
  return collector.hopeless ? null : collector.edits;
}

/**
 * The body with every script link and unsafe HTML rewritten, the rest byte for byte. Linear in the
 * body: at most MAX_PASSES linear parses. `work` counts the parser's steps (tests).
 */
export function sanitizeMarkdown(body: string, work?: WorkCounter): string {
  let current = body;
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const source = new SourceLines(current);
    const edits = editsFor(source, work);
    if (edits === null) return neutralise(current);
    if (edits.length === 0) return current;
    current = applyEdits(source, edits);
  }
  return editsFor(new SourceLines(current), work)?.length === 0 ? current : neutralise(current);
}
