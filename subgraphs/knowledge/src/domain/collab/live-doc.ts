import { errors } from '@ukp/kit';
import * as Y from 'yjs';
import { BODY_TEXT, withinBodyLimit } from './body-text.js';

/**
 * One instance's in-memory copy of a shared document. Updates are validated on a shadow copy
 * kept in step with the live one: applying a bad update can throw halfway and leave a document
 * half-changed, which must never happen to the copy clients are served from. Keeping the shadow
 * costs a second apply per update instead of cloning the whole document every time.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  private shadow: Y.Doc | null = null;
  /** Set when an update failed on the live copy: the owner reloads it from Postgres. */
  stale = false;

  constructor(updates: Iterable<Uint8Array>) {
    this.doc.transact(() => {
      for (const update of updates) Y.applyUpdate(this.doc, update);
    });
  }

  text(): string {
    return this.doc.getText(BODY_TEXT).toString();
  }

  /** `Y.encodeStateAsUpdate`: everything, including updates still waiting for their causes. */
  state(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  /**
   * Throws BAD_USER_INPUT (`update`) when the update cannot be applied or would make the body
   * larger than allowed. Leaves the update applied to the shadow when it passes: the caller must
   * then either `apply` it or `discardShadow` (a failed write).
   */
  validate(update: Uint8Array): void {
    const shadow = this.shadowDoc();
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      this.discardShadow();
      throw errors.badInput('The update cannot be applied to this document.', 'update');
    }
    if (!withinBodyLimit(shadow.getText(BODY_TEXT))) {
      this.discardShadow();
      throw errors.badInput('The update would make the body larger than 1 MB.', 'update');
    }
  }

  /** Applies an update already validated (here or by the instance that logged it); idempotent. */
  apply(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.doc, update);
    } catch {
      this.stale = true;
      return false;
    }
    if (this.shadow) {
      try {
        Y.applyUpdate(this.shadow, update);
      } catch {
        this.discardShadow();
      }
    }
    return true;
  }

  /** Drops the shadow (it may hold an update that was never logged); rebuilt when next needed. */
  discardShadow(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  destroy(): void {
    this.discardShadow();
    this.doc.destroy();
  }

  private shadowDoc(): Y.Doc {
    if (!this.shadow) {
      this.shadow = new Y.Doc();
      Y.applyUpdate(this.shadow, this.state());
    }
    return this.shadow;
  }
}
