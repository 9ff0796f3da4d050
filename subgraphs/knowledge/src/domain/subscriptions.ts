import {
  appError,
  type BusEvent,
  BusOverflowError,
  busIterator,
  codeOf,
  errors,
  mapIterator,
  type Viewer,
} from '@ukp/kit';
import type { DocumentRow } from '../db/schema.js';
import type { KnowledgeDeps } from './deps.js';
import { type DocumentEvent, isUuid } from './documents.js';
import { documentsByIds } from './queries.js';
import {
  type DocumentEventModel,
  type EditedPayload,
  type PresencePayload,
  REALTIME_TOPICS,
  type SavedPayload,
} from './realtime-types.js';
import { EventReadCache } from './subscriptions-access.js';
import { checkTags } from './validate.js';

export type SubscriptionField = 'documentEvents' | 'documentPublished';

export interface LiveFeedsOptions {
  /** Events held for one slow subscriber (see `busIterator`); default 256. */
  maxQueued?: number;
}

/**
 * The GraphQL subscriptions of this subgraph, over the bus, so a subscriber on any instance hears
 * events from every instance. Each subscriber filters by document before anything is queued, and
 * every event is authorised again as the subscriber when it is delivered.
 */
export interface LiveFeeds {
  documentEvents(
    viewer: Viewer | null,
    documentId: string,
  ): Promise<AsyncIterableIterator<DocumentEventModel>>;
  documentPublished(
    viewer: Viewer | null,
    tags: readonly string[] | null | undefined,
  ): Promise<AsyncIterableIterator<DocumentRow>>;
  /** Subscriptions open on this instance, per field. */
  active(): Record<SubscriptionField, number>;
  /** Subscriptions ever opened on this instance, per field (only grows: tests wait on it). */
  opened(): Record<SubscriptionField, number>;
}

type RealtimePayload = EditedPayload | PresencePayload | SavedPayload | DocumentEvent;

/**
 * Changes that may take the document away from a subscriber: heard too, so the stream ends when
 * the document becomes unreadable, not only at its next edit. They are never delivered themselves.
 */
const LIFECYCLE_TOPICS = ['document.updated', 'document.archived', 'document.restored', 'document.deleted'];

function toModel(event: BusEvent<RealtimePayload>): DocumentEventModel | null {
  const data = event.data;
  if (event.topic === REALTIME_TOPICS.edited) return { kind: 'edited', ...(data as EditedPayload) };
  if (event.topic === REALTIME_TOPICS.presence) return { kind: 'presence', ...(data as PresencePayload) };
  if (event.topic === REALTIME_TOPICS.saved) return { kind: 'saved', ...(data as SavedPayload) };
  return null;
}

export function createLiveFeeds(deps: KnowledgeDeps, options: LiveFeedsOptions = {}): LiveFeeds {
  const counts: Record<SubscriptionField, number> = { documentEvents: 0, documentPublished: 0 };
  const totals: Record<SubscriptionField, number> = { documentEvents: 0, documentPublished: 0 };
  const reads = new EventReadCache(async (viewer, id) => (await documentsByIds(deps, viewer, [id]))[0]);

  /** Registry errors pass; a slow subscriber is told to start over; anything else is masked. */
  const toClientError = (error: unknown) => {
    if (codeOf(error) && codeOf(error) !== 'INTERNAL_SERVER_ERROR') return error;
    if (error instanceof BusOverflowError) {
      return appError(
        'INTERNAL_SERVER_ERROR',
        'The subscription fell too far behind and was ended: subscribe again, and rejoin to resynchronise.',
      );
    }
    deps.logger.error({ err: error }, 'subscription failed');
    return errors.internal();
  };

  const counted = (field: SubscriptionField) => {
    counts[field] += 1;
    totals[field] += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      counts[field] -= 1;
    };
  };

  return {
    async documentEvents(viewer, documentId) {
      const [row] = isUuid(documentId) ? await documentsByIds(deps, viewer, [documentId]) : [];
      if (!row) throw errors.notFound('Document');
      let onEnd: () => void = () => {};
      const source = await busIterator<RealtimePayload>(
        deps.bus,
        [REALTIME_TOPICS.edited, REALTIME_TOPICS.presence, REALTIME_TOPICS.saved, ...LIFECYCLE_TOPICS],
        {
          filter: (event) => event.data.documentId === documentId,
          maxQueued: options.maxQueued,
          // A missed edit would leave the subscriber's document silently diverged: fail instead.
          overflow: 'error',
          onEnd: () => onEnd(),
        },
      );
      onEnd = counted('documentEvents');
      let presenceSeq = Number.NEGATIVE_INFINITY;
      return mapIterator(
        source,
        async (event) => {
          const model = toModel(event);
          if (model?.kind === 'presence' && model.seq !== undefined) {
            // Instances publish in no global order: never go back to an older participant list.
            if (model.seq <= presenceSeq) return 'skip';
            presenceSeq = model.seq;
          }
          // Asked again for every event: a document made PRIVATE or deleted ends the stream.
          const readable = await reads.read(viewer, documentId, event.id);
          if (!readable) throw errors.notFound('Document');
          if (!model) return 'skip';
          return { emit: model.kind === 'saved' ? { ...model, document: readable } : model };
        },
        toClientError,
      );
    },

    async documentPublished(viewer, tags) {
      const wanted = tags && tags.length > 0 ? new Set(checkTags(tags)) : null;
      let onEnd: () => void = () => {};
      const source = await busIterator<DocumentEvent>(deps.bus, 'document.published', {
        // Cheap checks first, from the event itself: tags, and PRIVATE only for author and ADMIN.
        filter: ({ data }) =>
          (!wanted || data.tags.some((tag) => wanted.has(tag))) &&
          (data.visibility === 'PUBLIC' ||
            (viewer !== null && (viewer.userId === data.authorId || viewer.roles.includes('ADMIN')))),
        maxQueued: options.maxQueued,
        // A feed of announcements: a subscriber who fell behind misses the oldest, not all.
        overflow: 'drop-oldest',
        onEnd: () => onEnd(),
      });
      onEnd = counted('documentPublished');
      return mapIterator(
        source,
        async (event) => {
          // Then the truth, as the subscriber, at the time of the event.
          const row = await reads.read(viewer, event.data.documentId, event.id);
          return row ? { emit: row } : 'skip';
        },
        toClientError,
      );
    },

    active: () => ({ ...counts }),
    opened: () => ({ ...totals }),
  };
}
