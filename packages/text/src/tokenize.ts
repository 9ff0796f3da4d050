/** A word of the text and where it is, so callers can mark it in the original. */
export interface WordSpan {
  /** Lower-cased. */
  word: string;
  start: number;
  end: number;
}

// Letters and digits of any script; everything else (punctuation, symbols, markup) separates.
const WORD = /[\p{L}\p{N}]+/gu;

export function wordSpans(text: string): WordSpan[] {
  const spans: WordSpan[] = [];
  for (const match of text.matchAll(WORD)) {
    spans.push({ word: match[0].toLowerCase(), start: match.index, end: match.index + match[0].length });
  }
  return spans;
}

export function words(text: string): string[] {
  return Array.from(text.matchAll(WORD), (match) => match[0].toLowerCase());
}
