import { type Database, errors } from '@ukp/kit';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { modelVersions, trafficSplits } from '../../db/schema.js';
import { isModelName, type ModelRecord, modelRecordColumns } from './model-record.js';
import type { VersionWeight } from './traffic-input.js';

/** One version of a split with its share of the name's traffic. */
export interface SplitEntry {
  model: ModelRecord;
  weight: number;
}

/**
 * A name's split in version order, which is the order users are routed in (`pickVariant`'s
 * index): listing the same split in another order then moves no one, and every instance agrees.
 */
export type TrafficSplit = readonly SplitEntry[];

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

/** `name`'s split (empty: none), in version order. */
export async function readSplit(db: Database, name: string): Promise<SplitEntry[]> {
  const rows = await db
    .select({ model: modelRecordColumns, weight: trafficSplits.weight })
    .from(trafficSplits)
    .innerJoin(modelVersions, eq(modelVersions.id, trafficSplits.modelId))
    .where(eq(trafficSplits.name, name))
    .orderBy(asc(modelVersions.version));
  return rows;
}

export interface ReplaceSplitInput {
  name: string;
  /** Already shape-checked (`checkSplitInput`). */
  split: readonly VersionWeight[];
  now: Date;
}

/**
 * Replaces `name`'s split in one transaction, under a per-name lock: every version must exist
 * (NOT_FOUND) and be READY (BAD_USER_INPUT), read with a share lock so none leaves READY before
 * the split is in. Returns the split's versions in the order given (empty: the split ended).
 */
export async function replaceSplit(db: Database, input: ReplaceSplitInput): Promise<SplitEntry[]> {
  const { name, split, now } = input;
  if (!isModelName(name)) throw errors.badInput('name must be 1–100 characters of [a-z0-9-].', 'name');
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ml:split:${name}`}))`);
    const [known] = await tx
      .select({ id: modelVersions.id })
      .from(modelVersions)
      .where(eq(modelVersions.name, name))
      .limit(1);
    if (!known) throw errors.notFound(`Model ${name}`);
    const versions = split.map((s) => s.version);
    const models =
      versions.length === 0
        ? []
        : await tx
            .select(modelRecordColumns)
            .from(modelVersions)
            .where(and(eq(modelVersions.name, name), inArray(modelVersions.version, versions)))
            .for('share');
    const byVersion = new Map(models.map((m) => [m.version, m]));
    const entries = split.map(({ version, weight }) => {
      const model = byVersion.get(version);
      if (!model) throw errors.notFound(`Model ${name} version ${version}`);
      if (model.status !== 'READY')
        throw errors.badInput(
          `${name} v${version} is ${model.status}: only READY versions take traffic.`,
          'split',
        );
      return { model, weight };
    });
    await tx.delete(trafficSplits).where(eq(trafficSplits.name, name));
    if (entries.length > 0) {
      await tx.insert(trafficSplits).values(
        entries.map(({ model, weight }) => ({
          name,
          modelId: model.id,
          version: model.version,
          weight,
          createdAt: now,
          updatedAt: now,
        })),
      );
    }
    return entries;
  });
}
