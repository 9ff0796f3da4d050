import { busIterator, codeOf, errors, mapIterator } from '@ukp/kit';
import type { MlDeps } from '../deps.js';
import { isUuid } from '../registry/model-record.js';
import { modelsByIds } from '../registry/versions.js';
import { ML_TOPICS, type TrainingEvent } from '../topics.js';
import type { TrainingJobModel } from './jobs.js';

const ended = (status: string) => status === 'READY' || status === 'FAILED' || status === 'ARCHIVED';

/**
 * `trainingProgress(jobId)`: the job as it is now, then each progress event of it on the bus
 * (from whichever instance trains it), ending after READY or FAILED. It listens before it reads
 * the job, so nothing published in between is missed; progress never goes backwards (an event
 * older than the read is dropped). A finished job answers once and ends. Unknown: NOT_FOUND.
 */
export async function trainingProgressFeed(
  deps: MlDeps,
  jobId: string,
): Promise<AsyncIterableIterator<TrainingJobModel>> {
  if (!isUuid(jobId)) throw errors.notFound('Training job');
  const events = await busIterator<TrainingEvent>(deps.bus, ML_TOPICS.training, {
    filter: (event) => event.data.jobId === jobId,
    // Progress is a level, not a log: a slow subscriber wants the newest.
    overflow: 'drop-oldest',
    maxQueued: 64,
  });
  let current: TrainingJobModel;
  try {
    const [row] = await modelsByIds(deps.db, [jobId]);
    if (!row) throw errors.notFound('Training job');
    current = { id: row.id, modelId: row.id, status: row.status, progress: row.progress, error: row.error };
  } catch (error) {
    await events.return();
    throw error;
  }

  let first = true;
  const finish = async (): Promise<IteratorResult<TrainingJobModel | null, undefined>> => {
    await events.return();
    return { done: true, value: undefined };
  };
  const source: AsyncIterator<TrainingJobModel | null, undefined> = {
    async next() {
      if (first) {
        first = false;
        return { done: false, value: current };
      }
      // The end was delivered: stop listening (mapIterator does not return a finished source).
      if (ended(current.status)) return finish();
      const result = await events.next();
      if (result.done) return finish();
      const event = result.value.data;
      if (event.status === 'TRAINING' && event.progress <= current.progress)
        return { done: false, value: null };
      current = { ...current, status: event.status, progress: event.progress, error: event.error };
      return { done: false, value: current };
    },
    return: finish,
  };
  const toClientError = (error: unknown) => {
    if (codeOf(error) && codeOf(error) !== 'INTERNAL_SERVER_ERROR') return error;
    deps.logger.error({ err: error }, 'trainingProgress failed');
    return errors.internal();
  };
  return mapIterator(source, (job) => (job === null ? 'skip' : { emit: job }), toClientError);
}
