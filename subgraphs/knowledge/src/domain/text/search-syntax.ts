/**
 * The parts of a web-search query (`"phrase"`, `-word`, `or`) that the search builds on. Whatever
 * these return goes to Postgres as a bound parameter, and only ever holds letters and digits
 * where it becomes tsquery syntax, so user input cannot change the query's structure.
 */

const PLAIN_WORD = /^[\p{L}\p{N}]+$/u;
const PREFIX_MIN = 2;
const PREFIX_MAX = 64;

/**
 * The last word of the query when it can be matched as a prefix while the user is still typing
 * it: a plain word of letters and digits, outside quotes, not an exclusion and not the `or`
 * operator. Null otherwise. One letter would match nearly everything, so it needs two.
 */
export function prefixWord(query: string): string | null {
  const last = query.trim().split(/\s+/).at(-1) ?? '';
  if (!PLAIN_WORD.test(last) || last.toLowerCase() === 'or') return null;
  const length = [...last].length;
  if (length < PREFIX_MIN || length > PREFIX_MAX) return null;
  // An odd number of quotes means the last one is still open, so the word is inside a phrase.
  const quotes = query.split('"').length - 1;
  if (quotes % 2 === 1) return null;
  return last.toLowerCase();
}

/** `to_tsquery` text matching any of the words; they must be plain words (see `words()`). */
export function anyOf(terms: readonly string[]): string {
  return terms.filter((term) => PLAIN_WORD.test(term)).join(' | ');
}
