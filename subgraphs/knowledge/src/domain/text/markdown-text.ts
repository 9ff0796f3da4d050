import { parseMarkdown, type Token, type WorkCounter } from './markdown-parser.js';

/**
 * Markdown → the plain text a reader sees, in passages: headings apart from the paragraphs, list
 * items and table rows under them, code blocks and raw HTML blocks left out (commands and code are
 * not sentences a person would quote as an answer). Read from the CommonMark parse, so it costs
 * time linear in the body whatever the body is.
 */
export interface Passage {
  text: string;
  /** A heading: context for the passages under it, not an answer in itself. */
  heading: boolean;
}

/** The text of an inline block: link and image words kept, markup and HTML tags gone. */
function inlineText(token: Token): string {
  let text = '';
  const walk = (children: readonly Token[]) => {
    for (const child of children) {
      switch (child.type) {
        case 'text':
        case 'code_inline':
          text += child.content;
          break;
        case 'image':
          walk(child.children ?? []);
          break;
        case 'softbreak':
        case 'hardbreak':
        case 'html_inline':
          text += ' ';
          break;
        default:
          break;
      }
    }
  };
  walk(token.children ?? []);
  return text.replace(/\s+/g, ' ').trim();
}

/** Inline Markdown and HTML → their text: links and images keep their words, markup goes. */
export function stripInline(text: string): string {
  const inline = parseMarkdown(text).find((token) => token.type === 'inline');
  return inline ? inlineText(inline) : '';
}

export function markdownPassages(markdown: string, work?: WorkCounter): Passage[] {
  const passages: Passage[] = [];
  const push = (text: string, heading: boolean) => {
    if (text) passages.push({ text, heading });
  };
  let heading = false;
  let row: string[] | null = null;
  for (const token of parseMarkdown(markdown, work ? { work } : {})) {
    switch (token.type) {
      case 'heading_open':
        heading = true;
        break;
      case 'heading_close':
        heading = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close':
        push((row ?? []).filter(Boolean).join(', '), false);
        row = null;
        break;
      case 'inline':
        if (row) row.push(inlineText(token));
        else push(inlineText(token), heading);
        break;
      default:
        break;
    }
  }
  return passages;
}
