import { type Database, rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import type { ExperimentStatus, VariantSpec } from '../../db/schema.js';
import type { TrafficSplit } from '../ingest/types.js';
import { archivedExperimentKey } from './model-experiments.js';
import { WEIGHT_SUM_TOLERANCE } from './validate.js';

type Executor = Pick<Database, 'execute'>;

/** The stored experiment a split event meets. */
export interface SplitState {
  status: ExperimentStatus;
  variants: VariantSpec[];
  metric: string;
  createdAt: Date;
  concludedAt: Date | null;
}

/**
 * What a split event does to its experiment:
 * - `create`: there is none yet;
 * - `conclude`: the split ended (no variants) while it ran; it keeps its key, its results stay;
 * - `replace`: a different split (or a new one after an end): the old experiment, its exposures
 *   and conversions move to an archived key and a new experiment starts under the key;
 * - `none`: the same split again, an end of what is not running, or an event older than the
 *   experiment's last change (a redelivery or a late event must not undo a newer split).
 */
export type SplitChange = 'create' | 'conclude' | 'replace' | 'none';

function sameVariants(a: readonly VariantSpec[], b: readonly VariantSpec[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (v, i) =>
        v.name === b[i]?.name && Math.abs(v.weight - (b[i]?.weight ?? Number.NaN)) <= WEIGHT_SUM_TOLERANCE,
    )
  );
}

export function splitChange(current: SplitState | undefined, split: TrafficSplit): SplitChange {
  const ended = split.variants.length === 0;
  if (!current) return ended ? 'none' : 'create';
  const lastChange =
    current.status === 'RUNNING' ? current.createdAt : (current.concludedAt ?? current.createdAt);
  if (split.at.getTime() <= lastChange.getTime()) return 'none';
  if (ended) return current.status === 'RUNNING' ? 'conclude' : 'none';
  if (
    current.status === 'RUNNING' &&
    current.metric === split.metric &&
    sameVariants(current.variants, split.variants)
  )
    return 'none';
  return 'replace';
}

async function readState(tx: Executor, key: string): Promise<SplitState | undefined> {
  const [row] = rowsOf<{
    status: ExperimentStatus;
    variants: VariantSpec[] | string;
    metric: string;
    created_at: Date | string;
    concluded_at: Date | string | null;
  }>(
    await tx.execute(sql`
      select status, variants, metric, created_at, concluded_at from analytics.experiments
      where key = ${key} for update`),
  );
  if (!row) return undefined;
  return {
    status: row.status,
    variants: typeof row.variants === 'string' ? (JSON.parse(row.variants) as VariantSpec[]) : row.variants,
    metric: row.metric,
    createdAt: new Date(row.created_at),
    concludedAt: row.concluded_at === null ? null : new Date(row.concluded_at),
  };
}

/** The split's experiment starts (or restarts) at the split's time: exposures before it are not its. */
async function insertExperiment(tx: Executor, split: TrafficSplit, now: Date): Promise<boolean> {
  const rows = rowsOf(
    await tx.execute(sql`
      insert into analytics.experiments (key, metric, status, sequential, variants, created_by, created_at, updated_at)
      values (${split.experimentKey}, ${split.metric}, 'RUNNING', false, ${JSON.stringify(split.variants)}::jsonb,
              ${split.actorId}, ${split.at.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz)
      on conflict (key) do nothing
      returning key`),
  );
  return rows.length > 0;
}

async function conclude(tx: Executor, split: TrafficSplit, now: Date): Promise<void> {
  await tx.execute(sql`
    update analytics.experiments
    set status = 'CONCLUDED', concluded_at = ${split.at.toISOString()}::timestamptz,
        updated_at = ${now.toISOString()}::timestamptz
    where key = ${split.experimentKey}`);
}

/**
 * Moves the experiment to its archived key (a copy first, since the exposures' and conversions'
 * foreign keys do not follow an updated key), then starts the new split under the key. False when
 * the archived key is taken: nothing is moved, so nothing merges into another experiment's rows.
 */
async function replace(tx: Executor, split: TrafficSplit, now: Date): Promise<boolean> {
  const key = split.experimentKey;
  const archived = archivedExperimentKey(key, split.at);
  const at = split.at.toISOString();
  const stamp = now.toISOString();
  const copied = rowsOf(
    await tx.execute(sql`
      insert into analytics.experiments
        (key, metric, status, sequential, variants, created_by, concluded_at, created_at, updated_at)
      select ${archived}, metric, 'CONCLUDED', sequential, variants, created_by,
             coalesce(concluded_at, ${at}::timestamptz), created_at, ${stamp}::timestamptz
      from analytics.experiments where key = ${key}
      on conflict (key) do nothing
      returning key`),
  );
  if (copied.length === 0) return false;
  await tx.execute(sql`
    with moved as (
      update analytics.exposures set experiment_key = ${archived} where experiment_key = ${key}
    )
    update analytics.conversions set experiment_key = ${archived} where experiment_key = ${key}`);
  await tx.execute(sql`
    update analytics.experiments
    set metric = ${split.metric}, status = 'RUNNING', sequential = false,
        variants = ${JSON.stringify(split.variants)}::jsonb, created_by = ${split.actorId},
        created_at = ${at}::timestamptz, concluded_at = null, updated_at = ${stamp}::timestamptz
    where key = ${key}`);
  return true;
}

export interface AppliedSplit {
  experimentKey: string;
  change: SplitChange;
  /** Where the previous experiment went, for `replace`. */
  archivedAs?: string;
}

/**
 * Applies the batch's split events in time order, inside the batch's transaction and before its
 * facts, so that a batch holding a split and then exposures under it exposes them. The experiment
 * row is locked first: two instances applying splits of one model take turns, and the second
 * decides on what the first committed. Splits are rare; this costs statements only when a batch
 * holds one.
 */
export async function applySplits(
  tx: Executor,
  splits: readonly TrafficSplit[],
  now: Date,
): Promise<AppliedSplit[]> {
  const applied: AppliedSplit[] = [];
  for (const split of splits) {
    let change = splitChange(await readState(tx, split.experimentKey), split);
    if (change === 'create' && !(await insertExperiment(tx, split, now))) {
      // Another instance created it since the read; decide again on its row, locked this time.
      change = splitChange(await readState(tx, split.experimentKey), split);
    }
    if (change === 'conclude') await conclude(tx, split, now);
    if (change === 'replace') {
      if (await replace(tx, split, now))
        applied.push({
          experimentKey: split.experimentKey,
          change,
          archivedAs: archivedExperimentKey(split.experimentKey, split.at),
        });
      else applied.push({ experimentKey: split.experimentKey, change: 'none' });
      continue;
    }
    applied.push({ experimentKey: split.experimentKey, change });
  }
  return applied;
}
