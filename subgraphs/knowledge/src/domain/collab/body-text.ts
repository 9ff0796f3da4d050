import type * as Y from 'yjs';
import { sanitizeMarkdown } from '../sanitize.js';
import { BODY_MAX_BYTES } from '../validate.js';

/** The Y.Text of the shared document that holds the Markdown body. */
export const BODY_TEXT = 'body';

export interface TextChange {
  /** UTF-16 offset, as Y.Text counts. */
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The smallest single splice turning `from` into `to` (common prefix and suffix kept), never
 * cutting a surrogate pair in half. One splice, not a full diff: a saved change usually touches one
 * place, and concurrent live edits outside it survive the merge.
 */
export function textChange(from: string, to: string): TextChange | null {
  if (from === to) return null;
  let start = 0;
  const max = Math.min(from.length, to.length);
  while (start < max && from.charCodeAt(start) === to.charCodeAt(start)) start += 1;
  if (start > 0 && isHighSurrogate(from.charCodeAt(start - 1))) start -= 1;
  let end = 0;
  while (end < max - start && from.charCodeAt(from.length - 1 - end) === to.charCodeAt(to.length - 1 - end)) {
    end += 1;
  }
  if (end > 0 && isLowSurrogate(from.charCodeAt(from.length - end))) end -= 1;
  return {
    index: start,
    remove: from.length - start - end,
    insert: to.slice(start, to.length - end),
  };
}

/** Makes the Y.Text read `to`, as one Yjs transaction. */
export function replaceText(text: Y.Text, to: string): boolean {
  const change = textChange(text.toString(), to);
  if (!change) return false;
  const apply = () => {
    if (change.remove > 0) text.delete(change.index, change.remove);
    if (change.insert) text.insert(change.index, change.insert);
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
  return true;
}

/** The longest prefix of `text` that is at most `maxBytes` of UTF-8, cut between characters. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= maxBytes) return text;
  let end = maxBytes;
  // Back off continuation bytes (10xxxxxx) to the start of the character being cut.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * The `body` column for a live text. Sanitised like every other write, so collaborators cannot
 * smuggle script into what readers get; the Yjs text itself is left as typed (rewriting it would
 * fight the user mid-keystroke), so `body` and the live text differ only where HTML was unsafe.
 * NUL cannot be stored in Postgres text, and the body limit holds even when two instances each
 * accepted an update within it.
 */
export function bodyFromText(text: string): string {
  return truncateUtf8(sanitizeMarkdown(text.replaceAll('\u0000', '')), BODY_MAX_BYTES);
}

/**
 * Whether a live text is within the body limit. UTF-16 units are at most 3 bytes of UTF-8 each
 * (a surrogate pair is 4 bytes for 2 units), so short texts need no encoding to be checked.
 */
export function withinBodyLimit(text: Y.Text): boolean {
  if (text.length * 3 <= BODY_MAX_BYTES) return true;
  return Buffer.byteLength(text.toString(), 'utf8') <= BODY_MAX_BYTES;
}
