import type { Database } from '@ukp/kit';
import { inArray } from 'drizzle-orm';
import { trafficSplits } from '../../db/schema.js';

/** `Model.trafficWeight` for a DataLoader batch: each version's share in its name's split, or null. */
export async function trafficWeightsByModelIds(
  db: Database,
  ids: readonly string[],
): Promise<(number | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ modelId: trafficSplits.modelId, weight: trafficSplits.weight })
    .from(trafficSplits)
    .where(inArray(trafficSplits.modelId, [...ids]));
  const byId = new Map(rows.map((r) => [r.modelId, r.weight]));
  return ids.map((id) => byId.get(id) ?? null);
}
