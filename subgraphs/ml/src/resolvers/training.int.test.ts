import { rowsOf } from '@ukp/kit';
import { dataOf, errorCode, subscribe } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateVersion } from '../domain/registry/versions.js';
import { mutableCorpus, smallExamples } from '../testing/corpus.js';
import { MODEL, TRAIN, trainAndWait } from '../testing/operations.js';
import { report } from '../testing/report.js';
import { type MlFixture, startMl, type TestCaller } from '../testing/server-fixture.js';

const examples = smallExamples();
const corpus = mutableCorpus(examples);
let ml: MlFixture;
let admin: TestCaller;
let viewer: TestCaller;

beforeAll(async () => {
  ml = await startMl({ corpus, env: { ML_TRAINING_CONCURRENCY: '2' } });
  admin = await ml.user(['ADMIN']);
  viewer = await ml.user(['VIEWER']);
});
afterAll(() => ml?.stop());

const PROGRESS = `subscription Progress($jobId: ID!) { trainingProgress(jobId: $jobId) { id status progress error model { version status } } }`;

describe('trainModel', () => {
  it('returns a TRAINING job at once; trainingProgress streams progress and ends READY', async () => {
    const started = performance.now();
    const result = await ml.query<{
      trainModel: { id: string; status: string; progress: number; model: { version: number } };
    }>(TRAIN, { input: { name: 'tags-progress', algorithm: 'LOGISTIC_REGRESSION', seed: 42 } }, admin.token);
    const job = dataOf(result).trainModel;
    expect(job).toMatchObject({ status: 'TRAINING', progress: 0, model: { version: 1 } });
    const client = ml.ws(admin.token);
    const recording = subscribe<{
      trainingProgress: { status: string; progress: number; model: { status: string } };
    }>(client, PROGRESS, { jobId: job.id });
    const events: Array<{ status: string; progress: number }> = [];
    for (;;) {
      const next = await recording.next(30_000);
      expect(next.errors).toBeUndefined();
      const event = next.data!.trainingProgress;
      events.push(event);
      if (event.status !== 'TRAINING') break;
    }
    await recording.ended();
    const ms = performance.now() - started;
    expect(events.at(-1)).toMatchObject({ status: 'READY', progress: 1 });
    expect(events.length).toBeGreaterThan(2);
    const progress = events.map((e) => e.progress);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    report(
      `training (LOGISTIC_REGRESSION, ${examples.length} docs) through GraphQL: ${Math.round(ms)} ms, ${events.length} events`,
    );

    const model = dataOf(
      await ml.query<{
        model: Record<string, unknown> & {
          metrics: { macroF1: number; trainSize: number; testSize: number };
        };
      }>(MODEL, { name: 'tags-progress', version: 1 }, viewer.token),
    ).model;
    expect(model).toMatchObject({
      status: 'READY',
      algorithm: 'LOGISTIC_REGRESSION',
      rowCount: examples.length,
      aliases: [],
    });
    expect(model.metrics.macroF1).toBeGreaterThan(0.5);
    expect(model.metrics.trainSize + model.metrics.testSize).toBeLessThanOrEqual(examples.length);
    expect(model.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(model.hyperParameters).toMatchObject({ seed: 42 });
    expect((model.labels as string[]).length).toBeGreaterThan(2);
    expect(model.trainedAt).toBeTruthy();
  });

  it('answers a finished job once and ends', async () => {
    const { jobId } = await trainAndWait(ml, admin, { name: 'tags-finished', algorithm: 'NAIVE_BAYES' });
    const recording = subscribe<{ trainingProgress: { status: string } }>(ml.ws(admin.token), PROGRESS, {
      jobId,
    });
    expect((await recording.next()).data?.trainingProgress.status).toBe('READY');
    await recording.ended();
  });

  it('is deterministic: the same data and seed give the same metrics and artifact bytes', async () => {
    const a = await trainAndWait(ml, admin, { name: 'tags-determinism', algorithm: 'ENSEMBLE', seed: 5 });
    const b = await trainAndWait(ml, admin, { name: 'tags-determinism', algorithm: 'ENSEMBLE', seed: 5 });
    expect([a.end.status, b.end.status]).toEqual(['READY', 'READY']);
    const rows = rowsOf<{ version: number; metrics: unknown; dataset_hash: string; artifact_hash: string }>(
      await ml.server.deps.db.execute(sql`
        select version, metrics, dataset_hash, md5(artifact) as artifact_hash from ml.model_versions
        where name = 'tags-determinism' order by version`),
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2]);
    expect(rows[0]!.metrics).toEqual(rows[1]!.metrics);
    expect(rows[0]!.dataset_hash).toBe(rows[1]!.dataset_hash);
    expect(rows[0]!.artifact_hash).toBe(rows[1]!.artifact_hash);
  });

  it('numbers 10 concurrent trainings of one name 1..10 without gaps', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ml.query<{ trainModel: { id: string; model: { version: number } } }>(
          TRAIN,
          { input: { name: 'tags-concurrent', algorithm: 'NAIVE_BAYES', seed: i } },
          admin.token,
        ),
      ),
    );
    const jobs = results.map((r) => dataOf(r).trainModel);
    expect(jobs.map((j) => j.model.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const ends = await Promise.all(jobs.map((j) => ml.server.training.done(j.id)));
    expect(ends.map((e) => e?.status)).toEqual(Array(10).fill('READY'));
  }, 60_000);

  it('allocates gap-free versions under concurrency at the registry level too', async () => {
    const rows = await Promise.all(
      Array.from({ length: 10 }, () =>
        allocateVersion(ml.server.deps.db, {
          name: 'raw-concurrent',
          algorithm: 'NAIVE_BAYES',
          requestedBy: admin.id,
        }),
      ),
    );
    expect(rows.map((r) => r!.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('fails a training with a clear error when there are too few documents', async () => {
    corpus.set(examples.slice(0, 4));
    try {
      const { jobId, end } = await trainAndWait(ml, admin, { name: 'tags-too-few' });
      expect(end.status).toBe('FAILED');
      expect(end.error).toMatch(/at least 10 published public documents/);
      const job = dataOf(
        await ml.query<{ model: { status: string } }>(
          MODEL,
          { name: 'tags-too-few', version: 1 },
          admin.token,
        ),
      );
      expect(job.model.status).toBe('FAILED');
      const recording = subscribe<{ trainingProgress: { status: string; error: string } }>(
        ml.ws(admin.token),
        PROGRESS,
        { jobId },
      );
      expect((await recording.next()).data?.trainingProgress).toMatchObject({
        status: 'FAILED',
        error: expect.stringMatching(/at least 10/),
      });
    } finally {
      corpus.set(examples);
    }
  });

  it('fails when knowledge cannot be read', async () => {
    const failing = await startMl({
      sameAs: ml,
      corpus: { examples: () => Promise.reject(new Error('connection refused')) },
    });
    try {
      const { end } = await trainAndWait(failing, admin, { name: 'tags-unreachable' });
      expect(end).toMatchObject({
        status: 'FAILED',
        error: expect.stringMatching(/could not read the documents from knowledge: connection refused/),
      });
    } finally {
      await failing.stop();
    }
  });

  it('ends a job FAILED ("interrupted") when its instance stops mid-training', async () => {
    const other = await startMl({ sameAs: ml, corpus });
    let stopped = false;
    try {
      const job = dataOf(
        await other.query<{ trainModel: { id: string } }>(
          TRAIN,
          { input: { name: 'tags-interrupted', algorithm: 'ENSEMBLE' } },
          admin.token,
        ),
      ).trainModel;
      await other.stop();
      stopped = true;
      const rows = rowsOf<{ status: string; error: string }>(
        await ml.server.deps.db.execute(
          sql`select status, error from ml.model_versions where id = ${job.id}`,
        ),
      );
      expect(rows).toEqual([{ status: 'FAILED', error: expect.stringMatching(/^interrupted/) }]);
    } finally {
      if (!stopped) await other.stop();
    }
  });

  it('refuses a VIEWER and an anonymous caller, and bad input', async () => {
    const input = { name: 'tags-viewer', algorithm: 'NAIVE_BAYES' };
    expect(errorCode(await ml.query(TRAIN, { input }, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await ml.query(TRAIN, { input }))).toBe('UNAUTHENTICATED');
    const bad = await ml.query(
      TRAIN,
      { input: { name: 'Bad Name!', algorithm: 'NAIVE_BAYES' } },
      admin.token,
    );
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const versions = rowsOf(
      await ml.server.deps.db.execute(sql`select 1 from ml.model_versions where name = 'tags-viewer'`),
    );
    expect(versions).toHaveLength(0);
  });

  it('refuses trainingProgress to a VIEWER when subscribing, and an unknown job', async () => {
    const jobId = '00000000-0000-4000-8000-000000000000';
    // Refused when subscribing (one result with the error, then the end), not a stream of errors.
    const refused = subscribe(ml.ws(viewer.token), PROGRESS, { jobId });
    const first = await refused.next();
    expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    await refused.ended();
    const unknown = subscribe(ml.ws(admin.token), PROGRESS, { jobId });
    expect((await unknown.next()).errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    await unknown.ended();
  });
});
