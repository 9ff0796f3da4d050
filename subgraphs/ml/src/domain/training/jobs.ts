import { errors } from '@ukp/kit';
import type { MlDeps } from '../deps.js';
import { Lru } from '../inference/lru.js';
import { ALGORITHMS, type Algorithm, type Example, TRAIN_DEFAULTS } from '../learn/index.js';
import { isModelName } from '../registry/model-record.js';
import { allocateVersion, failAll, markFailed, markReady, recordProgress } from '../registry/versions.js';
import { ML_TOPICS, type TrainingEvent } from '../topics.js';
import { runTraining, TrainingError } from './run-worker.js';
import { Semaphore } from './semaphore.js';

/** What `trainModel` and `trainingProgress` return: a version seen as its training job. */
export interface TrainingJobModel {
  id: string;
  status: TrainingEvent['status'];
  progress: number;
  error: string | null;
  /** The version it trains (the job's id is the version's id). */
  modelId: string;
}

export interface TrainInput {
  name: string;
  algorithm: Algorithm;
  seed?: number | null | undefined;
}

export const DEFAULT_SEED = 42;
/** Progress events at least this far apart (plus the end): about 50 a job. */
const PUBLISH_STEP = 0.02;
/** Progress written to the row at least this far apart. */
const WRITE_STEP = 0.1;

/** Why a corpus cannot train a model, or null when it can (checked before a worker starts). */
export function corpusProblem(examples: readonly Example[], minExamples: number): string | null {
  const counts = new Map<string, number>();
  for (const e of examples)
    for (const label of new Set(e.labels)) counts.set(label, (counts.get(label) ?? 0) + 1);
  const kept = new Set(
    [...counts].filter(([, n]) => n >= TRAIN_DEFAULTS.minLabelCount).map(([label]) => label),
  );
  const usable = examples.filter((e) => e.labels.some((label) => kept.has(label))).length;
  if (usable < minExamples) {
    return `Training needs at least ${minExamples} published public documents with a tag shared by another document; found ${usable} (of ${examples.length} published public documents).`;
  }
  if (kept.size < 2) {
    return `Training needs at least 2 tags on ${TRAIN_DEFAULTS.minLabelCount} or more published public documents each; found ${kept.size}.`;
  }
  return null;
}

export interface StartOptions {
  /** Examples already read (auto-train checked them); else the corpus is read when the job runs. */
  examples?: Example[];
  /** See `allocateVersion`: null instead of a job when the name is trained or training already. */
  unlessLiveSince?: Date;
  /** See `allocateVersion`: null instead of a job while the name trains or within the cooldown. */
  unlessBusySince?: { trainingSince: Date; requestedSince: Date };
}

/**
 * Training jobs of this process: `start` allocates the version (TRAINING) and returns at once;
 * the work runs in the background, at most ML_TRAINING_CONCURRENCY worker threads at a time,
 * publishing progress on `ml.training` and ending READY (metrics, artifact, …) or FAILED (error).
 */
