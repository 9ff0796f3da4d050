import type * as Y from 'yjs';
import { sanitizeMarkdown } from '../sanitize.js';

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

/**
 * The `body` column for a live text. Sanitised like every other write, so collaborators cannot
 * smuggle script into what readers get; the Yjs text itself is left as typed (rewriting it would
 * fight the user mid-keystroke), so `body` and the live text differ only where HTML was unsafe.
 * NUL cannot be stored in Postgres text. Not cut to the body limit: a save checks
 * `bodyWithinLimit` and refuses, rather than silently dropping the end of someone's text.
 */
export function bodyFromText(text: string): string {
  return sanitizeMarkdown(text.replaceAll('\u0000', ''));
}

/** Whether a body may be saved: the same limit as `updateDocument`'s. */
export function bodyWithinLimit(body: string, maxBytes: number): boolean {
  return Buffer.byteLength(body, 'utf8') <= maxBytes;
}

/**
 * Whether a live text is within the body limit. UTF-16 units are at most 3 bytes of UTF-8 each
 * (a surrogate pair is 4 bytes for 2 units), so short texts need no encoding to be checked.
 */
export function withinBodyLimit(text: Y.Text, maxBytes: number): boolean {
  if (text.length * 3 <= maxBytes) return true;
  return Buffer.byteLength(text.toString(), 'utf8') <= maxBytes;
}
