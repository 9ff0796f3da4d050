import { type BackgroundTasks, errors } from '@ukp/kit';
import type { KnowledgeDeps } from '../deps.js';
import { type EditedPayload, REALTIME_TOPICS } from '../realtime-types.js';
import { compact } from './compaction.js';
import { CompactionTimer, type CompactionTiming } from './compaction-timer.js';
import { LiveDoc, type LiveDocLimits } from './live-doc.js';
import type { Scheduler } from './scheduler.js';
import { ensureLiveState, readLiveState, readLog } from './store.js';

export interface LiveDocsOptions {
  instanceId: string;
  scheduler: Scheduler;
  compaction: CompactionTiming;
  /** A document nobody used here for this long is dropped from memory (after compacting). */
  idleUnloadMs: number;
  /** What an update may grow a document to. */
  limits: LiveDocLimits;
}

interface Entry {
  id: string;
  ready: Promise<LiveDoc>;
  live: LiveDoc | null;
  /** Remote updates heard while loading, applied once the stored state is in. */
  early: Uint8Array[];
  timer: CompactionTimer;
  cancelIdle: (() => void) | null;
  /** The compaction running or queued here: one at a time per document and instance. */
  compacting: Promise<void>;
  /** Counts uses, so unloading can tell the document was used again while it compacted. */
  activity: number;
}

/**
 * This instance's in-memory shared documents. Postgres is the truth: a document is loaded as its
 * stored state plus the whole update log, and every instance applies the updates the others
 * announce on the bus. The bus may drop a message, so each compaction also merges the stored state
 * back into memory, and a join re-reads the log.
 */
export class LiveDocs {
  private readonly entries = new Map<string, Entry>();
  private unsubscribe: (() => Promise<void>) | null = null;
  private stopped = false;

  constructor(
    private readonly deps: KnowledgeDeps,
    private readonly options: LiveDocsOptions,
    private readonly tasks: BackgroundTasks,
  ) {}

  /** Listens for other instances' updates; must be live before the first document loads. */
  async start(): Promise<void> {
    this.unsubscribe = await this.deps.bus.subscribe<EditedPayload>(REALTIME_TOPICS.edited, (event) =>
      this.heard(event.data),
    );
  }

  /** The loaded document, if this instance holds it. */
  loaded(id: string): LiveDoc | undefined {
    const entry = this.entries.get(id);
    return entry?.live && !entry.live.stale ? entry.live : undefined;
  }

  /** The document in memory, loading (and on first use initialising) it from Postgres. */
  async open(id: string): Promise<LiveDoc> {
    if (this.stopped) throw new Error('live editing is stopping');
    let entry = this.entries.get(id);
    if (entry?.live?.stale) {
      entry.live.destroy();
      this.entries.delete(id);
      entry = undefined;
    }
    if (!entry) entry = this.load(id);
    this.markActive(entry);
    return entry.ready;
  }

  /** Applies the log again (an update whose bus message was lost is in it). */
  async refresh(id: string): Promise<LiveDoc> {
    const live = await this.open(id);
    for (const update of await readLog(this.deps.db, id)) live.apply(update);
    return live;
  }

  /** A local update was logged and applied: compact it soon. */
  edited(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.timer.edited();
    this.markActive(entry);
  }

  /** Merges a state read from Postgres (after compacting or saving) into memory. */
  merge(id: string, state: Uint8Array): void {
    this.entries.get(id)?.live?.apply(state);
  }

  /** Compacts now (tests, unloading, stopping); waits for any compaction already running. */
  compactNow(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.resolve();
    entry.timer.stop();
    return this.runCompaction(entry);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.unsubscribe?.();
    // Compact what is waiting, so a graceful stop leaves the body column current.
    await Promise.all(
      [...this.entries.values()].map((entry) => {
        entry.cancelIdle?.();
        const wasPending = entry.timer.pending;
        entry.timer.stop();
        return wasPending ? this.runCompaction(entry) : entry.compacting;
      }),
    );
    for (const entry of this.entries.values()) entry.live?.destroy();
    this.entries.clear();
  }

  private load(id: string): Entry {
    const loading: Omit<Entry, 'ready'> = {
      id,
      live: null,
      early: [],
      activity: 0,
      cancelIdle: null,
      compacting: Promise.resolve(),
      timer: new CompactionTimer(
        this.options.scheduler,
        () => this.deps.now().getTime(),
        () => void this.tasks.track(this.runCompaction(entry)),
        this.options.compaction,
      ),
    };
    // `ready` needs the entry itself (read() fills in `live`): complete it in a second step.
    const entry = loading as Entry;
    entry.ready = this.read(entry);
    entry.ready.catch(() => {
      if (this.entries.get(id) === entry) this.entries.delete(id);
      entry.timer.stop();
      entry.cancelIdle?.();
    });
    this.entries.set(id, entry);
    return entry;
  }

  /** Sets `entry.live` in the same turn as it drains `early`, so no bus message falls between. */
  private async read(entry: Entry): Promise<LiveDoc> {
    let updates = await readLiveState(this.deps.db, entry.id);
    if (!updates) {
      if (!(await ensureLiveState(this.deps.db, entry.id))) throw errors.notFound('Document');
      updates = await readLiveState(this.deps.db, entry.id);
    }
    // Heard on the bus while reading: harmless if already in the log, Yjs applies once.
    entry.live = new LiveDoc([...(updates ?? []), ...entry.early.splice(0)], this.options.limits);
    return entry.live;
  }

  private heard(payload: EditedPayload): void {
    if (payload.origin === this.options.instanceId) return;
    const entry = this.entries.get(payload.documentId);
    if (!entry) return;
    const update = new Uint8Array(Buffer.from(payload.update, 'base64'));
    if (!entry.live) {
      entry.early.push(update);
      return;
    }
    // Also compacted here: if the instance that logged it dies first, the log is still folded in.
    if (entry.live.apply(update)) entry.timer.edited();
    else this.deps.logger.warn({ documentId: entry.id }, 'a remote update did not apply; reloading');
  }

  private runCompaction(entry: Entry): Promise<void> {
    entry.compacting = entry.compacting.then(async () => {
      try {
        const result = await compact(this.deps, entry.id);
        if (result) entry.live?.apply(result.state);
      } catch (error) {
        // The log is still there: the next edit, join or instance compacts it.
        this.deps.logger.warn({ err: error, documentId: entry.id }, 'compaction failed');
      }
    });
    return entry.compacting;
  }

  private markActive(entry: Entry): void {
    entry.activity += 1;
    const activity = entry.activity;
    entry.cancelIdle?.();
    entry.cancelIdle = this.options.scheduler.after(this.options.idleUnloadMs, () => {
      void this.tasks.track(this.unload(entry, activity));
    });
  }

  private async unload(entry: Entry, activity: number): Promise<void> {
    if (this.entries.get(entry.id) !== entry) return;
    entry.timer.flush();
    await entry.compacting;
    if (entry.activity !== activity || entry.timer.pending || this.entries.get(entry.id) !== entry) return;
    this.entries.delete(entry.id);
    entry.live?.destroy();
  }
}
