import { createRequire } from 'node:module';
import type * as Xss from 'xss';

// xss is CommonJS without named-export hints: Node's ESM loader would expose only its default.
const { FilterXSS, getDefaultWhiteList } = createRequire(import.meta.url)('xss') as typeof Xss;

/**
 * Bodies are Markdown, which may embed HTML. The HTML is filtered through an allow-list (js-xss):
 * safe tags keep their safe attributes, script/style/iframe/object/embed are removed with their
 * content, event handlers are dropped and URLs must be http(s), mailto or relative. Text outside
 * tags is left as it is, so Markdown (`> quote`, `a < b`) survives untouched.
 */
const allowList = getDefaultWhiteList();
for (const tag of ['audio', 'video', 'source', 'track', 'font', 'center']) delete allowList[tag];

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|\.{0,2}\/|[^:]*$)/i;

/**
 * A URL as a browser (or a Markdown renderer) reads it: character references decoded
 * (`javascript&#58;`, `&colon;`, `&#x6A;avascript:`), blanks and control characters dropped,
 * lower-cased. Only for checking: what is stored stays as written.
 */
function urlAsRead(raw: string): string {
  return (
    raw
      .replace(
        /&#(?:x([0-9a-f]+)|([0-9]+));?|&(colon|tab|newline);?/gi,
        (_ref, hex?: string, dec?: string, name?: string) => {
          if (name) return { colon: ':', tab: '\t', newline: '\n' }[name.toLowerCase()] ?? '';
          const code = Number.parseInt(hex ?? dec ?? '', hex ? 16 : 10);
          return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
        },
      )
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these from URLs; so must the check.
      .replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
      .toLowerCase()
  );
}

const filter = new FilterXSS({
  whiteList: allowList,
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template'],
  allowCommentTag: false,
  // Text is left as written (escaping would corrupt the Markdown), except a `<` that could still
  // open a tag: the filter gives up on a tag interrupted by another `<` (`<img onerror=x <b>`) and
  // hands it over as text, but a browser would read it as a tag with all its attributes. Every
  // other `<` in text was swapped for the placeholder before filtering.
  escapeHtml: (text) => text.replace(/</g, '&lt;'),
  safeAttrValue: (_tag, name, value) => {
    if ((name === 'href' || name === 'src') && !SAFE_URL.test(urlAsRead(value.trim()))) return '';
    return value.replace(/"/g, '&quot;');
  },
});

// Where a Markdown link or image (`[x](dest`, `![x](dest`) or link reference definition
// (`[x]: dest`) puts its destination; the destination runs to a blank, a bracket or a parenthesis.
const MARKDOWN_DESTINATION = /(\]\(\s*<?\s*|^\s{0,3}\[[^\]]+\]:\s*<?\s*)((?:\\.|[^\s()<>\\])+)/gm;
const SCRIPT_SCHEME = /^(?:javascript|vbscript|data|file):/;
// Markdown lets any ASCII punctuation be backslash-escaped in a destination: `javascript\:`.
const unescapeMarkdown = (text: string) => text.replace(/\\([!-/:-@[-`{-~])/g, '$1');

/** Markdown links, images and link definitions whose target is a script URL become `#`. */
function neutraliseScriptLinks(text: string): string {
  return text.replace(MARKDOWN_DESTINATION, (link, prefix: string, destination: string) =>
    SCRIPT_SCHEME.test(urlAsRead(unescapeMarkdown(destination))) ? `${prefix}#` : link,
  );
}

// A `<` that is not followed by a letter, `/`, `!` or `?` can never open a tag in HTML ("a < b",
// "<3"): keep it out of the filter, which would otherwise swallow an unclosed one. So are the
// Markdown autolinks `<https://…>`, `<mailto:…>` and `<someone@example.com>` (Markdown, not HTML,
// which the filter would delete), unless a `/on…=` in one could pass for an event handler.
const TEXT_LT =
  /<(?![A-Za-z/!?])|<(?=(?:(?:https?|mailto):[^\s<>]*|[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)>)(?![^>]*\/on[^/>]*=)/gi;
const PLACEHOLDER = '\uE000';

/** Sanitises until nothing changes, so markup split around removed tags cannot reassemble. */
export function sanitizeMarkdown(body: string): string {
  let current = body.replaceAll(PLACEHOLDER, '');
  for (let pass = 0; pass < 5; pass += 1) {
    const next = neutraliseScriptLinks(
      filter.process(current.replace(TEXT_LT, PLACEHOLDER)).replaceAll(PLACEHOLDER, '<'),
    );
    if (next === current) return next;
    current = next;
  }
  // Still changing after five passes: something adversarial; neutralise every angle bracket.
  return current.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
