import type { Database } from '@ukp/kit';
import * as Y from 'yjs';
import type { Actor } from '../access.js';
import { BODY_TEXT, replaceText } from './body-text.js';
import { appendUpdate, readLiveState } from './store.js';

/**
 * Turns a saved change to the body (updateDocument) into a Yjs update of the live state, logged in
 * the same transaction, so live editing and saved changes never overwrite each other: the
 * compacted body always comes from the Yjs text. Null when the document was never edited live.
 *
 * Runs in the caller's transaction, which holds the document's row lock; compaction takes that
 * lock first too, so the state and log read here cannot be compacted underneath us. Updates
 * appended concurrently by live editors merge with this one as any two Yjs edits do.
 */
export async function mergeBodyIntoLiveState(
  tx: Database,
  documentId: string,
  body: string,
  actor: Actor,
): Promise<Uint8Array | null> {
  const updates = await readLiveState(tx, documentId);
  if (!updates) return null;
  // A fresh random client id: this edit's items never collide with anyone else's.
  const doc = new Y.Doc();
  try {
    for (const update of updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    if (!replaceText(doc.getText(BODY_TEXT), body)) return null;
    const update = Y.encodeStateAsUpdate(doc, before);
    await appendUpdate(tx, documentId, update, actor);
    return update;
  } finally {
    doc.destroy();
  }
}
