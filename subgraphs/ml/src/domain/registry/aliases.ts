import { type Database, errors } from '@ukp/kit';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { aliasAudit, aliases, modelVersions } from '../../db/schema.js';
import type { MlDeps } from '../deps.js';
import { compareOnHoldout, type GateComparison, gateFails, gateRefusal } from './gate.js';
import {
  isAliasName,
  isModelName,
  type ModelRecord,
  modelRecordColumns,
  PRODUCTION_ALIAS,
} from './model-record.js';
import { lockName, modelByVersion } from './versions.js';

/** The version an alias points at, or null. */
export async function resolveAlias(db: Database, name: string, alias: string): Promise<ModelRecord | null> {
  const [row] = await db
    .select(modelRecordColumns)
    .from(aliases)
    .innerJoin(modelVersions, eq(modelVersions.id, aliases.modelId))
    .where(and(eq(aliases.name, name), eq(aliases.alias, alias)));
  return row ?? null;
}

/** Aliases per version for a DataLoader batch, in the order asked, each sorted. */
export async function aliasesByModelIds(db: Database, ids: readonly string[]): Promise<string[][]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ modelId: aliases.modelId, alias: aliases.alias })
    .from(aliases)
    .where(inArray(aliases.modelId, [...ids]))
    .orderBy(aliases.alias);
  const byId = new Map<string, string[]>();
  for (const row of rows) byId.set(row.modelId, [...(byId.get(row.modelId) ?? []), row.alias]);
  return ids.map((id) => byId.get(id) ?? []);
}

export interface MoveAliasInput {
  name: string;
  version: number;
  alias: string;
  /** Move `production` past a failing promotion gate (the caller checked the actor is ADMIN). */
  force?: boolean;
  /** A user id, or `system`. */
  actor: string;
  requestId?: string | null;
  /** Auto-train: point the alias only if it points nowhere yet (else return null, moving nothing). */
  onlyIfUnset?: boolean;
}

export interface MoveAliasResult {
  model: ModelRecord;
  /** False when the alias already pointed at this version (nothing written). */
  moved: boolean;
  fromVersion: number | null;
}

/**
 * Points an alias at a READY version, atomically and audited. Moving `production` to a version
 * that is worse on macro-F1 than the current production on the candidate's hold-out is refused
 * (CONFLICT with the deltas) unless `force`. The comparison reads documents over HTTP, so it runs
 * before the transaction; the transaction then checks production did not move meanwhile.
 */
export async function moveAlias(deps: MlDeps, input: MoveAliasInput): Promise<MoveAliasResult | null> {
  const { name, alias, version } = input;
  if (!isModelName(name)) throw errors.badInput('name must be 1–100 characters of [a-z0-9-].', 'name');
  if (!isAliasName(alias)) throw errors.badInput('alias must be 1–50 characters of [a-z0-9-].', 'alias');
  if (!Number.isInteger(version) || version < 1) throw errors.badInput('version must be ≥ 1.', 'version');

  const target = await modelByVersion(deps.db, name, version);
  if (!target) throw errors.notFound(`Model ${name} version ${version}`);
  if (target.status !== 'READY') {
    throw errors.badInput(
      `${name} v${version} is ${target.status}: only a READY version can take an alias.`,
      'version',
    );
  }
  const before = await resolveAlias(deps.db, name, alias);
  if (input.onlyIfUnset && before) return null;
  if (before?.id === target.id) return { model: target, moved: false, fromVersion: before.version };

  let comparison: GateComparison | undefined;
  let forced = false;
  if (alias === PRODUCTION_ALIAS && before) {
    comparison = await compareOnHoldout(deps, target, before);
    if (gateFails(comparison)) {
      if (!input.force) throw gateRefusal(name, comparison);
      forced = true;
    }
  }

  return deps.db.transaction(async (tx) => {
    await lockName(tx, 'alias', name);
    const [current] = await tx
      .select({ modelId: aliases.modelId, version: modelVersions.version })
      .from(aliases)
      .innerJoin(modelVersions, eq(modelVersions.id, aliases.modelId))
      // The per-name lock above serialises moves; no row lock needed (and none exists to take yet).
      .where(and(eq(aliases.name, name), eq(aliases.alias, alias)));
    if (input.onlyIfUnset && current) return null;
    if ((current?.modelId ?? null) !== (before?.id ?? null)) {
      throw errors.conflict(`The alias ${alias} of ${name} moved meanwhile; try again.`, {
        currentVersion: current?.version ?? null,
      });
    }
    const [still] = await tx
      .select({ status: modelVersions.status })
      .from(modelVersions)
      .where(eq(modelVersions.id, target.id))
      .for('share');
    if (still?.status !== 'READY') {
      throw errors.badInput(`${name} v${version} is no longer READY.`, 'version');
    }
    const now = deps.now();
    await tx
      .insert(aliases)
      .values({ name, alias, modelId: target.id, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [aliases.name, aliases.alias],
        set: { modelId: target.id, updatedAt: sql`excluded.updated_at` },
      });
    await tx.insert(aliasAudit).values({
      actor: input.actor,
      name,
      alias,
      fromVersion: current?.version ?? null,
      toVersion: target.version,
      forced,
      detail: comparison ? { gate: comparison } : null,
      requestId: input.requestId ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return { model: target, moved: true, fromVersion: current?.version ?? null };
  });
}
