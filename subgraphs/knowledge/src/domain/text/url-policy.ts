/**
 * Which link targets a body may carry: http(s), mailto, and scheme-less ones (relative paths,
 * `#fragments`, `?queries`). An allow-list, so schemes nobody thought of (`javascript:`,
 * `vbscript:`, `data:`, `file:`, whatever browsers add next) are refused by default.
 */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const SCHEME = /^([a-z][a-z0-9+.-]*):/;

/**
 * A URL as a browser reads it: character references decoded (`javascript&#58;`, `&colon;`,
 * `&#x6A;avascript:`, with or without `;`, as HTML attributes allow), blanks and control
 * characters dropped, lower-cased. Only for checking: what is stored stays as written.
 * Each pattern is one pass without nested quantifiers, so this is linear in the URL.
 */
export function urlAsRead(raw: string): string {
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

/**
 * Whether a link target is allowed. `url` is the target as a Markdown renderer hands it to the
 * browser (backslash escapes and character references already decoded) or as written in an HTML
 * attribute: decoding once more is harmless for the check and catches double-encoded tricks.
 */
export function isSafeUrl(url: string): boolean {
  const scheme = SCHEME.exec(urlAsRead(url))?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme);
}
