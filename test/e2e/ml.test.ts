import {
  ApplyDocumentUpdateDocument,
  BatchPredictDocument,
  CreateDocumentDocument,
  DocumentSuggestedTagsDocument,
  GetModelDocument,
  JoinDocumentDocument,
  PredictDocument,
  PublishDocumentDocument,
  SetModelAliasDocument,
  TagSuggestionsChangedDocument,
  type TagSuggestionsChangedSubscription,
  TrainingProgressDocument,
  TrainModelDocument,
} from '@ukp/client/documents';
import { type Recording, subscribe, wsClient } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';
import { documentAbout, TOPICS, type Topic } from '../testkit/topic-corpus.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The tag lists a live suggestion subscription delivers until one starts with `tag`. */
async function untilTop(events: Recording<TagSuggestionsChangedSubscription>, tag: string) {
  const lists: string[][] = [];
  for (;;) {
    const result = await events.next(15_000);
    expect(result.errors).toBeUndefined();
    const list = result.data!.tagSuggestionsChanged.map((s) => s.tag);
    lists.push(list);
    if (list[0] === tag) return lists;
  }
}

/** How a subscription ended: its error's code. */
async function endCode(events: Recording<unknown>): Promise<unknown> {
  try {
    const result = await events.next(10_000);
    return result.errors?.[0]?.extensions?.code ?? 'a result';
  } catch (error) {
    return Array.isArray(error) ? error[0]?.extensions?.code : String(error);
  }
}

/**
 * The ml subgraph through the gateway: an ADMIN trains on the published public documents and
 * watches progress live, promotes, predicts; a document query returns suggested tags; a VIEWER
 * cannot train; editors editing a document together see its suggestions change live.
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

  it('two editors editing a document receive changed suggestions', async () => {
    // Needs the production model promoted by the test above.
    const coEditor = await userWithRoles(t, admin, ['EDITOR']);
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      {
        input: {
          title: 'Team notes',
          body: documentAbout('databases', 30).body,
          tags: [],
          visibility: 'PUBLIC',
        },
      },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    const before = await execute(t.url, DocumentSuggestedTagsDocument, { id }, coEditor.token);
    expect(before.data!.document!.suggestedTags[0]?.tag).toBe('databases');

    const clients = [wsClient(t.url, editor.token), wsClient(t.url, coEditor.token)];
    try {
      const [mine, theirs] = clients.map((client) =>
        subscribe(client, TagSuggestionsChangedDocument, { documentId: id }),
      ) as [Recording<TagSuggestionsChangedSubscription>, Recording<TagSuggestionsChangedSubscription>];
      // graphql-ws does not acknowledge a subscribe: wait until ml holds both, baselines taken.
      await vi.waitFor(() => expect(t.platform.subgraphs.ml.live.size().subscribers).toBe(2), {
        timeout: 10_000,
        interval: 50,
      });

      /** Joins the live session, applies `edit` to the shared text and sends its updates. */
      async function editAs(token: string, edit: (text: Y.Text) => void) {
        const joined = await execute(t.url, JoinDocumentDocument, { id }, token);
        expect(joined.errors).toBeUndefined();
        const doc = new Y.Doc();
        Y.applyUpdate(doc, new Uint8Array(Buffer.from(joined.data!.joinDocument.state, 'base64')));
        const updates: Uint8Array[] = [];
        doc.on('update', (update: Uint8Array) => updates.push(update));
        edit(doc.getText('body'));
        for (const update of updates) {
          const applied = await execute(
            t.url,
            ApplyDocumentUpdateDocument,
            { id, update: b64(update) },
            token,
          );
          expect(applied.errors).toBeUndefined();
        }
        doc.destroy();
      }

      // From databases to security: one editor replaces the text, the other finishes it.
      const security = documentAbout('security', 31).body.split('. ');
      const half = Math.ceil(security.length / 2);
      await editAs(editor.token, (text) => {
        text.delete(0, text.length);
        for (const sentence of security.slice(0, half)) text.insert(text.length, `${sentence}. `);
      });
      await editAs(coEditor.token, (text) => {
        for (const sentence of security.slice(half)) text.insert(text.length, `${sentence}. `);
      });

      const baseline = before.data!.document!.suggestedTags.map((s) => s.tag);
      for (const lists of await Promise.all([untilTop(mine, 'security'), untilTop(theirs, 'security')])) {
        // Pushed only on change: each list differs from the one before it, the first from the baseline.
        [baseline, ...lists].slice(1).forEach((list, i) => {
          expect(list).not.toEqual([baseline, ...lists][i]);
        });
      }
    } finally {
      await Promise.all(clients.map((client) => client.dispose()));
    }
    await vi.waitFor(() =>
      expect(t.platform.subgraphs.ml.live.size()).toEqual({ documents: 0, subscribers: 0 }),
    );
  });

  it('refuses live suggestions of a PRIVATE document to whoever may not read it', async () => {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { ...documentAbout('design', 40), visibility: 'PRIVATE' } },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    const client = wsClient(t.url, viewer.token);
    try {
      const refused = subscribe(client, TagSuggestionsChangedDocument, { documentId: id });
      expect(await endCode(refused)).toBe('NOT_FOUND');
    } finally {
      await client.dispose();
    }
    expect(t.platform.subgraphs.ml.live.size().documents).toBe(0);
  });
});
