import { subscribe, wsClient } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BatchPredictDocument,
  CreateDocumentDocument,
  DocumentSuggestedTagsDocument,
  GetModelDocument,
  PredictDocument,
  PublishDocumentDocument,
  SetModelAliasDocument,
  TrainingProgressDocument,
  TrainModelDocument,
} from '../generated/graphql.js';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';
import { documentAbout, TOPICS, type Topic } from '../testkit/topic-corpus.js';

/**
 * The ml subgraph through the gateway: an ADMIN trains on the published public documents and
 * watches progress live, promotes, predicts; a document query returns suggested tags; a VIEWER
 * cannot train.
 */
describe('ml through the gateway', () => {
  let t: TestPlatform;
  let admin = '';
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;

  beforeAll(async () => {
    t = await startTestPlatform();
    admin = await adminToken(t);
    [editor, viewer] = await Promise.all([
      userWithRoles(t, admin, ['EDITOR']),
      userWithRoles(t, admin, ['VIEWER']),
    ]);
    for (const topic of Object.keys(TOPICS) as Topic[]) {
      for (let n = 0; n < 12; n += 1) {
        const created = await execute(
          t.url,
          CreateDocumentDocument,
          { input: documentAbout(topic, n) },
          editor.token,
        );
        await execute(t.url, PublishDocumentDocument, { id: created.data!.createDocument.id }, editor.token);
      }
    }
  });
  afterAll(() => t?.stop());

  it('refuses training to a VIEWER', async () => {
    const refused = await execute(
      t.url,
      TrainModelDocument,
      { input: { name: 'document-tags', algorithm: 'NAIVE_BAYES' } },
      viewer.token,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');
  });

  it('trains with live progress, promotes, predicts with an explanation, and suggests tags', async () => {
    const client = wsClient(t.url, admin);
    let jobId = '';
    try {
      const started = await execute(
        t.url,
        TrainModelDocument,
        { input: { name: 'document-tags', algorithm: 'LOGISTIC_REGRESSION', seed: 7 } },
        admin,
      );
      expect(started.errors).toBeUndefined();
      jobId = started.data!.trainModel.id;
      const progress = subscribe(client, TrainingProgressDocument, { jobId });
      const seen: number[] = [];
      for (;;) {
        const event = await progress.next(60_000);
        expect(event.errors).toBeUndefined();
        const job = event.data!.trainingProgress;
        seen.push(job.progress);
        if (job.status !== 'TRAINING') {
          expect(job.status).toBe('READY');
          break;
        }
      }
      // Progress only moves forward, and ends at 1.
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(seen.at(-1)).toBe(1);
    } finally {
      await client.dispose();
    }

    const trained = await execute(t.url, GetModelDocument, { name: 'document-tags', version: 1 }, admin);
    const model = trained.data!.model!;
    expect(model.status).toBe('READY');
    expect(model.labels.sort()).toEqual(['databases', 'design', 'security']);
    expect(model.metrics!.macroF1).toBeGreaterThan(0.8);
    expect(model.metrics!.trainSize + model.metrics!.testSize).toBe(36);

    const promoted = await execute(
      t.url,
      SetModelAliasDocument,
      { name: 'document-tags', version: model.version, alias: 'production' },
      admin,
    );
    expect(promoted.errors).toBeUndefined();
    expect(promoted.data!.setModelAlias.aliases).toContain('production');

    const text = 'We rotate every certificate and token after a phishing breach.';
    const first = await execute(t.url, PredictDocument, { model: 'document-tags', text }, viewer.token);
    expect(first.errors).toBeUndefined();
    expect(first.data!.predict.label).toBe('security');
    expect(first.data!.predict.cached).toBe(false);
    expect(first.data!.predict.explanation[0]!.weight).toBeGreaterThan(0);
    const again = await execute(t.url, PredictDocument, { model: 'document-tags', text }, viewer.token);
    expect(again.data!.predict.cached).toBe(true);

    const batch = await execute(
      t.url,
      BatchPredictDocument,
      { model: 'document-tags', texts: ['vacuum the replica index', 'a palette with more contrast'] },
      viewer.token,
    );
    expect(batch.data!.batchPredict.map((p) => p.label)).toEqual(['databases', 'design']);
    const unknown = await execute(t.url, PredictDocument, { model: 'no-such-model', text }, viewer.token);
    expect(errorCode(unknown)).toBe('NOT_FOUND');

    // A new document about databases, tagged with something else: the model suggests `databases`.
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      {
        input: {
          title: 'Replica lag during vacuum',
          body: 'The postgres replica fell behind while vacuum rebuilt the index of the partition.',
          tags: ['incident'],
          visibility: 'PUBLIC',
        },
      },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    await vi.waitFor(
      async () => {
        const suggested = await execute(t.url, DocumentSuggestedTagsDocument, { id }, editor.token);
        expect(suggested.errors).toBeUndefined();
        expect(suggested.data!.document!.suggestedTags[0]?.tag).toBe('databases');
        expect(suggested.data!.document!.suggestedTags.map((s) => s.tag)).not.toContain('incident');
      },
      { timeout: 10_000, interval: 200 },
    );
  });
});
