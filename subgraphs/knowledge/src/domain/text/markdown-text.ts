/**
 * Markdown → the plain text a reader sees, in passages: headings apart from the paragraphs, list
 * items and table rows under them, code blocks left out (commands and code are not sentences a
 * person would quote as an answer).
 */
export interface Passage {
  text: string;
  /** A heading: context for the passages under it, not an answer in itself. */
  heading: boolean;
}

const FENCE = /^\s{0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const SETEXT_UNDERLINE = /^\s{0,3}(=+|-+)\s*$/;
const THEMATIC_BREAK = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$/;
const TABLE_DELIMITER = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;
const BLOCKQUOTE = /^\s{0,3}(>\s?)+/;

/** Inline Markdown and HTML → their text: links and images keep their words, markup goes. */
export function stripInline(text: string): string {
  return (
    text
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1')
      .replace(/<((?:https?|mailto):[^>\s]+)>/gi, '$1')
      .replace(/<\/?[A-Za-z][^>]*>/g, ' ')
      .replace(/(`+)([^`]+?)\1/g, '$2')
      .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
      .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
      .replace(/\*(?=\S)([^*]+?)(?<=\S)\*/g, '$1')
      // Only at word edges: snake_case_names keep their underscores.
      .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([^_]+?)(?<=\S)_(?![\p{L}\p{N}_])/gu, '$1$2')
      .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

export function markdownPassages(markdown: string): Passage[] {
  const passages: Passage[] = [];
  let paragraph: string[] = [];
  let fence: string | null = null;

  const push = (raw: string, heading: boolean) => {
    const text = stripInline(raw);
    if (text) passages.push({ text, heading });
  };
  const flush = () => {
    if (paragraph.length > 0) push(paragraph.join(' '), false);
    paragraph = [];
  };

  for (const rawLine of markdown.split(/\r?\n/)) {
    const fenceMatch = FENCE.exec(rawLine);
    if (fence !== null) {
      if (fenceMatch?.[1]?.startsWith(fence)) fence = null;
      continue;
    }
    if (fenceMatch) {
      flush();
      fence = fenceMatch[1]!.slice(0, 3);
      continue;
    }
    const line = rawLine.replace(BLOCKQUOTE, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const heading = ATX_HEADING.exec(line);
    if (heading) {
      flush();
      push(heading[1] ?? '', true);
      continue;
    }
    if (SETEXT_UNDERLINE.test(line) && paragraph.length === 1) {
      push(paragraph[0]!, true);
      paragraph = [];
      continue;
    }
    if (THEMATIC_BREAK.test(line) || (line.includes('|') && TABLE_DELIMITER.test(line))) {
      flush();
      continue;
    }
    if (/^\s*\|/.test(line)) {
      flush();
      push(
        line
          .split('|')
          .map((cell) => cell.trim())
          .filter(Boolean)
          .join(', '),
        false,
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      paragraph.push(item[1] ?? '');
      continue;
    }
    paragraph.push(line.trim());
  }
  flush();
  return passages;
}
