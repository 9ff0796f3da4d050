import type { Viewer } from '@ukp/kit';
import type { DocumentRow } from '../db/schema.js';

/** Who a row-level security check runs as: the same user with the same roles reads the same rows. */
export function identityKey(viewer: Viewer | null): string {
  return viewer ? `${viewer.userId}:${[...viewer.roles].sort().join(',')}` : 'anonymous';
}

export type LoadDocument = (viewer: Viewer | null, documentId: string) => Promise<DocumentRow | undefined>;

/**
 * The document as a subscriber may read it when an event arrives, shared by every subscriber of
 * this instance with the same identity for the same event: a thousand anonymous subscribers of a
 * document cost one query per event, not a thousand. Keyed by event id, so a later event always
 * asks again (a document turned PRIVATE stops reaching others at the next event). Bounded: the
 * oldest entries go first; a failed load is forgotten so the next subscriber asks again.
 */
export class EventReadCache {
  private readonly entries = new Map<string, Promise<DocumentRow | undefined>>();

  constructor(
    private readonly load: LoadDocument,
    private readonly maxEntries = 10_000,
  ) {}

  read(viewer: Viewer | null, documentId: string, eventId: string): Promise<DocumentRow | undefined> {
    const key = `${eventId}|${documentId}|${identityKey(viewer)}`;
    const cached = this.entries.get(key);
    if (cached) return cached;
    const loading = this.load(viewer, documentId);
    this.entries.set(key, loading);
    loading.catch(() => {
      if (this.entries.get(key) === loading) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return loading;
  }

  get size(): number {
    return this.entries.size;
  }
}
