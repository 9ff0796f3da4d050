import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AskDocument,
  CreateDocumentDocument,
  DocumentSuggestedTagsDocument,
  GetExperimentDocument,
  GetModelDocument,
  KpisDocument,
  LoginDocument,
  MetricUpdatedDocument,
  PredictDocument,
  SearchDocument,
} from '@ukp/client/documents';
import { silentLogger } from '@ukp/kit';
import { subscribe, wsClient } from '@ukp/kit/testing';
import { type Platform, startPlatform } from '@ukp/platform';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execute } from '../testkit/platform.js';

const waitLong = { timeout: 30_000, interval: 200 };

/**
 * What a newcomer gets from `pnpm start` on a laptop: no DATABASE_URL, no REDIS_URL (embedded
 * PGlite and the in-process bus), demo accounts and demo data. Clicking around as the demo users
 * moves the KPIs and the live metrics, the demo experiment already has results, and the tag
 * model trains itself on the demo corpus and suggests tags for a new document.
 */
describe('the embedded start', () => {
  let platform: Platform;
  let dataDir = '';
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ukp-embedded-'));
    platform = await startPlatform(
      { NODE_ENV: 'development', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
      { logger: silentLogger() },
    );
    expect(platform.config.users.DATABASE_URL).toBeUndefined();
    expect(platform.bus.kind).toBe('memory');
    for (const account of platform.demoAccounts) {
      const login = await execute(platform.url, LoginDocument, {
        input: { email: account.email, password: account.password },
      });
      tokens[account.roles[0]!] = login.data!.login.accessToken;
    }
  });
  afterAll(async () => {
    await platform?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const range = () => ({
    from: new Date(Date.now() - 3600_000).toISOString(),
    to: new Date(Date.now() + 300_000).toISOString(),
  });

  it('moves the KPIs and pushes live metrics as people search, ask and write', async () => {
    const analyst = tokens.ANALYST!;
    const before = (await execute(platform.url, KpisDocument, range(), analyst)).data!.kpis;
    const client = wsClient(platform.url, analyst);
    try {
      const live = subscribe(client, MetricUpdatedDocument, { metrics: ['searches', 'requests'] });
      const first = live.next(20_000);
      // Keep clicking until the dashboard hears about it (the subscription is live once it does).
      const clicks = setInterval(() => {
        void execute(platform.url, SearchDocument, { query: 'onboarding' }, tokens.VIEWER);
      }, 300);
      try {
        const sample = await first;
        expect(sample.errors).toBeUndefined();
        expect(['searches', 'requests']).toContain(sample.data!.metricUpdated.metric);
        expect(sample.data!.metricUpdated.value).toBeGreaterThan(0);
      } finally {
        clearInterval(clicks);
      }
      await live.close();
    } finally {
      await client.dispose();
    }
    await execute(platform.url, AskDocument, { question: 'How do I request time off?' }, tokens.VIEWER);
    const created = await execute(
      platform.url,
      CreateDocumentDocument,
      { input: { title: 'Embedded analytics', body: 'Counted.', tags: ['demo'] } },
      tokens.EDITOR,
    );
    expect(created.errors).toBeUndefined();
    await vi.waitFor(async () => {
      const after = (await execute(platform.url, KpisDocument, range(), analyst)).data!.kpis;
      expect(after.searches).toBeGreaterThan(before.searches);
      expect(after.questions).toBeGreaterThan(before.questions);
      expect(after.documentsCreated).toBeGreaterThan(before.documentsCreated);
      expect(after.p95LatencyMs).toBeGreaterThan(0);
    }, waitLong);
  });

  it('ships a running demo experiment with enough traffic to show results', async () => {
    const result = await execute(
      platform.url,
      GetExperimentDocument,
      { key: 'search-ranking-v2' },
      tokens.ANALYST,
    );
    expect(result.errors).toBeUndefined();
    const experiment = result.data!.experiment!;
    expect(experiment.status).toBe('RUNNING');
    expect(experiment.variants.every((v) => v.users >= 50 && v.conversions >= 5)).toBe(true);
    expect(experiment.variants[1]!.pValue).not.toBeNull();
    expect(experiment.sampleRatioMismatch).toBe(false);
  });

  it('trains the tag model by itself within a minute and suggests what it predicts', async () => {
    await vi.waitFor(
      async () => {
        const model = await execute(platform.url, GetModelDocument, { name: 'document-tags' }, tokens.VIEWER);
        expect(model.data?.model?.status).toBe('READY');
        expect(model.data?.model?.aliases).toContain('production');
      },
      { timeout: 60_000, interval: 500 },
    );
    // Words only the security documents of the demo corpus use: a text between two topics
    // (database credentials: security or infrastructure) would test the corpus, not the wiring.
    const input = {
      title: 'Reporting a phishing email',
      body: 'A suspicious email asked me to sign in and approve a two-factor prompt. I reported it with the Report phishing button and changed my password with the password manager.',
      tags: [],
    };
    const created = await execute(platform.url, CreateDocumentDocument, { input }, tokens.EDITOR);
    const id = created.data!.createDocument.id;
    // The suggestions are the production model's own answer for the document's text (title, blank
    // line, body): every tag at or above the 0.2 floor, best first, at most five. The demo corpus
    // has 40 mostly rare tags, so the top probability sits near the floor; comparing with
    // `predict` on the same text checks the suggestion path whatever side of it the tag falls.
    const predicted = await execute(
      platform.url,
      PredictDocument,
      { model: 'document-tags', text: `${input.title}\n\n${input.body}` },
      tokens.EDITOR,
    );
    expect(predicted.errors).toBeUndefined();
    expect(predicted.data!.predict.label).toBe('security');
    const expected = predicted.data!.predict.scores.filter((s) => s.probability >= 0.2).slice(0, 5);
    const suggested = await execute(platform.url, DocumentSuggestedTagsDocument, { id }, tokens.EDITOR);
    expect(suggested.errors).toBeUndefined();
    expect(suggested.data!.document!.suggestedTags.map((s) => s.tag)).toEqual(expected.map((s) => s.label));
  });
});
