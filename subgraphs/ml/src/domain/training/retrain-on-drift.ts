import { codeOf } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import type { MlDeps } from '../deps.js';
import { DRIFT_TOPIC, type DriftEvent } from '../monitoring/drift.js';
import { resolveAlias } from '../registry/aliases.js';
import { PRODUCTION_ALIAS, SYSTEM_ACTOR } from '../registry/model-record.js';
import type { Registry } from '../registry/registry.js';
import { modelsByIds } from '../registry/versions.js';
import { DEFAULT_SEED, type TrainingJobs } from './jobs.js';

/** Where a retrained version that the promotion gate refused waits for a person to look at it. */
export const CANDIDATE_ALIAS = 'candidate';
/** A TRAINING version untouched this long belongs to a process that died: it blocks nothing. */
const STALE_TRAINING_MS = 10 * 60_000;

export interface DriftRetrainingOptions {
  /** ML_DRIFT_RETRAIN_COOLDOWN_MS: after a retraining of a name, drift of it starts none for this long. */
  cooldownMs: number;
}

/**
 * Retraining on drift (ML_RETRAIN_ON_DRIFT): a `ml.drift_detected` for the version `production`
 * points at trains the same name with the same algorithm and seed on the documents as they are
 * now (as `system`), then moves `production` through the promotion gate, never forced: a retrained
 * version worse on macro-F1 gets `candidate` instead and keeps serving nothing. Every instance
 * hears every event; version allocation, under the name's lock, starts one training between them
 * and none while the name trains or within the cooldown. Returns the function that stops it.
 */
export async function startDriftRetraining(
  deps: MlDeps,
  jobs: TrainingJobs,
  registry: Registry,
  options: DriftRetrainingOptions,
): Promise<() => Promise<void>> {
  const log = deps.logger.child({ task: 'retrain-on-drift' });
  let stopped = false;

  async function retrain(event: DriftEvent): Promise<void> {
    const drifted = await resolveAlias(deps.db, event.model, PRODUCTION_ALIAS);
    // Production moved since the detection (another retraining, a person): that version is not the one drifting.
    if (!drifted || drifted.version !== event.version) {
      log.debug({ model: event.model, version: event.version }, 'drifted version is no longer production');
      return;
    }
    const seed = drifted.hyperParameters?.seed;
    const now = deps.now().getTime();
    const job = await jobs.start(
      {
        name: drifted.name,
        algorithm: drifted.algorithm,
        seed: typeof seed === 'number' && Number.isInteger(seed) ? seed : DEFAULT_SEED,
      },
      SYSTEM_ACTOR,
      {
        unlessBusySince: {
          trainingSince: new Date(now - STALE_TRAINING_MS),
          requestedSince: new Date(now - options.cooldownMs),
        },
      },
    );
    if (!job) {
      log.info(
        { model: event.model, version: event.version },
        'drift detected, not retraining: the model is training or was retrained within the cooldown',
      );
      return;
    }
    log.info(
      { model: event.model, version: event.version, psi: event.psi, jobId: job.id },
      'drift detected: retraining',
    );
    const end = await jobs.done(job.id);
    if (end?.status !== 'READY') {
      log.warn({ model: event.model, jobId: job.id, error: end?.error }, 'retraining on drift failed');
      return;
    }
    const [trained] = await modelsByIds(deps.db, [job.id]);
    if (!trained) return;
    try {
      await registry.setAlias({
        name: trained.name,
        version: trained.version,
        alias: PRODUCTION_ALIAS,
        actor: SYSTEM_ACTOR,
      });
      log.info({ model: trained.name, version: trained.version }, 'retrained version is production');
    } catch (error) {
      // The gate refused it (worse on macro-F1, or nothing to compare on), knowledge was away, or
      // production moved meanwhile: it waits as `candidate` for a person to decide.
      const code = codeOf(error);
      const reason = code
        ? { code, message: (error as GraphQLError).message, detail: (error as GraphQLError).extensions }
        : { err: error };
      log.warn(
        { model: trained.name, version: trained.version, ...reason },
        'retrained version not promoted: it is the candidate',
      );
      await registry.setAlias({
        name: trained.name,
        version: trained.version,
        alias: CANDIDATE_ALIAS,
        actor: SYSTEM_ACTOR,
      });
    }
  }

  const unsubscribe = await deps.bus.subscribe<DriftEvent>(DRIFT_TOPIC, (event) => {
    if (stopped) return;
    deps.background.run('retrain on drift', () => retrain(event.data));
  });
  return async () => {
    stopped = true;
    await unsubscribe();
  };
}
