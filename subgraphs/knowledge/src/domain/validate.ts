import { errors } from '@ukp/kit';
import { sanitizeMarkdown } from './sanitize.js';

export const TITLE_MAX = 300;
/** The default of KNOWLEDGE_BODY_MAX_BYTES: 256 KiB, a long article rather than a log dump. */
export const DEFAULT_BODY_MAX_BYTES = 256 * 1024;
export const TAGS_MAX = 20;
export const TAG_MAX = 40;

export function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length < 1 || [...trimmed].length > TITLE_MAX) {
    throw errors.badInput(`Title must be 1 to ${TITLE_MAX} characters.`, 'title');
  }
  // A title is one line: no control characters at all, line breaks and tabs included.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(trimmed))
    throw errors.badInput('Title contains control characters.', 'title');
  return trimmed;
}

/**
 * A body as stored: at most `maxBytes` of UTF-8 (KNOWLEDGE_BODY_MAX_BYTES; checked before any
 * parsing, which is linear but still work), no NUL, sanitised.
 */
export function checkBody(body: string, maxBytes = DEFAULT_BODY_MAX_BYTES): string {
  // UTF-16 units are at most 3 bytes of UTF-8 each: short bodies need no encoding to be measured.
  if (body.length * 3 > maxBytes && Buffer.byteLength(body, 'utf8') > maxBytes) {
    throw errors.badInput(
      `Body must be at most ${maxBytes} bytes of UTF-8 (${formatBytes(maxBytes)}).`,
      'body',
    );
  }
  // NUL cannot be stored in Postgres text.
  if (body.includes('\u0000')) throw errors.badInput('Body contains a NUL character.', 'body');
  return sanitizeMarkdown(body);
}

function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  return bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** "Machine Learning", "machine_learning " → "machine-learning"; duplicates dropped, order kept. */
export function normalizeTag(tag: string): string {
  return tag
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/[^\p{L}\p{N}-]/gu, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

export function checkTags(tags: readonly string[], field = 'tags'): string[] {
  if (tags.length > TAGS_MAX) throw errors.badInput(`At most ${TAGS_MAX} tags.`, field);
  const normalized: string[] = [];
  for (const tag of tags) {
    const t = normalizeTag(tag);
    if (!t) throw errors.badInput(`Tag "${tag.slice(0, 50)}" has no letters or digits.`, field);
    // Characters, not UTF-16 units: a tag of 40 letters outside the BMP is still 40 characters.
    if ([...t].length > TAG_MAX) throw errors.badInput(`Tags must be at most ${TAG_MAX} characters.`, field);
    if (!normalized.includes(t)) normalized.push(t);
  }
  return normalized;
}
