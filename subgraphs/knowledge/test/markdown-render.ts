import { HtmlRenderer, Parser } from 'commonmark';
import MarkdownIt from 'markdown-it';

/**
 * Markdown rendered the way readers' clients do, by two independent CommonMark renderers with
 * every safety net off (raw HTML passed through, any URL accepted): what the sanitiser stored must
 * be inert even then. commonmark.js is the reference implementation; markdown-it is what the
 * sanitiser parses with, so a difference between the two would show here.
 */
const reference = { parser: new Parser(), renderer: new HtmlRenderer({ safe: false }) };
const permissive = new MarkdownIt({ html: true });
permissive.validateLink = () => true;

export function renderings(markdown: string): string[] {
  return [reference.renderer.render(reference.parser.parse(markdown)), permissive.render(markdown)];
}

/** A URL as a browser reads it: references decoded, blanks and controls gone, lower case. */
export function asRead(url: string): string {
  return (
    url
      .replace(/&#x([0-9a-f]+);?/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
      .replace(/&#([0-9]+);?/g, (_m, dec: string) => String.fromCodePoint(Number.parseInt(dec, 10)))
      .replace(/&colon;?/gi, ':')
      .replace(/&(tab|newline);?/gi, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop these from URLs; so must the check.
      .replace(/[\u0000-\u0020\u007f-\u009f]/g, '')
      .toLowerCase()
  );
}

const URL_ATTRIBUTE = /(href|src|action|formaction|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

/** Every URL in an href/src-like attribute of the rendered HTML, as a browser reads it. */
export function renderedLinks(markdown: string): string[] {
  const links: string[] = [];
  for (const html of renderings(markdown)) {
    for (const [, , value] of html.matchAll(URL_ATTRIBUTE)) {
      links.push(asRead((value ?? '').replace(/^["']|["']$/g, '')));
    }
  }
  return links;
}

export const SCRIPT_URL = /^(javascript|vbscript|data|file):/;

/** What is live in the rendered HTML that must not be: script URLs, handlers, script elements. */
export function liveScript(markdown: string): string[] {
  const found: string[] = [];
  for (const html of renderings(markdown)) {
    const element =
      /<\s*\/?\s*(script|style|iframe|object|embed|svg|math|noscript|template|frame|base)\b/i.exec(html);
    if (element) found.push(`element ${element[0]} in ${html}`);
    for (const tag of html.match(/<[a-z][^>]*>?/gi) ?? []) {
      if (/[\s/"'`]on[a-z]+\s*=/i.test(tag)) found.push(`handler in ${tag}`);
    }
  }
  for (const link of renderedLinks(markdown)) if (SCRIPT_URL.test(link)) found.push(`script URL ${link}`);
  return found;
}
