import type { Database, Logger } from '@ukp/kit';
import { inArray, sql } from 'drizzle-orm';
import { servedCounts } from '../../db/schema.js';

/**
 * Predictions served per version: counted in process on the hot path, added to the registry
 * every `flushMs` and on stop, so `Model.servedCount` is the registry's sum plus what this
 * instance has not flushed yet.
 */
export function createServedCounts(db: Database, logger: Logger) {
  let pending = new Map<string, number>();

  async function flush(): Promise<void> {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    const rows = [...batch].map(([modelId, count]) => ({ modelId, count }));
    try {
      await db
        .insert(servedCounts)
        .values(rows)
        .onConflictDoUpdate({
          target: servedCounts.modelId,
          set: { count: sql`${servedCounts.count} + excluded.count`, updatedAt: sql`now()` },
        });
    } catch (error) {
      // Put them back: counted next time rather than lost.
      for (const [id, n] of batch) pending.set(id, (pending.get(id) ?? 0) + n);
      logger.warn({ err: error }, 'served counts: flush failed');
    }
  }

  return {
    add(modelId: string, count: number) {
      pending.set(modelId, (pending.get(modelId) ?? 0) + count);
    },
    /** For a DataLoader batch, in the order asked. */
    async counts(ids: readonly string[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .select({ modelId: servedCounts.modelId, count: servedCounts.count })
        .from(servedCounts)
        .where(inArray(servedCounts.modelId, [...ids]));
      const stored = new Map(rows.map((r) => [r.modelId, Number(r.count)]));
      return ids.map((id) => (stored.get(id) ?? 0) + (pending.get(id) ?? 0));
    },
    flush,
    /** Flushes every `ms`; returns the function that stops and flushes once more. */
    startTimer(ms: number): () => Promise<void> {
      const timer = setInterval(() => void flush(), ms);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await flush();
      };
    },
  };
}

export type ServedCounts = ReturnType<typeof createServedCounts>;
