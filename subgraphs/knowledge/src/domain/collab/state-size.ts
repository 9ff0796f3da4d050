import * as Y from 'yjs';

/**
 * What one split of an existing item can add to `Y.encodeStateAsUpdate`, with room to spare: the
 * right half becomes a struct of its own (an info byte, its origin and right origin, each a client
 * and a clock of at most 8 bytes as varints, a string length, a client's struct count one byte
 * longer) and a surrogate pair cut in two turns into two 3-byte replacement characters: 45 bytes.
 */
const SPLIT_BYTES = 64;

type Decoded = ReturnType<typeof Y.decodeUpdate>;

/**
 * The delete ranges of an update that can change `doc`: those that reach an item it has not
 * deleted yet, or one it does not have. A range over items already deleted splits and deletes
 * nothing. Clients that send `Y.encodeStateAsUpdate(doc, stateVector)` repeat their whole delete
 * set in every update: without this, each keystroke would count every deletion ever made.
 */
function changingRanges(doc: Y.Doc, ds: Decoded['ds']): number {
  let count = 0;
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    const known = structs ? Y.getState(doc.store, client) : 0;
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (!structs || end > known) {
        count += 1;
        continue;
      }
      for (let index = Y.findIndexSS(structs, range.clock); index < structs.length; index += 1) {
        const struct = structs[index]!;
        if (struct.id.clock >= end) break;
        if (!struct.deleted) {
          count += 1;
          break;
        }
      }
    }
  }
  return count;
}

/**
 * An upper bound of how many bytes applying `update` to `doc` (not yet applied: the bound reads
 * what it already holds) can add to its encoded state, for a document of plain text. The update's
 * own structs, contents and deletions are written into the state at most as large as they came
 * (merged with their neighbours, garbage-collected, or kept as a pending update); what it adds
 * beyond its own bytes are splits of items already there: an inserted item splits at most the
 * items at its two origins, a delete range at most the items at its two ends, and only a range
 * that deletes something. `state-size.test.ts` fuzzes it against the real encoding.
 */
export function growthBound(doc: Y.Doc, update: Uint8Array, decoded: Decoded): number {
  return update.byteLength + 2 * SPLIT_BYTES * (decoded.structs.length + changingRanges(doc, decoded.ds));
}

/**
 * Tracks an upper bound of a document's encoded state size, so a size limit is checked by encoding
 * the whole state (its cost grows with the document's history) only when the bound comes near it,
 * not on every keystroke. Unknown (infinite) until first measured.
 */
export class StateSizeBound {
  private bound = Number.POSITIVE_INFINITY;

  /** The bound: the encoded state is at most this many bytes. */
  get value(): number {
    return this.bound;
  }

  /** The exact size, just encoded. */
  measured(bytes: number): void {
    this.bound = bytes;
  }

  /** `update` is about to be applied to `doc`; `decoded` when the caller already has it. */
  willApply(doc: Y.Doc, update: Uint8Array, decoded?: Decoded): void {
    if (this.bound === Number.POSITIVE_INFINITY) return;
    try {
      this.bound += growthBound(doc, update, decoded ?? Y.decodeUpdate(update));
    } catch {
      this.forget();
    }
  }

  /** The document changed in a way not accounted for: measure again before trusting the bound. */
  forget(): void {
    this.bound = Number.POSITIVE_INFINITY;
  }
}
