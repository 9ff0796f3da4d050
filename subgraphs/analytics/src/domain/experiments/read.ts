import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { conversions, type ExperimentRow, experiments, exposures } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import type { Arm } from '../stats/proportions.js';
import { buildExperimentModel } from './results.js';
import type { ExperimentModel } from './types.js';
import { EXPERIMENT_KEY } from './validate.js';

/** `experiments` lists at most this many, newest first; a batch by keys takes as many. */
export const MAX_EXPERIMENTS = 100;

/**
 * Users and conversions per variant of each experiment, in one statement whatever the number
 * of experiments. A conversion counts only for an exposed user, and only at or after exposure
 * (the pipeline records it so; the join keeps that true for rows written any other way).
 */
export async function countsByExperiment(
  deps: AnalyticsDeps,
  keys: readonly string[],
): Promise<Map<string, Map<string, Arm>>> {
  const result = new Map<string, Map<string, Arm>>();
  if (keys.length === 0) return result;
  const rows = await deps.db
    .select({
      key: exposures.experimentKey,
      variant: exposures.variant,
      users: sql<number>`count(*)::int`.mapWith(Number),
      conversions: sql<number>`count(${conversions.userId})::int`.mapWith(Number),
    })
    .from(exposures)
    .leftJoin(
      conversions,
      and(
        eq(conversions.experimentKey, exposures.experimentKey),
        eq(conversions.userId, exposures.userId),
        gte(conversions.convertedAt, exposures.exposedAt),
      ),
    )
    .where(inArray(exposures.experimentKey, [...keys]))
    .groupBy(exposures.experimentKey, exposures.variant);
  for (const row of rows) {
    const variants = result.get(row.key) ?? new Map<string, Arm>();
    variants.set(row.variant, { users: row.users, conversions: row.conversions });
    result.set(row.key, variants);
  }
  return result;
}

/** One experiment's results from its row: one statement. */
export async function experimentModel(deps: AnalyticsDeps, row: ExperimentRow): Promise<ExperimentModel> {
  const counts = await countsByExperiment(deps, [row.key]);
  return buildExperimentModel(row, counts.get(row.key) ?? new Map());
}

/** Results of many experiments from their rows: one statement for all of them. */
export async function experimentModels(
  deps: AnalyticsDeps,
  rows: readonly ExperimentRow[],
): Promise<ExperimentModel[]> {
  if (rows.length > MAX_EXPERIMENTS) throw new RangeError(`At most ${MAX_EXPERIMENTS} experiments at once.`);
  const counts = await countsByExperiment(
    deps,
    rows.map((r) => r.key),
  );
  return rows.map((row) => buildExperimentModel(row, counts.get(row.key) ?? new Map()));
}

/** Experiments by key, in the order asked (null where there is none): two statements. */
export async function experimentsByKeys(
  deps: AnalyticsDeps,
  keys: readonly string[],
): Promise<Array<ExperimentModel | null>> {
  if (keys.length > MAX_EXPERIMENTS) throw new RangeError(`At most ${MAX_EXPERIMENTS} experiments at once.`);
  const valid = [...new Set(keys.filter((k) => EXPERIMENT_KEY.test(k)))];
  if (valid.length === 0) return keys.map(() => null);
  const rows = await deps.db.select().from(experiments).where(inArray(experiments.key, valid));
  const models = new Map((await experimentModels(deps, rows)).map((m) => [m.row.key, m]));
  return keys.map((key) => models.get(key) ?? null);
}

/** `experiment(key)`: null when there is none. */
export async function findExperiment(deps: AnalyticsDeps, key: string): Promise<ExperimentModel | null> {
  const [model] = await experimentsByKeys(deps, [key]);
  return model ?? null;
}

/** `experiments`: the newest first, at most 100, in two statements. */
export async function listExperiments(deps: AnalyticsDeps): Promise<ExperimentModel[]> {
  const rows = await deps.db
    .select()
    .from(experiments)
    .orderBy(desc(experiments.createdAt), experiments.key)
    .limit(MAX_EXPERIMENTS);
  return experimentModels(deps, rows);
}
