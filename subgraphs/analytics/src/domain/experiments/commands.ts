import { errors, pickVariant, rowsOf } from '@ukp/kit';
import { and, eq, sql } from 'drizzle-orm';
import { type ExperimentStatus, experiments, exposures, type VariantSpec } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { experimentModel } from './read.js';
import { buildExperimentModel } from './results.js';
import type { ExperimentModel } from './types.js';
import { type CreateExperimentInput, checkExperimentInput, EXPERIMENT_KEY } from './validate.js';

export interface Assignment {
  experimentKey: string;
  variant: string;
}

/** Starts an experiment (RUNNING); a key already taken is a CONFLICT. */
export async function createExperiment(
  deps: AnalyticsDeps,
  creatorId: string,
  input: CreateExperimentInput,
): Promise<ExperimentModel> {
  const valid = checkExperimentInput(input);
  const now = deps.now();
  const [row] = await deps.db
    .insert(experiments)
    .values({ ...valid, createdBy: creatorId, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: experiments.key })
    .returning();
  if (!row) throw errors.conflict(`An experiment with key "${valid.key}" already exists.`, { field: 'key' });
  // Nobody is exposed yet: its results are all zeros, no need to count them.
  return buildExperimentModel(row, new Map());
}

interface AssignmentState {
  status: ExperimentStatus;
  variants: VariantSpec[];
  /** The user's exposure, when there is one. */
  variant: string | null;
}

async function readAssignment(
  deps: AnalyticsDeps,
  key: string,
  userId: string,
): Promise<AssignmentState | undefined> {
  const [state] = await deps.db
    .select({ status: experiments.status, variants: experiments.variants, variant: exposures.variant })
    .from(experiments)
    .leftJoin(exposures, and(eq(exposures.experimentKey, experiments.key), eq(exposures.userId, userId)))
    .where(eq(experiments.key, key));
  return state;
}

const concluded = (key: string) =>
  errors.conflict(`Experiment "${key}" is concluded: it assigns no new users.`, { experimentKey: key });

/**
 * The user's variant. The first assignment is the exposure, and it stays the answer: an exposed
 * user gets their variant back even after the experiment is concluded, while a concluded
 * experiment refuses to assign anyone new (CONFLICT) rather than quietly answer the control,
 * which would be indistinguishable from a real assignment to the caller.
 */
export async function assignVariant(deps: AnalyticsDeps, userId: string, key: string): Promise<Assignment> {
  if (!EXPERIMENT_KEY.test(key)) throw errors.notFound('Experiment');
  const state = await readAssignment(deps, key, userId);
  if (!state) throw errors.notFound('Experiment');
  if (state.variant !== null) return { experimentKey: key, variant: state.variant };
  if (state.status !== 'RUNNING') throw concluded(key);

  const picked =
    state.variants[
      pickVariant(
        key,
        userId,
        state.variants.map((v) => v.weight),
      )
    ];
  if (!picked) throw new Error(`pickVariant gave no variant of ${key}`);
  // Conditional on RUNNING in the same statement, so a conclusion that lands between the read
  // and the insert cannot be followed by a new exposure.
  const [inserted] = rowsOf<{ variant: string }>(
    await deps.db.execute(sql`
      insert into ${exposures} (experiment_key, user_id, variant, exposed_at)
      select ${key}, ${userId}, ${picked.name}, ${deps.now().toISOString()}::timestamptz
      from ${experiments}
      where key = ${key} and status = 'RUNNING'
      on conflict do nothing
      returning variant`),
  );
  if (inserted) return { experimentKey: key, variant: inserted.variant };

  // Lost a race: to a concurrent first assignment of the same user (whose exposure stands), or
  // to concludeExperiment.
  const after = await readAssignment(deps, key, userId);
  if (!after) throw errors.notFound('Experiment');
  if (after.variant !== null) return { experimentKey: key, variant: after.variant };
  throw concluded(key);
}

/** Stops assigning and freezes the experiment; concluding it again changes nothing. */
export async function concludeExperiment(deps: AnalyticsDeps, key: string): Promise<ExperimentModel> {
  if (!EXPERIMENT_KEY.test(key)) throw errors.notFound('Experiment');
  const now = deps.now();
  const [updated] = await deps.db
    .update(experiments)
    .set({ status: 'CONCLUDED', concludedAt: now, updatedAt: now })
    .where(and(eq(experiments.key, key), eq(experiments.status, 'RUNNING')))
    .returning();
  const row = updated ?? (await deps.db.select().from(experiments).where(eq(experiments.key, key)))[0];
  if (!row) throw errors.notFound('Experiment');
  return experimentModel(deps, row);
}
