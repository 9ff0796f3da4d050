import { errors } from '@ukp/kit';
import * as Y from 'yjs';
import { BODY_TEXT } from './body-text.js';

/**
 * The shared document holds one thing, the Markdown body as plain text in the Y.Text named
 * "body". Anything else a client can put in a Yjs update (other shared types, map entries,
 * embedded objects, formatting attributes, binary or JSON content, nested types or documents) is
 * never read by the service, but would be stored for good and sent to every participant: refused
 * before it reaches even the scratch copy.
 */

/** Item contents that belong in a plain Y.Text: its characters, and what deleting them leaves. */
const TEXT_CONTENT = [Y.ContentString, Y.ContentDeleted];

function refuse(what: string): never {
  throw errors.badInput(
    `The update may only change the text of the shared type "${BODY_TEXT}" (it ${what}).`,
    'update',
  );
}

/**
 * Throws BAD_USER_INPUT (`update`) unless every struct of an already decoded update is text in
 * "body". An item without a parent name sits next to its origin, an item already in "body" (by
 * this check, nothing else is ever accepted), so it is in "body" too; an item whose origin has not
 * arrived stays pending, counted against the state limit until it is refused or integrates.
 * Returns the decoded update, which the caller measures too.
 */
export function checkBodyOnly(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  const decoded = Y.decodeUpdate(update);
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue; // GC and Skip: ranges, no content.
    const parent: unknown = struct.parent;
    if (typeof parent === 'string' && parent !== BODY_TEXT) refuse(`writes to "${parent.slice(0, 40)}"`);
    if (parent !== null && typeof parent !== 'string') refuse('writes inside a nested type');
    if (struct.parentSub !== null) refuse('sets a map entry');
    if (!TEXT_CONTENT.some((type) => struct.content instanceof type))
      refuse('inserts something other than text');
  }
  return decoded;
}
