import { and, desc, eq } from 'drizzle-orm';
import { modelVersions } from '../../db/schema.js';
import type { MlDeps } from '../deps.js';
import { resolveAlias } from '../registry/aliases.js';
import { PRODUCTION_ALIAS, SYSTEM_ACTOR, TAG_MODEL_NAME } from '../registry/model-record.js';
import type { Registry } from '../registry/registry.js';
import { modelsByIds } from '../registry/versions.js';
import { corpusProblem, DEFAULT_SEED, type TrainingJobs } from './jobs.js';

/** A TRAINING version untouched this long belongs to a process that died; auto-train ignores it. */
const STALE_TRAINING_MS = 10 * 60_000;
/** Trainings that fail on a corpus that looked sufficient before auto-train gives up (till next start). */
const MAX_FAILED_TRAININGS = 3;

export interface AutoTrainOptions {
  retryMs: number;
  maxRetryMs: number;
}

/**
 * On start, off the request path: when `document-tags` has no READY version, wait (with backoff)
 * until knowledge has enough published public documents, train it (LOGISTIC_REGRESSION, seed 42)
 * and, once READY, point `production` at it if nothing else took that alias meanwhile (audited as
 * `system`). Several instances starting together train once: version allocation skips a name that
 * is READY or being trained. Returns the function that stops it.
 */
export function startAutoTrain(
  deps: MlDeps,
  jobs: TrainingJobs,
  registry: Registry,
  options: AutoTrainOptions,
): () => Promise<void> {
  const stop = new AbortController();
  const { signal } = stop;
  const log = deps.logger.child({ task: 'auto-train' });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });

  async function newestReady() {
    const [row] = await deps.db
      .select({ version: modelVersions.version, requestedBy: modelVersions.requestedBy })
      .from(modelVersions)
      .where(and(eq(modelVersions.name, TAG_MODEL_NAME), eq(modelVersions.status, 'READY')))
      .orderBy(desc(modelVersions.version))
      .limit(1);
    return row;
  }

  async function promote(version: number) {
    const moved = await registry.setAlias({
      name: TAG_MODEL_NAME,
      version,
      alias: PRODUCTION_ALIAS,
      actor: SYSTEM_ACTOR,
      onlyIfUnset: true,
    });
    if (moved?.moved) log.info({ version }, `${TAG_MODEL_NAME} v${version} is production`);
  }

  async function loop() {
    let wait = options.retryMs;
    let failures = 0;
    const backoff = async () => {
      await sleep(wait);
      wait = Math.min(wait * 2, options.maxRetryMs);
    };
    while (!signal.aborted) {
      const ready = await newestReady();
      if (ready) {
        // Trained by an earlier start that stopped before promoting: finish its job.
        if (
          ready.requestedBy === SYSTEM_ACTOR &&
          !(await resolveAlias(deps.db, TAG_MODEL_NAME, PRODUCTION_ALIAS))
        ) {
          await promote(ready.version);
        }
        return;
      }
      let examples: Awaited<ReturnType<MlDeps['corpus']['examples']>>;
      try {
        examples = await deps.corpus.examples();
      } catch (error) {
        log.info({ err: error, retryInMs: wait }, 'knowledge not reachable yet');
        await backoff();
        continue;
      }
      const problem = corpusProblem(examples, deps.config.minTrainingExamples);
      if (problem) {
        log.info({ problem, retryInMs: wait }, 'not enough documents to train yet');
        await backoff();
        continue;
      }
      if (signal.aborted) return;
      const job = await jobs.start(
        { name: TAG_MODEL_NAME, algorithm: 'LOGISTIC_REGRESSION', seed: DEFAULT_SEED },
        SYSTEM_ACTOR,
        { examples, unlessLiveSince: new Date(deps.now().getTime() - STALE_TRAINING_MS) },
      );
      if (!job) {
        log.info(`${TAG_MODEL_NAME} is already trained or training elsewhere`);
        return;
      }
      log.info({ jobId: job.id }, `training ${TAG_MODEL_NAME}`);
      const end = await jobs.done(job.id);
      if (end?.status === 'READY') {
        const [trained] = await modelsByIds(deps.db, [job.id]);
        if (trained) await promote(trained.version);
        return;
      }
      failures += 1;
      if (signal.aborted) return;
      if (failures >= MAX_FAILED_TRAININGS) {
        log.error(
          { error: end?.error },
          `${TAG_MODEL_NAME} failed to train ${failures} times; giving up until the next start`,
        );
        return;
      }
      await backoff();
    }
  }

  deps.background.run('auto-train', loop);
  return async () => stop.abort();
}
