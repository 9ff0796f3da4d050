import { type Database, errors } from '@ukp/kit';
import { and, desc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import { aliases, type ModelStatus, modelVersions, trafficSplits } from '../../db/schema.js';
import type { Algorithm, TrainedModel } from '../learn/index.js';
import { type ModelRecord, modelRecordColumns } from './model-record.js';

/** At most this many versions come back from one `models` list. */
export const MAX_MODELS_LISTED = 100;

/** Serialises version allocation (and alias moves) per model name, for the transaction only. */
export function lockName(tx: Pick<Database, 'execute'>, purpose: 'version' | 'alias', name: string) {
  return tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`ml:${purpose}:${name}`}))`);
}

export interface AllocateOptions {
  name: string;
  algorithm: Algorithm;
  requestedBy: string;
  /**
   * Auto-train: allocate nothing (null) when the name already has a READY version, or a TRAINING
   * one touched since this time (an older one belongs to a process that died mid-training).
   */
  unlessLiveSince?: Date;
  /**
   * Retraining on drift: allocate nothing (null) when the name has a TRAINING version touched
   * since `trainingSince` (one retraining at a time), or a version `requestedBy` this actor created
   * since `requestedSince` (the cooldown). Checked under the per-name lock, so instances hearing
   * the same drift event start one training between them.
   */
  unlessBusySince?: { trainingSince: Date; requestedSince: Date };
}

/**
 * Inserts the next version of `name` as TRAINING. The version is `max + 1` read under a
 * per-name transaction lock, so concurrent trainings of one name get 1, 2, 3 … without gaps
 * (the unique (name, version) key is the backstop). Returns null only under `unlessLiveSince`.
 */
export async function allocateVersion(db: Database, options: AllocateOptions): Promise<ModelRecord | null> {
  return db.transaction(async (tx) => {
    await lockName(tx, 'version', options.name);
    if (options.unlessLiveSince) {
      const live = await tx
        .select({ id: modelVersions.id })
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.name, options.name),
            or(
              eq(modelVersions.status, 'READY'),
              and(eq(modelVersions.status, 'TRAINING'), gt(modelVersions.updatedAt, options.unlessLiveSince)),
            ),
          ),
        )
        .limit(1);
      if (live.length > 0) return null;
    }
    if (options.unlessBusySince) {
      const { trainingSince, requestedSince } = options.unlessBusySince;
      const busy = await tx
        .select({ id: modelVersions.id })
        .from(modelVersions)
        .where(
          and(
            eq(modelVersions.name, options.name),
            or(
              and(eq(modelVersions.status, 'TRAINING'), gt(modelVersions.updatedAt, trainingSince)),
              and(
                eq(modelVersions.requestedBy, options.requestedBy),
                gt(modelVersions.createdAt, requestedSince),
              ),
            ),
          ),
        )
        .limit(1);
      if (busy.length > 0) return null;
    }
    const [next] = await tx
      .select({ version: sql<number>`(coalesce(max(${modelVersions.version}), 0) + 1)::int` })
      .from(modelVersions)
      .where(eq(modelVersions.name, options.name));
    const [row] = await tx
      .insert(modelVersions)
      .values({
        name: options.name,
        version: Number(next?.version ?? 1),
        algorithm: options.algorithm,
        status: 'TRAINING',
        requestedBy: options.requestedBy,
      })
      .returning(modelRecordColumns);
    return row!;
  });
}

/** Records progress of a TRAINING version (also its liveness for `unlessLiveSince`). */
export async function recordProgress(db: Database, id: string, progress: number, now: Date): Promise<void> {
  await db
    .update(modelVersions)
    .set({ progress, updatedAt: now })
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, 'TRAINING')));
}

/** TRAINING → READY with everything training produced, in one statement. */
export async function markReady(
  db: Database,
  id: string,
  trained: Omit<TrainedModel, 'artifact'>,
  artifact: Uint8Array,
  now: Date,
): Promise<ModelRecord | undefined> {
  const [row] = await db
    .update(modelVersions)
    .set({
      status: 'READY',
      progress: 1,
      labels: trained.labels,
      metrics: trained.metrics,
      artifact,
      datasetHash: trained.datasetHash,
      rowCount: trained.rowCount,
      hyperParameters: trained.hyperParameters,
      testIds: trained.testIds,
      trainedAt: now,
      error: null,
      updatedAt: now,
    })
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, 'TRAINING')))
    .returning(modelRecordColumns);
  return row;
}

/** TRAINING → FAILED with the reason. */
export async function markFailed(db: Database, id: string, error: string, now: Date): Promise<void> {
  await db
    .update(modelVersions)
    .set({ status: 'FAILED', error: error.slice(0, 2000), updatedAt: now })
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, 'TRAINING')));
}

/** Every version, newest first (bounded), of one name or of all. */
export async function listModels(db: Database, name?: string | null): Promise<ModelRecord[]> {
  return db
    .select(modelRecordColumns)
    .from(modelVersions)
    .where(name ? eq(modelVersions.name, name) : undefined)
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.version))
    .limit(MAX_MODELS_LISTED);
}

export async function modelByVersion(
  db: Database,
  name: string,
  version: number,
): Promise<ModelRecord | null> {
  const [row] = await db
    .select(modelRecordColumns)
    .from(modelVersions)
    .where(and(eq(modelVersions.name, name), eq(modelVersions.version, version)));
  return row ?? null;
}

/** For a DataLoader batch, in the order asked (null for an unknown id). */
export async function modelsByIds(db: Database, ids: readonly string[]): Promise<(ModelRecord | null)[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(modelRecordColumns)
    .from(modelVersions)
    .where(inArray(modelVersions.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

export async function modelStatus(db: Database, id: string): Promise<ModelStatus | null> {
  const [row] = await db
    .select({ status: modelVersions.status })
    .from(modelVersions)
    .where(eq(modelVersions.id, id));
  return row?.status ?? null;
}

/** The artifact bytes and hold-out ids of a READY version (what serving and the gate need). */
export async function artifactOf(
  db: Database,
  id: string,
): Promise<{ artifact: Uint8Array; testIds: string[] } | null> {
  const [row] = await db
    .select({ artifact: modelVersions.artifact, testIds: modelVersions.testIds })
    .from(modelVersions)
    .where(and(eq(modelVersions.id, id), eq(modelVersions.status, 'READY')));
  if (!row?.artifact) return null;
  return { artifact: row.artifact, testIds: row.testIds ?? [] };
}

/** Versions this process was training when it stopped: FAILED, so nothing waits on them forever. */
export async function failAll(db: Database, ids: readonly string[], error: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(modelVersions)
    .set({ status: 'FAILED', error, updatedAt: now })
    .where(and(inArray(modelVersions.id, [...ids]), eq(modelVersions.status, 'TRAINING')));
}

/**
 * Retires a version: ARCHIVED, it serves nothing (a pinned `predict` refuses a version that is not
 * READY) and can take no alias again. Refused while something routes traffic to it — an alias
 * (CONFLICT, with the aliases) or a traffic split (CONFLICT) — and while it trains (BAD_USER_INPUT:
 * the job still owns the row). Archiving an archived version changes nothing. Under the name's alias
 * lock, and with the row locked, so an alias move or a split racing it sees ARCHIVED and refuses.
 */
export async function archiveVersion(db: Database, name: string, version: number): Promise<ModelRecord> {
  return db.transaction(async (tx) => {
    await lockName(tx, 'alias', name);
    const [target] = await tx
      .select(modelRecordColumns)
      .from(modelVersions)
      .where(and(eq(modelVersions.name, name), eq(modelVersions.version, version)))
      .for('update');
    if (!target) throw errors.notFound(`Model ${name} version ${version}`);
    if (target.status === 'ARCHIVED') return target;
    if (target.status === 'TRAINING') {
      throw errors.badInput(
        `${name} v${version} is TRAINING: wait until it is READY or FAILED to archive it.`,
        'version',
      );
    }
    const pointing = await tx
      .select({ alias: aliases.alias })
      .from(aliases)
      .where(eq(aliases.modelId, target.id))
      .orderBy(aliases.alias);
    if (pointing.length > 0) {
      const names = pointing.map((a) => a.alias);
      throw errors.conflict(
        `${name} v${version} is the target of the alias${names.length > 1 ? 'es' : ''} ${names.join(', ')}: move ${names.length > 1 ? 'them' : 'it'} to another version first.`,
        { reason: 'ALIASED', aliases: names },
      );
    }
    const [split] = await tx
      .select({ weight: trafficSplits.weight })
      .from(trafficSplits)
      .where(eq(trafficSplits.modelId, target.id))
      .limit(1);
    if (split) {
      throw errors.conflict(
        `${name} v${version} is in the traffic split of ${name}: change the split first.`,
        { reason: 'IN_TRAFFIC_SPLIT' },
      );
    }
    const [archived] = await tx
      .update(modelVersions)
      .set({ status: 'ARCHIVED', updatedAt: sql`now()` })
      .where(eq(modelVersions.id, target.id))
      .returning(modelRecordColumns);
    return archived!;
  });
}
