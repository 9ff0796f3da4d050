import { rowsOf } from '@ukp/kit';
import { dataOf } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { mutableCorpus, smallExamples } from '../../testing/corpus.js';
import { MODEL } from '../../testing/operations.js';
import { report } from '../../testing/report.js';
import { type MlFixture, startMl } from '../../testing/server-fixture.js';

const ENTITIES = `query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Document { id suggestedTags { tag confidence } } }
}`;

const examples = smallExamples(160, 31);
const fixtures: MlFixture[] = [];
afterEach(async () => {
  for (const fx of fixtures.splice(0).reverse()) await fx.stop();
});

type Suggestions = Array<{ id: string; suggestedTags: Array<{ tag: string; confidence: number }> }>;
const suggest = async (ml: MlFixture, representations: unknown[]) =>
  dataOf(await ml.query<{ _entities: Suggestions }>(ENTITIES, { representations }))._entities;

describe('auto-train on start', () => {
  it('waits for documents, trains document-tags, makes it production (as system); suggestedTags follow', async () => {
    const corpus = mutableCorpus([]);
    const ml = await startMl({ corpus, autoTrain: true });
    fixtures.push(ml);
    const doc = {
      __typename: 'Document',
      id: 'd-1',
      title: 'Replica lag',
      body: examples[0]!.text,
      tags: [],
    };

    // No documents yet: nothing trains, and suggestions are an empty list, not an error.
    await new Promise((r) => setTimeout(r, 150));
    expect(await suggest(ml, [doc])).toEqual([{ id: 'd-1', suggestedTags: [] }]);
    expect(rowsOf(await ml.server.deps.db.execute(sql`select 1 from ml.model_versions`))).toHaveLength(0);

    const started = performance.now();
    corpus.set(examples);
    const deadline = Date.now() + 20_000;
    let production: { version: number; status: string } | null = null;
    const admin = await ml.user(['ADMIN']);
    while (!production && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      production = dataOf(
        await ml.query<{ model: { version: number; status: string } | null }>(
          MODEL,
          { name: 'document-tags' },
          admin.token,
        ),
      ).model;
    }
    report(
      `auto-train: production ready ${Math.round(performance.now() - started)} ms after documents appeared`,
    );
    expect(production).toMatchObject({ version: 1, status: 'READY' });
    const model = dataOf(
      await ml.query<{ model: { algorithm: string; hyperParameters: { seed: number } } }>(
        MODEL,
        { name: 'document-tags' },
        admin.token,
      ),
    ).model;
    expect(model).toMatchObject({ algorithm: 'LOGISTIC_REGRESSION', hyperParameters: { seed: 42 } });
    const audit = rowsOf<{ actor: string; to_version: number; from_version: number | null }>(
      await ml.server.deps.db.execute(sql`select actor, from_version, to_version from ml.alias_audit`),
    );
    expect(audit).toEqual([{ actor: 'system', from_version: null, to_version: 1 }]);

    // Through `_entities`, as the gateway asks: one list, several documents.
    const topics = examples[0]!.labels;
    const [first, second] = await suggest(ml, [doc, { ...doc, id: 'd-2', tags: [topics[0]] }]);
    expect(first!.suggestedTags.length).toBeGreaterThan(0);
    expect(first!.suggestedTags.length).toBeLessThanOrEqual(5);
    expect(first!.suggestedTags.map((s) => s.tag)).toContain(topics[0]);
    expect(first!.suggestedTags.every((s) => s.confidence >= 0.2)).toBe(true);
    // A tag the document already has is not suggested again.
    expect(second!.suggestedTags.map((s) => s.tag)).not.toContain(topics[0]);

    // A restart with the model READY trains nothing more.
    await ml.server.settled();
    const again = await startMl({ sameAs: ml, corpus, autoTrain: true });
    fixtures.push(again);
    await again.server.settled();
    expect(rowsOf(await ml.server.deps.db.execute(sql`select 1 from ml.model_versions`))).toHaveLength(1);
  }, 40_000);

  it('costs one prediction pass for a list of documents', async () => {
    const corpus = mutableCorpus(examples);
    const ml = await startMl({ corpus, autoTrain: true });
    fixtures.push(ml);
    await ml.server.settled();
    const { inference } = ml.server;
    expect((await inference.resolve('document-tags')).version).toBe(1);
    const reps = examples
      .slice(0, 40)
      .map((e, i) => ({ __typename: 'Document', id: `doc-${i}`, title: `Doc ${i}`, body: e.text, tags: [] }));
    const spy: number[] = [];
    const original = inference.predictWith;
    // The resolvers reach inference through the context's services: this very object.
    inference.predictWith = async (m, texts) => {
      spy.push(texts.length);
      return original(m, texts);
    };
    try {
      const out = await suggest(ml, reps);
      expect(out).toHaveLength(40);
      expect(out.filter((d) => d.suggestedTags.length > 0).length).toBeGreaterThan(30);
    } finally {
      inference.predictWith = original;
    }
    expect(spy).toEqual([40]);
  });
});