export function createTrainingJobs(deps: MlDeps) {
  const slots = new Semaphore(deps.config.trainingConcurrency);
  const stopping = new AbortController();
  const running = new Map<string, Promise<TrainingEvent>>();
  /** Recent ends, so `done()` answers a job that finished before it was asked. */
  const finished = new Lru<string, TrainingEvent>(100);

  const publish = (event: TrainingEvent) =>
    deps.bus.publish(ML_TOPICS.training, event).catch((error: unknown) => {
      deps.logger.warn({ err: error, jobId: event.jobId }, 'training progress not published');
    });

  async function run(
    jobId: string,
    input: Required<Omit<TrainInput, 'seed'>> & { seed: number },
    given?: Example[],
  ) {
    const started = performance.now();
    const signal = stopping.signal;
    const end = async (event: TrainingEvent) => {
      await publish(event);
      return event;
    };
    try {
      await slots.acquire(signal);
    } catch {
      await markFailed(
        deps.db,
        jobId,
        'interrupted: the service stopped before training began',
        deps.now(),
      ).catch(() => undefined);
      return end({ jobId, status: 'FAILED', progress: 0, error: 'interrupted: the service stopped' });
    }
    try {
      let examples = given;
      if (!examples) {
        try {
          examples = await deps.corpus.examples();
        } catch (error) {
          throw new TrainingError(`could not read the documents from knowledge: ${(error as Error).message}`);
        }
      }
      const problem = corpusProblem(examples, deps.config.minTrainingExamples);
      if (problem) throw new TrainingError(problem);
      let published = 0;
      let written = 0;
      const output = await runTraining(
        { examples, options: { algorithm: input.algorithm, seed: input.seed } },
        {
          signal,
          onProgress: (fraction) => {
            if (fraction < 1 && fraction - published >= PUBLISH_STEP) {
              published = fraction;
              void publish({ jobId, status: 'TRAINING', progress: fraction, error: null });
            }
            if (fraction < 1 && fraction - written >= WRITE_STEP) {
              written = fraction;
              void recordProgress(deps.db, jobId, fraction, deps.now()).catch(() => undefined);
            }
          },
        },
      );
      const ready = await markReady(deps.db, jobId, output.model, output.artifact, deps.now());
      if (!ready) throw new Error('the version left TRAINING while it trained');
      deps.logger.info(
        {
          jobId,
          name: input.name,
          version: ready.version,
          algorithm: input.algorithm,
          metrics: output.model.metrics,
          ms: Math.round(performance.now() - started),
        },
        'model trained',
      );
      return end({ jobId, status: 'READY', progress: 1, error: null });
    } catch (error) {
      const message = signal.aborted
        ? 'interrupted: the service stopped'
        : error instanceof TrainingError || error instanceof RangeError
          ? error.message.replace(/^train: /, '')
          : 'training failed (see the service log)';
      if (!(error instanceof TrainingError) && !signal.aborted) {
        deps.logger.error({ err: error, jobId }, 'training failed');
      }
      await markFailed(deps.db, jobId, message, deps.now()).catch((e: unknown) =>
        deps.logger.error({ err: e, jobId }, 'could not mark a training FAILED'),
      );
      return end({ jobId, status: 'FAILED', progress: 0, error: message });
    } finally {
      slots.release();
    }
  }

  return {
    async start(
      input: TrainInput,
      actor: string,
      options: StartOptions = {},
    ): Promise<TrainingJobModel | null> {
      if (!isModelName(input.name))
        throw errors.badInput('name must be 1–100 characters of [a-z0-9-].', 'name');
      if (!ALGORITHMS.includes(input.algorithm)) throw errors.badInput('Unknown algorithm.', 'algorithm');
      const seed = input.seed ?? DEFAULT_SEED;
      if (!Number.isInteger(seed)) throw errors.badInput('seed must be an integer.', 'seed');
      if (stopping.signal.aborted) throw errors.conflict('The service is stopping; train again shortly.');
      const model = await allocateVersion(deps.db, {
        name: input.name,
        algorithm: input.algorithm,
        requestedBy: actor,
        ...(options.unlessLiveSince ? { unlessLiveSince: options.unlessLiveSince } : {}),
        ...(options.unlessBusySince ? { unlessBusySince: options.unlessBusySince } : {}),
      });
      if (!model) return null;
      await publish({ jobId: model.id, status: 'TRAINING', progress: 0, error: null });
      const job = run(model.id, { name: input.name, algorithm: input.algorithm, seed }, options.examples);
      running.set(model.id, job);
      deps.background.track(job).then(
        (end) => {
          finished.set(model.id, end);
          running.delete(model.id);
        },
        () => running.delete(model.id),
      );
      return { id: model.id, status: 'TRAINING', progress: 0, error: null, modelId: model.id };
    },
    /** The end of a job this process runs (undefined for another process's job). */
    done(jobId: string): Promise<TrainingEvent> | undefined {
      const end = finished.get(jobId);
      return end ? Promise.resolve(end) : running.get(jobId);
    },
    /** Stops the workers; their versions end FAILED ("interrupted"). */
    async stop(): Promise<void> {
      stopping.abort(new Error('the service stopped'));
      const ids = [...running.keys()];
      await Promise.allSettled([...running.values()]);
      await failAll(deps.db, ids, 'interrupted: the service stopped', deps.now()).catch(() => undefined);
    },
  };
}

export type TrainingJobs = ReturnType<typeof createTrainingJobs>;
