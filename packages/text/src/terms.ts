import { stem } from './stem.js';
import { isStopword } from './stopwords.js';
import { words } from './tokenize.js';

const DIGIT = /\d/;

/**
 * Whether a (lower-case) word can be a term: not a stop word, and not a lone letter ("x", "b"),
 * though a lone digit is ("3").
 */
export function isTermWord(word: string): boolean {
  return !isStopword(word) && (word.length >= 2 || DIGIT.test(word));
}

/**
 * Text → terms, in order and with repeats (for term frequencies): its words, lower-cased, without
 * stop words, stemmed. "Deploying the replicas, then deploying them" → [deploy, replica, deploy].
 * The same steps as the in-process scoring of search and `ask`, so both see the same terms.
 */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) if (isTermWord(word)) out.push(stem(word));
  return out;
}
