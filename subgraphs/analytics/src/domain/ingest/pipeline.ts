import { publishAnomaly } from '../alerts/detect.js';
import type { AnalyticsDeps } from '../deps.js';
import { applySplits } from '../experiments/model-splits.js';
import { type PartitionManager, retentionStart } from './partitions.js';
import { type BatchPlan, planBatch } from './plan.js';
import { insertKeys, upsertWindows, writeFacts, writeSketches } from './statements.js';
import type { IngestEvent, IngestResult, ReportedAnomaly } from './types.js';

/** Events one transaction takes; a longer call is split (each part idempotent by its keys). */
export const MAX_BATCH = 2000;
/** A platform event stamped further ahead than this is a broken clock: skipped, not stored. */
export const MAX_FUTURE_MS = 24 * 3_600_000;
/** Deadlocks cannot happen between pipelines (rows are locked in key order) but may with others. */
const ATTEMPTS = 3;
const RETRYABLE = new Set(['40P01', '40001']);

export interface IngestPipeline {
  ingest(events: readonly IngestEvent[]): Promise<IngestResult>;
  /** Called after each commit (never inside the transaction); returns an unsubscribe. */
  onCommitted(listener: (result: IngestResult) => void): () => void;
}

function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * The one way into storage. Per batch, ONE transaction of at most four statements, whatever the
 * batch size: the idempotency keys (a replayed event is dropped there); the raw events, users'
 * hourly activity, document views, model exposures, experiment conversions and reported
 * anomalies; the metric and operation windows, which returns the stored sketches under the row
 * locks; the merged sketches. The windows come last because every batch touches their hot rows (the current minute of `requests`): they are
 * held locked for the shortest time. A batch holding traffic split changes (rare) applies them
 * first, a few statements each (`experiments/model-splits.ts`). Anomalies this batch stored are
 * published after the commit, so a subscriber never hears of one a rollback took back.
 */
export function createIngestPipeline(deps: AnalyticsDeps, partitions: PartitionManager): IngestPipeline {
  const listeners = new Set<(result: IngestResult) => void>();

  type Written = IngestResult & { anomalies: ReportedAnomaly[] };

  async function write(events: readonly IngestEvent[], keys: string[], now: Date): Promise<Written> {
    // Planned before the transaction on the hope that nothing is a replay (the usual case),
    // so that the rows stay locked only for the statements themselves.
    const hopeful = planBatch(events);
    return deps.db.transaction(async (tx) => {
      let plan: BatchPlan = hopeful;
      let counted = events.length;
      if (keys.length > 0) {
        const fresh = await insertKeys(tx, keys, now);
        if (fresh.size < keys.length) {
          const kept = events.filter((e) => e.key === null || fresh.has(e.key));
          counted = kept.length;
          plan = planBatch(kept);
        }
      }
      for (const applied of await applySplits(tx, plan.splits, now))
        if (applied.change !== 'none')
          deps.logger.info(applied, 'model experiment follows its traffic split');
      const anomalies = await writeFacts(tx, plan, now);
      await writeSketches(tx, await upsertWindows(tx, plan, now));
      return { accepted: counted, duplicates: events.length - counted, touched: plan.touched, anomalies };
    });
  }

  /** The batch's result; `committed` false when nothing was left to write (no transaction ran). */
  async function ingestBatch(batch: readonly IngestEvent[]): Promise<IngestResult & { committed: boolean }> {
    const now = deps.now();
    const earliest = retentionStart(now, deps.config.retentionDays).getTime();
    const latest = now.getTime() + MAX_FUTURE_MS;
    const keys: string[] = [];
    const seen = new Set<string>();
    const events: IngestEvent[] = [];
    let outOfRange = 0;
    let repeated = 0;
    for (const event of batch) {
      const at = event.at.getTime();
      if (!(at >= earliest && at <= latest)) {
        outOfRange += 1;
        continue;
      }
      if (event.key !== null) {
        if (seen.has(event.key)) {
          repeated += 1;
          continue;
        }
        seen.add(event.key);
        keys.push(event.key);
      }
      events.push(event);
    }
    if (outOfRange > 0)
      deps.logger.warn(
        { skipped: outOfRange, retentionDays: deps.config.retentionDays },
        'events outside the retention or too far ahead were skipped',
      );
    if (events.length === 0) return { accepted: 0, duplicates: repeated, touched: [], committed: false };

    await partitions.ensureFor(events.filter((e) => e.name !== null).map((e) => e.at));
    for (let attempt = 1; ; attempt++) {
      try {
        const { anomalies, ...result } = await write(events, keys, now);
        for (const anomaly of anomalies) await publishAnomaly(deps, anomaly);
        return { ...result, duplicates: result.duplicates + repeated, committed: true };
      } catch (error) {
        if (attempt >= ATTEMPTS || !RETRYABLE.has(sqlStateOf(error) ?? '')) throw error;
        deps.logger.warn({ err: error, attempt }, 'ingest transaction retried');
      }
    }
  }

  function announce(result: IngestResult): void {
    for (const listener of listeners) {
      try {
        listener(result);
      } catch (error) {
        deps.logger.error({ err: error }, 'an ingest listener failed');
      }
    }
  }

  return {
    async ingest(events) {
      const total: IngestResult = { accepted: 0, duplicates: 0, touched: [] };
      for (let start = 0; start < events.length; start += MAX_BATCH) {
        const { committed, ...result } = await ingestBatch(events.slice(start, start + MAX_BATCH));
        if (committed) announce(result);
        total.accepted += result.accepted;
        total.duplicates += result.duplicates;
        total.touched.push(...result.touched);
      }
      return total;
    },
    onCommitted(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
