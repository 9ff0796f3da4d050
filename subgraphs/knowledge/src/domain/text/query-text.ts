import { errors } from '@ukp/kit';

export const QUERY_TEXT_MAX = 500;

/**
 * A search query or question as the domain accepts it: at most 500 characters, not blank.
 * Control characters become spaces (Postgres rejects NUL in text, and none of them mean anything
 * in a query). The message names the field so a form can show it in place.
 */
export function checkQueryText(text: string, field: 'query' | 'question'): string {
  if ([...text].length > QUERY_TEXT_MAX) {
    throw errors.badInput(`The ${field} must be at most ${QUERY_TEXT_MAX} characters.`, field);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point.
  const cleaned = text.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (!cleaned) throw errors.badInput(`The ${field} must not be empty.`, field);
  return cleaned;
}
