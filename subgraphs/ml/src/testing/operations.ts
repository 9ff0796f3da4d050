import { dataOf } from '@ukp/kit/testing';
import { expect } from 'vitest';
import type { TrainingEvent } from '../domain/topics.js';
import type { MlFixture, TestCaller } from './server-fixture.js';

export const TRAIN = `mutation Train($input: TrainModelInput!) {
  trainModel(input: $input) { id status progress error model { id name version status } }
}`;

export const SET_ALIAS = `mutation SetAlias($name: String!, $version: Int!, $alias: String!, $force: Boolean) {
  setModelAlias(name: $name, version: $version, alias: $alias, force: $force) { id version aliases }
}`;

export const PREDICT = `query Predict($model: String!, $text: String!, $version: Int) {
  predict(model: $model, text: $text, version: $version) {
    label confidence cached scores { label probability } explanation { feature weight } model { id version }
  }
}`;

export const BATCH_PREDICT = `mutation Batch($model: String!, $texts: [String!]!, $version: Int) {
  batchPredict(model: $model, texts: $texts, version: $version) { label confidence cached model { version } }
}`;

export const MODEL = `query Model($name: String!, $version: Int, $alias: String) {
  model(name: $name, version: $version, alias: $alias) {
    id name version algorithm status aliases labels trainedAt datasetHash rowCount hyperParameters servedCount
    metrics { accuracy macroF1 trainSize testSize }
  }
}`;

/** Starts a training through GraphQL and waits for its end; returns the job id and version. */
export async function trainAndWait(
  ml: MlFixture,
  admin: TestCaller,
  input: { name: string; algorithm?: string; seed?: number },
): Promise<{ jobId: string; version: number; end: TrainingEvent }> {
  const data = dataOf(
    await ml.query<{ trainModel: { id: string; model: { version: number } } }>(
      TRAIN,
      { input: { algorithm: 'LOGISTIC_REGRESSION', ...input } },
      admin.token,
    ),
  );
  const end = await ml.server.training.done(data.trainModel.id);
  expect(end).toBeDefined();
  return { jobId: data.trainModel.id, version: data.trainModel.model.version, end: end! };
}
