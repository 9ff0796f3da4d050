import {
  AcceptSuggestedTagDocument,
  CreateDocumentDocument,
  DocumentSuggestedTagsDocument,
  DriftDocument,
  GetExperimentDocument,
  GetModelDocument,
  PublishDocumentDocument,
  RejectSuggestedTagDocument,
  SetModelAliasDocument,
  SetTrafficSplitDocument,
  TrainModelDocument,
} from '@ukp/client/documents';
import { pickVariant } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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
 * Accepting and rejecting suggested tags through the gateway: ml asks knowledge as the caller,
 * so knowledge's rules decide who may add a tag.
 */
describe('suggested-tag feedback through the gateway', () => {
  let t: TestPlatform;
  let admin = '';
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  let otherEditor: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;

  async function publishedDocument(title: string, body: string): Promise<string> {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title, body, tags: ['incident'], visibility: 'PUBLIC' } },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    return id;
  }

  async function suggested(id: string, token: string): Promise<string[]> {
    const result = await execute(t.url, DocumentSuggestedTagsDocument, { id }, token);
    expect(result.errors).toBeUndefined();
    return result.data!.document!.suggestedTags.map((s) => s.tag);
  }

  beforeAll(async () => {
    t = await startTestPlatform();
    admin = await adminToken(t);
    [editor, otherEditor, viewer] = await Promise.all([
      userWithRoles(t, admin, ['EDITOR']),
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
    const started = await execute(
      t.url,
      TrainModelDocument,
      { input: { name: 'document-tags', algorithm: 'LOGISTIC_REGRESSION', seed: 7 } },
      admin,
    );
    expect(started.errors).toBeUndefined();
    await vi.waitFor(
      async () => {
        const model = await execute(t.url, GetModelDocument, { name: 'document-tags', version: 1 }, admin);
        expect(model.data!.model!.status).toBe('READY');
      },
      { timeout: 60_000, interval: 200 },
    );
    const promoted = await execute(
      t.url,
      SetModelAliasDocument,
      { name: 'document-tags', version: 1, alias: 'production' },
      admin,
    );
    expect(promoted.errors).toBeUndefined();
  }, 120_000);
  afterAll(() => t?.stop());

  it('adds an accepted tag as an editor, refuses a viewer with FORBIDDEN, and unknown tags', async () => {
    const id = await publishedDocument(
      'Replica lag during vacuum',
      'The postgres replica fell behind while vacuum rebuilt the index of the partition.',
    );
    expect((await suggested(id, editor.token))[0]).toBe('databases');

    const refused = await execute(
      t.url,
      AcceptSuggestedTagDocument,
      { documentId: id, tag: 'databases' },
      viewer.token,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');

    const unknown = await execute(
      t.url,
      AcceptSuggestedTagDocument,
      { documentId: id, tag: 'no-such-tag' },
      editor.token,
    );
    expect(errorCode(unknown)).toBe('BAD_USER_INPUT');

    const accepted = await execute(
      t.url,
      AcceptSuggestedTagDocument,
      { documentId: id, tag: 'databases' },
      otherEditor.token,
    );
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptSuggestedTag.id).toBe(id);
    expect(accepted.data!.acceptSuggestedTag.tags.sort()).toEqual(['databases', 'incident']);
    // Accepting again changes nothing and adds no duplicate.
    const again = await execute(
      t.url,
      AcceptSuggestedTagDocument,
      { documentId: id, tag: 'databases' },
      editor.token,
    );
    expect(again.data!.acceptSuggestedTag.tags.sort()).toEqual(['databases', 'incident']);
    expect(await suggested(id, editor.token)).not.toContain('databases');
  });

  it('no longer suggests a rejected tag to the editor who rejected it, only to them', async () => {
    const id = await publishedDocument(
      'Certificates after the breach',
      'We rotate every certificate and token after a phishing breach, and audit the firewall.',
    );
    expect(await suggested(id, editor.token)).toContain('security');

    const refused = await execute(
      t.url,
      RejectSuggestedTagDocument,
      { documentId: id, tag: 'security' },
      viewer.token,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');

    const rejected = await execute(
      t.url,
      RejectSuggestedTagDocument,
      { documentId: id, tag: 'security' },
      editor.token,
    );
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data!.rejectSuggestedTag).toBe(true);
    expect(await suggested(id, editor.token)).not.toContain('security');
    expect(await suggested(id, otherEditor.token)).toContain('security');
  });

  it('reports drift of the production version to an ANALYST from the requests served', async () => {
    const analyst = await userWithRoles(t, admin, ['ANALYST']);
    const refused = await execute(t.url, DriftDocument, { model: 'document-tags' }, viewer.token);
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const missing = await execute(t.url, DriftDocument, { model: 'no-such-model' }, analyst.token);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const report = await execute(t.url, DriftDocument, { model: 'document-tags' }, analyst.token);
    expect(report.errors).toBeUndefined();
    // The suggestions above were predictions of the production version; too few to judge.
    expect(report.data!.drift.model.version).toBe(1);
    expect(report.data!.drift.sampleSize).toBeGreaterThan(0);
    expect(report.data!.drift.drifted).toBe(false);
    expect(new Date(report.data!.drift.windowStart).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('splits suggestions 50/50 between two versions and reports the experiment per version', async () => {
    const started = await execute(
      t.url,
      TrainModelDocument,
      { input: { name: 'document-tags', algorithm: 'NAIVE_BAYES', seed: 8 } },
      admin,
    );
    expect(started.errors).toBeUndefined();
    await vi.waitFor(
      async () => {
        const model = await execute(t.url, GetModelDocument, { name: 'document-tags', version: 2 }, admin);
        expect(model.data!.model!.status).toBe('READY');
      },
      { timeout: 60_000, interval: 200 },
    );
    const fifty = [
      { version: 1, weight: 0.5 },
      { version: 2, weight: 0.5 },
    ];
    const notAdmin = await execute(
      t.url,
      SetTrafficSplitDocument,
      { name: 'document-tags', split: fifty },
      editor.token,
    );
    expect(errorCode(notAdmin)).toBe('FORBIDDEN');
    const badWeights = await execute(
      t.url,
      SetTrafficSplitDocument,
      {
        name: 'document-tags',
        split: [
          { version: 1, weight: 0.5 },
          { version: 2, weight: 0.6 },
        ],
      },
      admin,
    );
    expect(errorCode(badWeights)).toBe('BAD_USER_INPUT');
    const set = await execute(t.url, SetTrafficSplitDocument, { name: 'document-tags', split: fifty }, admin);
    expect(set.errors).toBeUndefined();
    expect(set.data!.setTrafficSplit.map((m) => [m.version, m.trafficWeight])).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);

    // Editors until each variant has three; which variant is theirs is the experiment's hash.
    const byVariant = new Map<string, Array<Awaited<ReturnType<typeof userWithRoles>>>>([
      ['v1', []],
      ['v2', []],
    ]);
    for (let n = 0; n < 40 && [...byVariant.values()].some((users) => users.length < 3); n += 1) {
      const user = await userWithRoles(t, admin, ['EDITOR']);
      const variant = `v${pickVariant('model:document-tags', user.id, [0.5, 0.5]) + 1}`;
      if (byVariant.get(variant)!.length < 3) byVariant.get(variant)!.push(user);
    }
    // Each sees suggestions on a document of their own (an exposure); two of v1 and one of v2 accept one.
    const accepting = { v1: 2, v2: 1 } as const;
    for (const [variant, users] of byVariant) {
      expect(users).toHaveLength(3);
      for (const [i, user] of users.entries()) {
        const id = await publishedDocument(
          `Replica lag ${variant} ${i}`,
          'The postgres replica fell behind while vacuum rebuilt the index of the partition.',
        );
        const tags = await suggested(id, user.token);
        expect(tags.length).toBeGreaterThan(0);
        if (i < accepting[variant as keyof typeof accepting]) {
          const accepted = await execute(
            t.url,
            AcceptSuggestedTagDocument,
            { documentId: id, tag: tags[0]! },
            user.token,
          );
          expect(accepted.errors).toBeUndefined();
          expect(accepted.data!.acceptSuggestedTag.tags).toContain(tags[0]);
        }
      }
    }

    // analytics consumes the events asynchronously: poll until it has seen them all.
    await vi.waitFor(
      async () => {
        const result = await execute(t.url, GetExperimentDocument, { key: 'model:document-tags' }, admin);
        expect(result.errors).toBeUndefined();
        const experiment = result.data!.experiment!;
        expect(experiment.metric).toBe('ml.suggestion_accepted');
        expect(
          experiment.variants.map((v) => ({ name: v.name, users: v.users, conversions: v.conversions })),
        ).toEqual([
          { name: 'v1', users: 3, conversions: 2 },
          { name: 'v2', users: 3, conversions: 1 },
        ]);
      },
      { timeout: 30_000, interval: 250 },
    );
  });
});
