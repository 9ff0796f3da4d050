import MarkdownIt, { type StateInline, type Token } from 'markdown-it';

/**
 * The one CommonMark parser every Markdown path uses (sanitising, passages for answers). markdown-it,
 * because it stays linear on the CommonMark pathological inputs (its test suite runs them):
 * micromark, under mdast-util-from-markdown, was measured quadratic here on `*a_` repeated
 * (120 KB: minutes), `[a](` repeated and `> ` nested, so it must never see a body.
 *
 * Raw HTML is on and every link is accepted, like the renderers readers use: the sanitiser must
 * see what they would render, not what markdown-it would have refused.
 */

/** What the sanitiser learns while a body is parsed, in the parser's coordinates. */
export interface ParseObserver {
  /** A link, image or definition destination: `[start, end)` of `source` (the raw text). */
  destination(source: string, start: number, end: number, decoded: string): void;
  /** `<scheme:…>` autolinks: `[start, end)` of the inline `source`, brackets included. */
  autolink(source: string, start: number, end: number): void;
  /** One inline HTML tag (or comment, declaration…) at `[start, end)` of the inline `source`. */
  htmlInline(source: string, start: number, end: number): void;
  /**
   * A `<` before a letter, `/`, `!` or `?` that CommonMark reads as text (`<svg/onload=…>` is no
   * valid tag to it): a renderer escapes it, a browser fed the Markdown less strictly would not.
   */
  textTagOpen(source: string, at: number): void;
  /**
   * The inline block (paragraph, heading, cell) whose content is about to be parsed, and the
   * source lines it came from (a table cell has none of its own: its row's).
   */
  enterInline(token: Token, lines: [number, number] | null): void;
}

/** Counts the parser's steps (rule and helper calls): tests assert they grow linearly. */
export interface WorkCounter {
  steps: number;
}

let observer: ParseObserver | null = null;
let counter: WorkCounter | null = null;

const md = new MarkdownIt('default', { html: true, linkify: false });
md.validateLink = () => true;

// Every rule and helper call counts as a step; so a parser that backtracked quadratically would
// show it in the count, whatever the wall clock says.
for (const ruler of [md.core.ruler, md.block.ruler, md.inline.ruler, md.inline.ruler2] as const) {
  for (const rule of ruler.__rules__) {
    const fn = rule.fn as (...args: unknown[]) => unknown;
    type AnyRuler = {
      at(name: string, fn: (...args: unknown[]) => unknown, options: { alt: string[] }): void;
    };
    // `alt` says which blocks a rule may interrupt: `at` would reset it to none.
    (ruler as AnyRuler).at(
      rule.name,
      (...args) => {
        if (counter) counter.steps += 1;
        return fn(...args);
      },
      { alt: [...rule.alt] },
    );
  }
}

const helpers = md.helpers;
const parseLinkLabel = helpers.parseLinkLabel;
helpers.parseLinkLabel = (...args) => {
  if (counter) counter.steps += 1;
  return parseLinkLabel(...args);
};
const parseLinkTitle = helpers.parseLinkTitle;
helpers.parseLinkTitle = (...args) => {
  if (counter) counter.steps += 1;
  return parseLinkTitle(...args);
};
const parseLinkDestination = helpers.parseLinkDestination;
helpers.parseLinkDestination = (source, start, max) => {
  if (counter) counter.steps += 1;
  const result = parseLinkDestination(source, start, max);
  // Reported even when the caller then drops the link: rewriting a destination that was never one
  // costs only fidelity of a hostile body, missing one would cost a script link.
  if (result.ok) observer?.destination(source, start, result.pos, result.str);
  return result;
};

/** Wraps an inline rule to report the span it consumed, when it produced tokens. */
function reportInline(
  name: string,
  report: (o: ParseObserver, source: string, s: number, e: number) => void,
) {
  const rule = md.inline.ruler.__rules__.find((r) => r.name === name);
  if (!rule) throw new Error(`markdown-it has no inline rule ${name}`);
  const fn = rule.fn;
  md.inline.ruler.at(name, (state: StateInline, silent: boolean) => {
    const start = state.pos;
    const matched = fn(state, silent);
    if (matched && !silent && observer) report(observer, state.src, start, state.pos);
    return matched;
  });
}
reportInline('autolink', (o, source, s, e) => o.autolink(source, s, e));
reportInline('html_inline', (o, source, s, e) => o.htmlInline(source, s, e));

// Last of the inline rules, so it sees only a `<` every other rule refused: what markdown-it
// would do with it anyway (keep it as text), after telling the observer.
md.inline.ruler.push('text_tag_open', (state: StateInline, silent: boolean) => {
  if (state.src.charCodeAt(state.pos) !== 0x3c) return false;
  if (!silent && observer && /[A-Za-z/!?]/.test(state.src.charAt(state.pos + 1))) {
    observer.textTagOpen(state.src, state.pos);
  }
  if (!silent) state.pending += '<';
  state.pos += 1;
  return true;
});

// The core rule that parses each inline block's content: tell the observer which block it is.
md.core.ruler.at('inline', (state) => {
  let lines: [number, number] | null = null;
  for (const token of state.tokens) {
    if (token.map) lines = token.map;
    if (token.type !== 'inline') continue;
    observer?.enterInline(token, lines);
    if (counter) counter.steps += 1;
    token.children ??= [];
    md.inline.parse(token.content, state.md, state.env, token.children);
  }
});

/**
 * The block tokens of `source` (markdown-it normalises line endings to `\n` first). `watch`
 * hears every destination, autolink and inline tag; `work` counts the steps taken.
 */
export function parseMarkdown(
  source: string,
  options: { watch?: ParseObserver; work?: WorkCounter } = {},
): Token[] {
  observer = options.watch ?? null;
  counter = options.work ?? null;
  try {
    return md.parse(source, {});
  } finally {
    observer = null;
    counter = null;
  }
}

export type { Token };
