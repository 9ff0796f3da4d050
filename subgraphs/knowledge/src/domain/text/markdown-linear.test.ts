import { stem } from '@ukp/text';
import { describe, expect, it } from 'vitest';
import { liveScript } from '../../../test/markdown-render.js';
import { sanitizeMarkdown } from '../sanitize.js';
import { extractAnswer } from './extract-answer.js';
import type { WorkCounter } from './markdown-parser.js';
import { markdownPassages } from './markdown-text.js';

/**
 * Bodies built to make a Markdown parser backtrack: the two from issue 8 (quadratic in the old
 * regular expressions) and the ones micromark (under mdast-util-from-markdown) was measured
 * quadratic on. The parser's steps are counted, not timed: doubling the body may at most about
 * double them.
 */
const HOSTILE: Record<string, (n: number) => string> = {
  'issue 8: images never closed': (n) => `zqx ${'![a '.repeat(n)}`,
  'issue 8: brackets on their own lines': (n) => '[\n'.repeat(n),
  'emphasis openers never closed': (n) => '*a_'.repeat(n),
  'link openers': (n) => '[a]('.repeat(n),
  'brackets opened then closed': (n) => `${'['.repeat(n)}${']'.repeat(n)}`,
  'nested block quotes': (n) => `${'> '.repeat(n)}a`,
  'nested list markers': (n) => `${'- '.repeat(n)}a`,
  'unclosed tags': (n) => '<a '.repeat(n),
  'script tags never closed': (n) => `x ${'<script>'.repeat(n)}`,
  'handlers in inline tags': (n) => `x ${'<b onclick=x>'.repeat(n)}`,
  'handlers in an HTML block': (n) => `<div>\n${'<img src=x onerror=a>'.repeat(n)}`,
  'unclosed comments': (n) => '<!--'.repeat(n),
  backticks: (n) => 'a`'.repeat(n),
  'references used and undefined': (n) => '[a][b'.repeat(n),
  'script links in every cell': (n) => `|a|\n|-|\n${'|[x](javascript:a)\n'.repeat(n)}`,
  'script links in one paragraph': (n) => '[x](javascript:a) <b onclick=x> '.repeat(n),
  'script definitions in quotes': (n) => '> [a]: javascript:a\n>\n'.repeat(n),
};

function steps(run: (work: WorkCounter) => unknown): number {
  const work: WorkCounter = { steps: 0 };
  run(work);
  return work.steps;
}

describe('Markdown costs time linear in the body', () => {
  it.each(Object.entries(HOSTILE))('%s: twice the body, at most about twice the steps', (_name, make) => {
    const n = 4000;
    for (const run of [
      (body: string, work: WorkCounter) => sanitizeMarkdown(body, work),
      (body: string, work: WorkCounter) => markdownPassages(body, work),
    ]) {
      const once = steps((work) => run(make(n), work));
      const twice = steps((work) => run(make(2 * n), work));
      expect(once).toBeGreaterThan(0);
      expect(twice / once).toBeLessThan(2.2);
    }
  });

  it('the count would show a quadratic parser: it grows with the work, not the length', () => {
    // The same length as plain text costs fewer steps than as nested markup.
    const plain = steps((work) => markdownPassages('a'.repeat(40_000), work));
    const nested = steps((work) => markdownPassages('*a_'.repeat(13_333), work));
    expect(nested).toBeGreaterThan(10 * plain);
  });
});

// Tens of kilobytes through our sanitiser and, to check nothing stayed live, the reference
// renderers (not linear on such input): seconds of CPU on a busy 2-core CI machine. Linearity of
// our own code is asserted above by step counts, never by time.
describe('the hostile bodies of issue 8 are handled whole, and sanely', { timeout: 30_000 }, () => {
  const images = `zqx ${'![a '.repeat(24_000)}`;
  const brackets = '[\n'.repeat(60_000);

  it('sanitising leaves them as written (nothing in them is live)', () => {
    expect(sanitizeMarkdown(images)).toBe(images);
    expect(sanitizeMarkdown(brackets)).toBe(brackets);
  });

  it('their text is what a reader sees, and an answer can be found in it', () => {
    const passages = markdownPassages(images);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.text.startsWith('zqx ![a ![a')).toBe(true);
    const answer = extractAnswer([stem('zqx')], [{ document: 'd', title: 'Hostile', body: images, rank: 1 }]);
    expect(answer.sentences[0]?.text).toMatch(/^zqx /);
    expect(markdownPassages(brackets).every((p) => /^[[ ]+$/.test(p.text))).toBe(true);
  });

  it('a script link hidden among them is still caught', () => {
    const body = `${images}\n\n> [a]: javascript:alert(1)\n>\n> [x][a]\n\n${brackets}`;
    const sanitised = sanitizeMarkdown(body);
    expect(liveScript(sanitised)).toEqual([]);
    expect(sanitised.length).toBe(body.length - 'javascript:alert(1)'.length + 1);
  });
});
