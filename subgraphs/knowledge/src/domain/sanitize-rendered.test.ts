import { describe, expect, it } from 'vitest';
import { liveScript, renderedLinks } from '../../test/markdown-render.js';
import { sanitizeMarkdown } from './sanitize.js';

/**
 * Known Markdown XSS vectors (the issue-8 findings, and the classics from the Markdown XSS
 * cheat-sheets), each rendered after sanitising by two real CommonMark renderers with their own
 * safety off: nothing may come out live.
 */
const VECTORS = [
  // Issue 8, finding 3.
  '> [a]: javascript:alert(1)\n>\n> [x][a]',
  '- [a]: javascript:alert(1)\n\n[x][a]',
  '[a\\]b]: javascript:alert(1)\n\n[x][a\\]b]',
  // Definitions wherever a block can hold one.
  '1. item\n\n   [a]: javascript:alert(1)\n\n[x][a]',
  '> - > [a]:\n>   >   javascript:alert(1)\n\n[x][a]',
  '[a]:\n<javascript:alert(1)>\n\n[x][a]',
  '[a]: javascript:alert(1) "title"\n[b]: vbscript:msgbox(1)\n\n[x][a] [y][b] [a] [b][]',
  '[A\tB]: javascript:alert(1)\n\n[x][a b]',
  '| a |\n|---|\n| [x](javascript:alert(1)) |',
  '# [x](javascript:alert(1)) #',
  'Title [x](javascript:alert(1))\n===',
  // Inline links and images.
  '[x](javascript:alert(1))',
  '[x](JAVASCRIPT:alert(1))',
  '[x](javascript:alert(1) "t")',
  '[x](<javascript:alert(1)>)',
  '[x](<javascript:alert(1) x>)',
  '[x]( javascript:alert(1) )',
  '[x](javascript\\:alert(1))',
  '[x](javas&#99;ript:alert(1))',
  '[x](javascript&#x3a;alert(1))',
  '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  '[x](java\u0000script:alert(1))',
  '[x](%20javascript:alert(1))',
  '[x](javascript:window.onerror=alert;throw%201)',
  '[x](vbscript:msgbox(1))',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml,<svg onload=alert(1)>)',
  '[![x](javascript:alert(1))](javascript:alert(2))',
  '[x](javascript:alert(1)\n"t")',
  '[a](javascript:alert(1)) [b](https://ok.test) [c](javascript:alert(3))',
  '[[x](javascript:alert(1))](https://ok.test)',
  // Autolinks.
  '<javascript:alert(1)>',
  '<JaVaScRiPt:alert(1)>',
  '<vbscript:msgbox(1)>',
  '<data:text/html,<script>alert(1)</script>>',
  '<https://x.test/onclick=alert(1)>',
  // Raw HTML, in blocks and inline, inside containers too.
  '<a href="javascript:alert(1)">x</a>',
  '<img src=x onerror=alert(1)>',
  '> <img src=x onerror=alert(1)>',
  '- <img\n  src=x onerror=alert(1)>',
  '<div>\n<img src=x onerror=alert(1)>\n</div>',
  'x <script>alert(1)</script> y',
  '<script>\n\n[x](javascript:alert(1))\n</script>',
  '<details open ontoggle=alert(1)>',
  '<svg/onload=alert(1)>',
  '<a href="x"\nonclick=alert(1)>x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<!-- --><img src=x onerror=alert(1)>',
  '<img src="x` `<script>alert(1)</script>"` `>',
  // Markup that reassembles once something between is removed.
  '[x](java<script></script>script:alert(1))',
  '[x](java<b></b>script:alert(1))',
  '<a href="java<script></script>script:alert(1)">x</a>',
  'x <script>a</script>[y](javas<script></script>cript:alert(1))',
];

describe('sanitizeMarkdown against a real CommonMark renderer', () => {
  it.each(VECTORS)('%j renders with nothing live', (vector) => {
    const sanitised = sanitizeMarkdown(vector);
    expect(liveScript(sanitised)).toEqual([]);
    // Stored bodies are sanitised again on every edit: that must change nothing more.
    expect(sanitizeMarkdown(sanitised)).toBe(sanitised);
  });

  it('the corpus is live without sanitising, so each vector tests something', () => {
    const live = VECTORS.filter((vector) => liveScript(vector).length > 0);
    // Split markup and lookalikes are inert by themselves; the rest must be caught live.
    expect(live.length).toBeGreaterThanOrEqual(VECTORS.length - 8);
  });

  it('rewrites only the offending destination and keeps the rest byte for byte', () => {
    const body = '# T\n\n> [a]: javascript:alert(1)\n>\n> [x][a] and [ok](https://ok.test)\r\n\n*end*';
    expect(sanitizeMarkdown(body)).toBe('# T\n\n> [a]: #\n>\n> [x][a] and [ok](https://ok.test)\r\n\n*end*');
    expect(renderedLinks(sanitizeMarkdown(body))).toEqual(['#', 'https://ok.test', '#', 'https://ok.test']);
  });
});
