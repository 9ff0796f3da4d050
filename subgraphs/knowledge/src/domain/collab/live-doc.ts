import { errors } from '@ukp/kit';
import * as Y from 'yjs';
import { BODY_TEXT, withinBodyLimit } from './body-text.js';
import { StateSizeBound } from './state-size.js';
import { checkBodyOnly } from './update-guard.js';

/** What a live document may grow to, in bytes. */
export interface LiveDocLimits {
  /** The body's UTF-8 bytes: the same limit as `updateDocument`'s (KNOWLEDGE_BODY_MAX_BYTES). */
  bodyMaxBytes: number;
  /** The whole shared state (`Y.encodeStateAsUpdate`). */
  maxStateBytes: number;
}

/**
 * The default state limit for a body limit: room for a body at its limit plus the history and
 * deletions of editing it.
 */
export const defaultMaxStateBytes = (bodyMaxBytes: number) => 2 * bodyMaxBytes;

/**
 * One instance's in-memory copy of a shared document. Updates are validated on a shadow copy
 * kept in step with the live one: applying a bad update can throw halfway and leave a document
 * half-changed, which must never happen to the copy clients are served from. Keeping the shadow
 * costs a second apply per update instead of cloning the whole document every time; an update
 * validated here is already in the shadow, so applying it does not apply it there a third time.
 */
export class LiveDoc {
  readonly doc = new Y.Doc();
  private shadow: Y.Doc | null = null;
  /** Updates validated into the shadow and not yet applied to the live copy. */
  private readonly inShadow = new Set<Uint8Array>();
  /** The shadow's encoded state size, at most: encoding it on every update costs its whole history. */
  private readonly shadowSize = new StateSizeBound();
  /** Set when an update failed on the live copy: the owner reloads it from Postgres. */
  stale = false;

  constructor(
    updates: Iterable<Uint8Array>,
    private readonly limits: LiveDocLimits,
  ) {
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
   * Throws BAD_USER_INPUT (`update`) when the update touches anything but the text of "body",
   * cannot be applied, or would grow the body past its limit or the whole state past
   * `maxStateBytes` (an update that shrinks an oversized document is still taken). Leaves the
   * update applied to the shadow when it passes: the caller must then either `apply` it or
   * `discardShadow` (a failed write).
   */
  validate(update: Uint8Array): void {
    const decoded = checkBodyOnly(update);
    const shadow = this.shadowDoc();
    const lengthBefore = shadow.getText(BODY_TEXT).length;
    this.shadowSize.willApply(shadow, update, decoded);
    try {
      Y.applyUpdate(shadow, update);
    } catch {
      this.discardShadow();
      throw errors.badInput('The update cannot be applied to this document.', 'update');
    }
    const text = shadow.getText(BODY_TEXT);
    const { bodyMaxBytes, maxStateBytes } = this.limits;
    if (text.length > lengthBefore && !withinBodyLimit(text, bodyMaxBytes)) {
      this.discardShadow();
      throw errors.badInput(`The update would make the body larger than ${bodyMaxBytes} bytes.`, 'update');
    }
    // Within the limit even at the bound: the exact size could only say the same.
    if (this.shadowSize.value > maxStateBytes) {
      const size = Y.encodeStateAsUpdate(shadow).byteLength;
      if (size > maxStateBytes && size > this.state().byteLength) {
        this.discardShadow();
        throw errors.badInput(
          `The update would make the shared state larger than ${maxStateBytes} bytes.`,
          'update',
        );
      }
      this.shadowSize.measured(size);
    }
    this.inShadow.add(update);
  }

  /** Applies an update already validated (here or by the instance that logged it); idempotent. */
  apply(update: Uint8Array): boolean {
    try {
      Y.applyUpdate(this.doc, update);
    } catch {
      this.stale = true;
      return false;
    }
    if (this.inShadow.delete(update)) return true;
    if (this.shadow) {
      try {
        this.shadowSize.willApply(this.shadow, update);
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
    this.inShadow.clear();
    this.shadowSize.forget();
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
