import xss from 'xss';

// xss is CommonJS: Node's ESM loader exposes only its default export.
const { FilterXSS, getDefaultWhiteList } = xss;

/**
 * Bodies are Markdown, which may embed HTML. The HTML is filtered through an allow-list (js-xss):
 * safe tags keep their safe attributes, script/style/iframe/object/embed are removed with their
 * content, event handlers are dropped and URLs must be http(s), mailto or relative. Text outside
 * tags is left as it is, so Markdown (`> quote`, `a < b`) survives untouched.
 */
const allowList = getDefaultWhiteList();
for (const tag of ['audio', 'video', 'source', 'track', 'font', 'center']) delete allowList[tag];

const SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|\.{0,2}\/|[^:]*$)/i;

const filter = new FilterXSS({
  whiteList: allowList,
  stripIgnoreTag: true,
  stripIgnoreTagBody: ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template'],
  allowCommentTag: false,
  // Leave text as written: only markup is the danger, and escaping would corrupt the Markdown.
  escapeHtml: (text) => text,
  safeAttrValue: (_tag, name, value) => {
    const trimmed = value.trim().replace(/[\u0000-\u0020]/g, '');
    if ((name === 'href' || name === 'src') && !SAFE_URL.test(trimmed)) return '';
    return value.replace(/"/g, '&quot;');
  },
});

// Markdown links, images and link definitions whose target is a script URL: [x](javascript:…),
// ![x](data:…), [x]: vbscript:… — the scheme becomes a harmless fragment.
const MARKDOWN_SCRIPT_LINK = /(\]\(\s*<?\s*|^\s{0,3}\[[^\]]+\]:\s*<?\s*)(?:javascript|vbscript|data|file)\s*:/gim;

// A `<` that is not followed by a letter, `/`, `!` or `?` can never open a tag in HTML ("a < b",
// "<3"): keep it out of the filter, which would otherwise swallow an unclosed one.
const LONE_LT = /<(?![A-Za-z/!?])/g;
const PLACEHOLDER = '\uE000';

/** Sanitises until nothing changes, so markup split around removed tags cannot reassemble. */
export function sanitizeMarkdown(body: string): string {
  let current = body.replaceAll(PLACEHOLDER, '');
  for (let pass = 0; pass < 5; pass += 1) {
    const next = filter
      .process(current.replace(LONE_LT, PLACEHOLDER))
      .replaceAll(PLACEHOLDER, '<')
      .replace(MARKDOWN_SCRIPT_LINK, '$1#');
    if (next === current) return next;
    current = next;
  }
  // Still changing after five passes: something adversarial; neutralise every angle bracket.
  return current.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
