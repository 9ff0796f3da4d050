import { randomUUID } from 'node:crypto';
import { errors, type Viewer } from '@ukp/kit';
import { eq } from 'drizzle-orm';
import { type DocumentRow, documents } from '../../db/schema.js';
import { asViewer, type KnowledgeDeps } from '../deps.js';
import { announce, isUuid, transition } from '../documents.js';
import { documentsByIds } from '../queries.js';
import {
  type CollaborationSessionModel,
  type EditedPayload,
  type PresencePayload,
  REALTIME_TOPICS,
  type SavedPayload,
} from '../realtime-types.js';
import { saveLive } from './compaction.js';
import { type CompactionTiming, DEFAULT_COMPACTION } from './compaction-timer.js';
import { LiveDocs } from './live-docs.js';
import {
  addParticipant,
  currentPresence,
  type Presence,
  removeParticipant,
  sweepSilent,
  touchParticipant,
} from './presence.js';
import { realScheduler, type Scheduler } from './scheduler.js';
import { appendUpdate } from './store.js';
import { Tasks } from './tasks.js';
import { decodeUpdateArg, toBase64 } from './update-codec.js';

export interface CollaborationOptions {
  scheduler?: Scheduler;
  /** Tells this instance's own bus messages from others'; random by default. */
  instanceId?: string;
  maxParticipants?: number;
  /** Silence after which a participant is dropped. */
  presenceTimeoutMs?: number;
  /** How often this instance looks for silent participants (of any instance). */
  sweepEveryMs?: number;
  compaction?: Partial<CompactionTiming>;
  idleUnloadMs?: number;
}

