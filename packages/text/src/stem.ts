import { stem as porter2 } from 'porter2';

// PostgreSQL's parser calls a token with a digit in it a number (`uint`, `numword`: "2024", "k8s",
// "ipv6") and the `english` configuration maps those to the `simple` dictionary, which only
// lower-cases. Only letter words reach the stemmer.
const DIGIT = /[0-9]/;

/**
 * Stems already computed. A language's working vocabulary is small and every document, query and
 * prediction stems the same words again: remembering them halves tokenising. Bounded, emptied
 * whole when full (hostile input of unique words costs one rebuild per this many words).
 */
const MAX_REMEMBERED = 50_000;
const MAX_WORD_LENGTH = 64;
const remembered = new Map<string, string>();

/**
 * The stem of one lower-case word, as PostgreSQL's `english` text search configuration makes it:
 * Snowball English (Porter2, the algorithm of Postgres's `english_stem`) for words of letters
 * ("deploying", "deployed" and "deployment" → "deploy"; "cafés" → "café"), the word itself when
 * it has a digit. Stop words are not dropped here (see `terms`). Golden-tested against the server.
 */
export function stem(word: string): string {
  const known = remembered.get(word);
  if (known !== undefined) return known;
  const result = DIGIT.test(word) ? word : porter2(word);
  if (word.length <= MAX_WORD_LENGTH) {
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(word, result);
  }
  return result;
}
