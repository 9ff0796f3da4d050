import { createRequire } from 'node:module';
import type * as Xss from 'xss';
import { isSafeUrl } from './url-policy.js';

// xss is CommonJS without named-export hints: Node's ESM loader would expose only its default.
const { FilterXSS, getDefaultWhiteList } = createRequire(import.meta.url)('xss') as typeof Xss;

/**
 * The allow-list filter for the raw HTML a body embeds (js-xss, a linear scanner): safe tags keep
 * their safe attributes, script/style/iframe/object/embed are removed with their content, event
 * handlers are dropped and URLs must pass the same scheme allow-list as Markdown links. It only
 * ever sees what a Markdown renderer would pass through as HTML, never Markdown text.
 */
const allowList = getDefaultWhiteList();
for (const tag of ['audio', 'video', 'source', 'track', 'font', 'center']) delete allowList[tag];

/** Elements whose content is dropped with them, in an HTML block or between inline tags. */
export const STRIP_BODY_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'noscript',
  'template',
]);

const filter = new FilterXSS({
  whiteList: allowList,
  stripIgnoreTag: true,
  stripIgnoreTagBody: [...STRIP_BODY_TAGS],
  allowCommentTag: false,
  // Text inside HTML is left as written, except a `<` the filter could not read as a tag (an
  // unterminated `<img src=x onerror=…`): a browser would still read it as one.
  escapeHtml: (text) => text.replace(/</g, '&lt;'),
  safeAttrValue: (_tag, name, value) => {
    // No real URL has a raw `<` or `>` (they are percent-encoded); split markup hiding in one does.
    if ((name === 'href' || name === 'src') && (!isSafeUrl(value.trim()) || /[<>]/.test(value))) return '';
    return value.replace(/"/g, '&quot;');
  },
});

/** Raw HTML with everything outside the allow-list removed. */
export function filterHtml(html: string): string {
  return filter.process(html);
}

/** The element name of a tag (`<script …>`, `</SCRIPT>` → `script`), and whether it closes. */
export function tagName(tag: string): { name: string; closing: boolean } | null {
  const match = /^<(\/?)([a-z][a-z0-9-]*)/i.exec(tag);
  return match ? { name: match[2]!.toLowerCase(), closing: match[1] === '/' } : null;
}