export interface CollaborationService {
  readonly instanceId: string;
  join(viewer: Viewer, id: string): Promise<CollaborationSessionModel>;
  /** Logs, applies and broadcasts an update; returns the document's version. */
  apply(viewer: Viewer, id: string, update: string): Promise<number>;
  heartbeat(viewer: Viewer, id: string): Promise<boolean>;
  leave(viewer: Viewer, id: string): Promise<boolean>;
  /** publishDocument, saving the live text first so the published version has it. */
  publish(viewer: Viewer, id: string): Promise<DocumentRow>;
  /** This instance's in-memory text of a document, if it holds it (tests, diagnostics). */
  liveText(id: string): string | undefined;
  /** Compacts a document now, as its timer would. */
  compactNow(id: string): Promise<void>;
  /** Resolves once the background work started so far (and what it started) has finished. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Updates also count as presence, but refreshing it on every keystroke would be wasted writes. */
const TOUCH_EVERY_MS = 5000;

export async function createCollaboration(
  deps: KnowledgeDeps,
  options: CollaborationOptions = {},
): Promise<CollaborationService> {
  const instanceId = options.instanceId ?? randomUUID();
  const scheduler = options.scheduler ?? realScheduler;
  const maxParticipants = options.maxParticipants ?? 100;
  const presenceTimeoutMs = options.presenceTimeoutMs ?? 30_000;
  const sweepEveryMs = options.sweepEveryMs ?? 5000;
  const tasks = new Tasks();
  const docs = new LiveDocs(
    deps,
    {
      instanceId,
      scheduler,
      compaction: { ...DEFAULT_COMPACTION, ...options.compaction },
      idleUnloadMs: options.idleUnloadMs ?? 120_000,
    },
    tasks,
  );
  await docs.start();
  const touched = new Map<string, number>();
  let stopped = false;
  let cancelSweep: (() => void) | null = null;

  async function publishSafely(topic: string, payload: EditedPayload | PresencePayload | SavedPayload) {
    try {
      await deps.bus.publish(topic, payload);
    } catch (error) {
      deps.logger.warn({ err: error, topic, documentId: payload.documentId }, 'could not publish');
    }
  }

  const announcePresence = (documentId: string, presence: Presence) =>
    publishSafely(REALTIME_TOPICS.presence, {
      documentId,
      participantIds: presence.participantIds,
      seq: presence.seq,
    });

  /** A document the caller may read, else NOT_FOUND (never revealing that it exists). */
  async function readable(viewer: Viewer, id: string): Promise<DocumentRow> {
    const [row] = await documentsByIds(deps, viewer, [id]);
    if (!row) throw errors.notFound('Document');
    return row;
  }

  async function save(documentId: string, fallbackEditorId: string | null): Promise<DocumentRow | null> {
    const saved = await saveLive(deps, documentId, fallbackEditorId);
    if (!saved) return null;
    docs.merge(documentId, saved.state);
    await publishSafely(REALTIME_TOPICS.saved, { documentId, version: saved.row.version });
    await announce(deps, 'document.updated', saved.row, fallbackEditorId);
    return saved.row;
  }

  /** After a participant left: announce the list, and save when nobody is left. */
  async function afterLeaving(documentId: string, presence: Presence, who: string | null) {
    await announcePresence(documentId, presence);
    if (presence.participantIds.length === 0) await save(documentId, who);
  }

  async function sweep(): Promise<void> {
    const cutoff = new Date(deps.now().getTime() - presenceTimeoutMs);
    for (const [key, at] of touched) if (at < cutoff.getTime()) touched.delete(key);
    const silent = await sweepSilent(deps.db, cutoff);
    for (const [documentId, userIds] of silent) {
      try {
        await afterLeaving(documentId, await currentPresence(deps.db, documentId), userIds.at(-1) ?? null);
      } catch (error) {
        deps.logger.warn({ err: error, documentId }, 'could not finish a presence timeout');
      }
    }
  }

  function scheduleSweep() {
    if (stopped) return;
    cancelSweep = scheduler.after(sweepEveryMs, () => {
      void tasks.track(
        sweep()
          .catch((error) => deps.logger.warn({ err: error }, 'presence sweep failed'))
          .finally(scheduleSweep),
      );
    });
  }
  scheduleSweep();

  function touchSoon(documentId: string, userId: string) {
    const key = `${documentId}:${userId}`;
    const now = deps.now().getTime();
    if (now - (touched.get(key) ?? Number.NEGATIVE_INFINITY) < TOUCH_EVERY_MS) return;
    touched.set(key, now);
    void tasks.track(
      touchParticipant(deps.db, documentId, userId, deps.now()).catch((error) =>
        deps.logger.warn({ err: error, documentId }, 'could not refresh presence'),
      ),
    );
  }

  return {
    instanceId,

    async join(viewer, id) {
      await readable(viewer, id);
      await docs.open(id);
      const presence = await addParticipant(deps.db, id, viewer.userId, deps.now(), maxParticipants);
      touched.set(`${id}:${viewer.userId}`, deps.now().getTime());
      const live = await docs.refresh(id);
      if (presence.added) await announcePresence(id, presence);
      return { documentId: id, state: toBase64(live.state()), participantIds: presence.participantIds };
    },

    async apply(viewer, id, update) {
      if (!isUuid(id)) throw errors.notFound('Document');
      const bytes = decodeUpdateArg(update);
      let live = docs.loaded(id);
      if (!live) {
        await readable(viewer, id);
        live = await docs.open(id);
      }
      const target = live;
      let version: number;
      try {
        version = await asViewer(deps, viewer, async (tx) => {
          // Checked again in the transaction that logs: the document may have changed hands.
          const [row] = await tx
            .select({ version: documents.version })
            .from(documents)
            .where(eq(documents.id, id));
          if (!row) throw errors.notFound('Document');
          target.validate(bytes);
          await appendUpdate(tx, id, bytes, viewer.userId);
          return row.version;
        });
      } catch (error) {
        // The shadow may hold an update that was never logged.
        target.discardShadow();
        throw error;
      }
      // Committed: from here on the update is durable, whatever happens to this process.
      target.apply(bytes);
      docs.edited(id);
      await publishSafely(REALTIME_TOPICS.edited, {
        documentId: id,
        update,
        actorId: viewer.userId,
        origin: instanceId,
      });
      touchSoon(id, viewer.userId);
      return version;
    },

    async heartbeat(viewer, id) {
      await readable(viewer, id);
      touched.set(`${id}:${viewer.userId}`, deps.now().getTime());
      return touchParticipant(deps.db, id, viewer.userId, deps.now());
    },

    async leave(viewer, id) {
      await readable(viewer, id);
      touched.delete(`${id}:${viewer.userId}`);
      const result = await removeParticipant(deps.db, id, viewer.userId);
      if (result.removed) await afterLeaving(id, result, viewer.userId);
      return true;
    },

    async publish(viewer, id) {
      const [row] = await documentsByIds(deps, viewer, [id]);
      const mayPublish =
        row?.status === 'DRAFT' && (row.authorId === viewer.userId || viewer.roles.includes('ADMIN'));
      if (mayPublish) await save(id, viewer.userId);
      return transition(deps, viewer, id, 'publish');
    },

    liveText: (id) => docs.loaded(id)?.text(),
    compactNow: (id) => docs.compactNow(id),
    settled: () => tasks.settled(),

    async stop() {
      if (stopped) return;
      stopped = true;
      cancelSweep?.();
      await tasks.settled();
      await docs.stop();
    },
  };
}
