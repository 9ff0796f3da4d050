import { describe, expect, it } from 'vitest';
import { encodeArtifact, train } from '../learn/index.js';
import { syntheticCorpus } from '../learn/testing/synthetic-corpus.js';
import { corpusProblem } from './jobs.js';
import { runTraining, TrainingError, workerEntry } from './run-worker.js';

const examples = syntheticCorpus({ seed: 3, documents: 120, minWords: 60, maxWords: 200, rareWords: 500 });

describe('the training worker', () => {
  it('trains from source in a worker thread, reports progress, and transfers the artifact', async () => {
    const fractions: number[] = [];
    const output = await runTraining(
      { examples, options: { algorithm: 'LOGISTIC_REGRESSION', seed: 42 } },
      { onProgress: (f) => fractions.push(f) },
    );
    expect(fractions.length).toBeGreaterThan(5);
    expect(fractions.at(-1)).toBe(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
    // What the worker computed is exactly what the learning core computes in process.
    const { artifact, ...inProcess } = train(examples, { algorithm: 'LOGISTIC_REGRESSION', seed: 42 });
    expect(output.model).toEqual(inProcess);
    expect(Buffer.from(output.artifact).equals(Buffer.from(encodeArtifact(artifact)))).toBe(true);
  });

  it('is deterministic: same data and seed, same metrics and artifact bytes', async () => {
    const input = { examples, options: { algorithm: 'ENSEMBLE' as const, seed: 9 } };
    const [a, b] = await Promise.all([
      runTraining(input),
      runTraining({ ...input, examples: [...examples].reverse() }),
    ]);
    expect(a.model.metrics).toEqual(b.model.metrics);
    expect(a.model.datasetHash).toBe(b.model.datasetHash);
    expect(Buffer.from(a.artifact).equals(Buffer.from(b.artifact))).toBe(true);
  });

  it("rejects with the learning core's message on data it cannot learn from", async () => {
    const untagged = examples.slice(0, 5).map((e) => ({ ...e, labels: [] }));
    const run = runTraining({ examples: untagged, options: { algorithm: 'NAIVE_BAYES', seed: 1 } });
    await expect(run).rejects.toBeInstanceOf(TrainingError);
    await expect(run).rejects.toThrow(/no label has 2 examples/);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const run = runTraining(
      { examples, options: { algorithm: 'LOGISTIC_REGRESSION', seed: 1 } },
      { signal: controller.signal },
    );
    controller.abort(new Error('stop'));
    await expect(run).rejects.toThrow('stop');
  });

  it('starts the compiled worker plainly when running from dist', () => {
    const entry = workerEntry('file:///srv/ml/dist/domain/training/run-worker.js');
    expect(entry).toEqual({
      entry: new URL('file:///srv/ml/dist/domain/training/train-worker.js'),
      eval: false,
    });
    const source = workerEntry(new URL('./run-worker.ts', import.meta.url).href);
    expect(source.eval).toBe(true);
    expect(source.execArgv).toEqual(['--conditions=ukp-source']);
  });
});

describe('corpusProblem', () => {
  it('explains a corpus too small or with too few tags', () => {
    expect(corpusProblem(examples, 10)).toBeNull();
    expect(corpusProblem(examples.slice(0, 3), 10)).toMatch(/at least 10 published public documents/);
    const oneTag = examples.map((e) => ({ ...e, labels: ['only'] }));
    expect(corpusProblem(oneTag, 10)).toMatch(/at least 2 tags/);
  });
});
