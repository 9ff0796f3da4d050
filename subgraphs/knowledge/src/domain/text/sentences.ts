/**
 * Plain text → sentences. A full stop ends a sentence only when a capital, digit or opening quote
 * follows and the word before it is not an abbreviation or an initial ("e.g. Redis", "J. Smith").
 */
const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'etc',
  'vs',
  'cf',
  'approx',
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'inc',
  'ltd',
  'jr',
  'sr',
  'fig',
  'ca',
]);

const BOUNDARY = /([.!?]+)["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
const LAST_WORD = /([\p{L}.]+)$/u;

export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let start = 0;
  for (const match of text.matchAll(BOUNDARY)) {
    if (match[1] === '.') {
      const word = LAST_WORD.exec(text.slice(start, match.index))?.[1]?.toLowerCase();
      if (word && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
    }
    const end = match.index + match[0].length;
    const sentence = text.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end;
  }
  const rest = text.slice(start).trim();
  if (rest) sentences.push(rest);
  return sentences;
}
