import { wordSpans } from '@ukp/text';

// The shape of the words the did-you-mean vocabulary holds (see the migration that creates it).
const VOCABULARY_WORD = /^[a-z][a-z0-9]*$/;

/** The distinct words of a query that could be looked up in the vocabulary. */
export function spellableWords(query: string): string[] {
  const found = new Set<string>();
  for (const { word } of wordSpans(query)) {
    if (word.length >= 3 && word.length <= 40 && VOCABULARY_WORD.test(word)) found.add(word);
  }
  return [...found];
}

/** The query with words replaced, everything else (quotes, `-`, `or`, spacing) as typed. */
export function replaceWords(query: string, replacements: ReadonlyMap<string, string>): string {
  let result = '';
  let last = 0;
  for (const span of wordSpans(query)) {
    const replacement = replacements.get(span.word);
    if (replacement === undefined) continue;
    result += query.slice(last, span.start) + replacement;
    last = span.end;
  }
  return result + query.slice(last);
}
