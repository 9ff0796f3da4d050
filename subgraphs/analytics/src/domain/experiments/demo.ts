import { createHash } from 'node:crypto';
import { pickVariant } from '@ukp/kit';
import { eq } from 'drizzle-orm';
import { conversions, experiments, exposures, type VariantSpec } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { DAY_MS } from '../metrics/intervals.js';
import { checkExperimentInput } from './validate.js';

/**
 * The demo's running experiment. Its metric is `search.performed`, the event the knowledge
 * subgraph publishes for every `search` query, so a demo user who is assigned and then searches
 * in Sandbox converts for real, next to the synthetic traffic.
 */
export const DEMO_EXPERIMENT = {
  key: 'search-ranking-v2',
  metric: 'search.performed',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
  /** Conversion rate of each variant's synthetic users: a real lift of 40%. */
  rates: [0.1, 0.14],
  /**
   * Synthetic users by default. At 10% vs 14%, 2,000 (≈1,000 an arm) make the lift significant
   * (z ≈ 2.7) so the demo shows a winner; 400 would show results but no winner yet (p ≈ 0.2).
   */
  users: 2000,
} as const;

export const MAX_DEMO_USERS = 10_000;
const CHUNK = 500;
/** A synthetic conversion follows its exposure by up to this much. */
const CONVERSION_LAG_MS = 3 * 3_600_000;

export interface DemoExperimentOptions {
  /** Synthetic user ids (at most 10,000); default `demoUserIds(2000)`. */
  userIds?: readonly string[];
  key?: string;
  metric?: string;
  variants?: readonly VariantSpec[];
  /** Share of each variant's users who convert, in variant order. */
  rates?: readonly number[];
  createdBy?: string;
  /** Exposures are spread over this many days (1–30, default 7) before the first seeding. */
  days?: number;
}

export interface DemoExperimentResult {
  /** Whether the experiment was created now (false: it was there already). */
  created: boolean;
  /** Rows written now; 0 and 0 on a repeat. */
  exposures: number;
  conversions: number;
}

/** `demo-user-0001` …: ids of users who exist only in the demo experiment's traffic. */
export function demoUserIds(count: number, prefix = 'demo-user-'): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}

/** A stable number in [0, 1) per (salt, id): the demo's traffic is the same on every start. */
function unit(salt: string, id: string): number {
  return createHash('sha256').update(`${salt}\u0000${id}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Inserts `rows` CHUNK at a time (bind parameters are limited); how many `insert` reported new. */
async function insertedInChunks<R>(
  rows: readonly R[],
  insert: (chunk: R[]) => Promise<unknown[]>,
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) inserted += (await insert(rows.slice(i, i + CHUNK))).length;
  return inserted;
}

/**
 * DEVELOPMENT ONLY: a RUNNING experiment with exposures and conversions for synthetic users, so
 * its results show from the first start. Users are split by the same `pickVariant` real ones
 * get; within a variant exactly round(rate × users) convert (which ones is scrambled), up to
 * three hours after exposure. Safe on every start: every insert skips what exists, in one
 * transaction. An experiment already under the key with other variants is left alone.
 */
export async function seedDemoExperiment(
  deps: AnalyticsDeps,
  options: DemoExperimentOptions = {},
): Promise<DemoExperimentResult> {
  const userIds = options.userIds ?? demoUserIds(DEMO_EXPERIMENT.users);
  const spec = checkExperimentInput({
    key: options.key ?? DEMO_EXPERIMENT.key,
    metric: options.metric ?? DEMO_EXPERIMENT.metric,
    variants: options.variants ?? DEMO_EXPERIMENT.variants,
  });
  const rates = options.rates ?? DEMO_EXPERIMENT.rates;
  if (rates.length !== spec.variants.length || rates.some((r) => !(r >= 0 && r <= 1)))
    throw new RangeError('One conversion rate in [0, 1] per variant.');
  if (userIds.length > MAX_DEMO_USERS) throw new RangeError(`At most ${MAX_DEMO_USERS} demo users.`);
  const days = options.days ?? 7;
  if (!(days >= 1 && days <= 30)) throw new RangeError('The demo traffic spans 1 to 30 days.');
  const spanMs = days * DAY_MS;
  const createdAt = new Date(deps.now().getTime() - spanMs);

  return deps.db.transaction(async (tx) => {
    const inserted = await tx
      .insert(experiments)
      .values({ ...spec, createdBy: options.createdBy ?? 'demo', createdAt, updatedAt: createdAt })
      .onConflictDoNothing({ target: experiments.key })
      .returning({ key: experiments.key });
    const [row] = await tx.select().from(experiments).where(eq(experiments.key, spec.key));
    const names = spec.variants.map((v) => v.name).join(',');
    if (!row || row.variants.map((v) => v.name).join(',') !== names) {
      deps.logger.warn({ key: spec.key }, 'demo experiment key taken by another experiment: not seeded');
      return { created: false, exposures: 0, conversions: 0 };
    }

    // Times hang off the row's creation, not this start's clock: a repeat computes the same rows.
    const start = row.createdAt.getTime();
    const weights = row.variants.map((v) => v.weight);
    const byVariant = row.variants.map(() => [] as Array<{ userId: string; exposedAt: Date }>);
    for (const userId of new Set(userIds)) {
      const exposedAt = new Date(start + (spanMs - CONVERSION_LAG_MS) * unit(`${spec.key}:exposed`, userId));
      byVariant[pickVariant(spec.key, userId, weights)]?.push({ userId, exposedAt });
    }
    const exposureRows = byVariant.flatMap((users, i) =>
      users.map((u) => ({ experimentKey: spec.key, variant: row.variants[i]!.name, ...u })),
    );
    const conversionRows = byVariant.flatMap((users, i) => {
      const converting = [...users]
        .sort((a, b) => unit(`${spec.key}:converts`, a.userId) - unit(`${spec.key}:converts`, b.userId))
        .slice(0, Math.round((rates[i] ?? 0) * users.length));
      return converting.map((u) => ({
        experimentKey: spec.key,
        userId: u.userId,
        convertedAt: new Date(
          u.exposedAt.getTime() + CONVERSION_LAG_MS * unit(`${spec.key}:after`, u.userId),
        ),
      }));
    });

    const exposed = await insertedInChunks(exposureRows, (chunk) =>
      tx.insert(exposures).values(chunk).onConflictDoNothing().returning({ userId: exposures.userId }),
    );
    const converted = await insertedInChunks(conversionRows, (chunk) =>
      tx.insert(conversions).values(chunk).onConflictDoNothing().returning({ userId: conversions.userId }),
    );
    if (exposed > 0)
      deps.logger.info(
        { key: spec.key, exposures: exposed, conversions: converted },
        'seeded the demo experiment',
      );
    return { created: inserted.length > 0, exposures: exposed, conversions: converted };
  });
}
