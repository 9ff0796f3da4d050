import { randomUUID } from 'node:crypto';
import { BackgroundTasks, codeOf, errors, type Viewer } from '@ukp/kit';
import { eq } from 'drizzle-orm';
import { type DocumentRow, documentSummaryColumns, documents } from '../../db/schema.js';
import { type Actor, mayChange, mayRead, readableWhere } from '../access.js';
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
import { textChangedEvent } from '../text-changes.js';
import { bodyFromText } from './body-text.js';
import { saveLive } from './compaction.js';
import { type CompactionTiming, DEFAULT_COMPACTION } from './compaction-timer.js';
import { defaultMaxStateBytes } from './live-doc.js';
import { LiveDocs } from './live-docs.js';
import {
  addParticipant,
  type CollaborationActivity,
  countActivity,
  currentPresence,
  type Presence,
  removeParticipant,
  sweepSilent,
  touchParticipant,
} from './presence.js';
import { realScheduler, type Scheduler } from './scheduler.js';
import { appendUpdate } from './store.js';
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
  /** The largest shared state (encoded, bytes) of a document; twice the body limit by default. */
  maxStateBytes?: number;
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
  /** How many documents are edited live now and by how many people, on every instance (dashboard). */
  activity(): Promise<CollaborationActivity>;
  /** This instance's in-memory text of a document, if it holds it (tests, diagnostics). */
  liveText(id: string): string | undefined;
  /** Compacts a document now, as its timer would. */
  compactNow(id: string): Promise<void>;
  /** Resolves once the background work started so far (and what it started) has finished. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

const forbiddenLiveEdit = () =>
  errors.forbidden('Only the author, an ADMIN, or an EDITOR of a PUBLIC document may edit it live.');

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
  const tasks = new BackgroundTasks(deps.logger);
  const docs = new LiveDocs(
    deps,
    {
      instanceId,
      scheduler,
      compaction: { ...DEFAULT_COMPACTION, ...options.compaction },
      idleUnloadMs: options.idleUnloadMs ?? 120_000,
      limits: {
        bodyMaxBytes: deps.bodyMaxBytes,
        maxStateBytes: options.maxStateBytes ?? defaultMaxStateBytes(deps.bodyMaxBytes),
      },
    },
    tasks,
  );
  await docs.start();
  const { textChanges } = deps;
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

  /** A document the caller may read and whose text they may change (the edit rule), else FORBIDDEN. */
  async function editable(viewer: Viewer, id: string): Promise<DocumentRow> {
    const row = await readable(viewer, id);
    if (!mayChange(viewer, row, 'content')) throw forbiddenLiveEdit();
    return row;
  }

  async function save(documentId: string, fallback: Actor | null): Promise<DocumentRow | null> {
    const saved = await saveLive(deps, documentId, fallback);
    if (!saved) return null;
    docs.merge(documentId, saved.state);
    await publishSafely(REALTIME_TOPICS.saved, { documentId, version: saved.row.version });
    await announce(deps, 'document.updated', saved.row, saved.editorId);
    const row = saved.row;
    textChanges.changed(documentId, () => textChangedEvent(row, row.body, deps.now()));
    return saved.row;
  }

  /**
   * After a participant left: announce the list, and save when nobody is left. A save refused
   * (the rule, the body limit) leaves the log as it is for a later save; leaving itself succeeded.
   */
  async function afterLeaving(documentId: string, presence: Presence, who: Actor | null) {
    await announcePresence(documentId, presence);
    if (presence.participantIds.length > 0) return;
    try {
      await save(documentId, who);
    } catch (error) {
      const code = codeOf(error);
      if (code !== 'FORBIDDEN' && code !== 'BAD_USER_INPUT') throw error;
      deps.logger.warn({ err: error, documentId }, 'the live text was not saved');
    }
  }

  async function sweep(): Promise<void> {
    const cutoff = new Date(deps.now().getTime() - presenceTimeoutMs);
    for (const [key, at] of touched) if (at < cutoff.getTime()) touched.delete(key);
    const silent = await sweepSilent(deps.db, cutoff);
    for (const documentId of silent.keys()) {
      try {
        // Swept users' roles are unknown here: the save runs as the last editor in the log.
        await afterLeaving(documentId, await currentPresence(deps.db, documentId), null);
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

    activity: () => countActivity(deps.db, new Date(deps.now().getTime() - presenceTimeoutMs)),

    async join(viewer, id) {
      await editable(viewer, id);
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
        await editable(viewer, id);
        live = await docs.open(id);
      }
      const target = live;
      let row: Omit<DocumentRow, 'body'>;
      try {
        row = await asViewer(deps, viewer, async (tx) => {
          // Checked again in the transaction that logs: the document may have changed hands.
          // Without the body: nothing here reads it, and it can be the largest thing in the row.
          const [current] = await tx
            .select(documentSummaryColumns)
            .from(documents)
            .where(eq(documents.id, id));
          if (!current || !mayRead(viewer, current)) throw errors.notFound('Document');
          if (!mayChange(viewer, current, 'content')) throw forbiddenLiveEdit();
          target.validate(bytes);
          await appendUpdate(tx, id, bytes, viewer);
          return current;
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
      // The text is read when the event goes out: a trailing event carries the newest text.
      textChanges.changed(id, () =>
        textChangedEvent(row, bodyFromText((docs.loaded(id) ?? target).text()), deps.now()),
      );
      touchSoon(id, viewer.userId);
      return row.version;
    },

    async heartbeat(viewer, id) {
      if (!isUuid(id)) throw errors.notFound('Document');
      // The usual heartbeat, a participant of a document they may still read, is one statement:
      // the read rule rides in the UPDATE. Presence is the owner's maintenance, outside row-level
      // security, so the rule applies here even where tests turn the service's read filter off.
      const alive = await touchParticipant(deps.db, id, viewer.userId, deps.now(), readableWhere(viewer));
      // Nothing touched: a document they may not read (NOT_FOUND, decided under row-level security
      // as every read is), or one they are not in the session of (false: they should join again).
      if (!alive) await readable(viewer, id);
      touched.set(`${id}:${viewer.userId}`, deps.now().getTime());
      return alive;
    },

    async leave(viewer, id) {
      await readable(viewer, id);
      touched.delete(`${id}:${viewer.userId}`);
      const result = await removeParticipant(deps.db, id, viewer.userId);
      if (result.removed) await afterLeaving(id, result, viewer);
      return true;
    },

    async publish(viewer, id) {
      const [row] = await documentsByIds(deps, viewer, [id]);
      if (row?.status === 'DRAFT' && mayChange(viewer, row, 'manage')) await save(id, viewer);
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
      // Before the documents are dropped from memory: a waiting event still reads their text.
      await textChanges.stop();
      await docs.stop();
    },
  };
}
