import {
  CreateDocumentDocument,
  PublishDocumentDocument,
  UpdateDocumentDocument,
} from '@ukp/client/documents';
import { createGateway, type RunningGateway } from '@ukp/gateway';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  adminToken,
  execute,
  startTestPlatform,
  subgraphUrlsOf,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

interface Raw {
  status: number;
  xCache: string | null;
  cacheControl: string | null;
  age: string | null;
  text: string;
  body: {
    data?: { documents?: { totalCount: number; edges: Array<{ node: { id: string; title: string } }> } };
    errors?: unknown[];
  };
}

const listQuery = `query PublicDocs($first: Int) {
  documents(first: $first) { totalCount edges { node { id title } } }
}`;

/** Posts a query as a client would, keeping the cache headers. */
async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<Raw> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return {
    status: response.status,
    xCache: response.headers.get('x-cache'),
    age: response.headers.get('age'),
    cacheControl: response.headers.get('cache-control'),
    text,
    body: JSON.parse(text) as Raw['body'],
  };
}

describe('response cache and in-flight deduplication (real Redis)', () => {
  let t: TestPlatform;
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  const extra: RunningGateway[] = [];

  /** Statements that read documents: what a query reaching the knowledge subgraph runs. */
  const documentReads = () => t.statements.filter((s) => /select/i.test(s) && /documents/i.test(s)).length;

  async function publish(title: string): Promise<string> {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title, body: `About ${title}.` } },
      editor.token,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const id = created.data.createDocument.id;
    const published = await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    if (!published.data) throw new Error(JSON.stringify(published.errors));
    return id;
  }

  beforeAll(async () => {
    // No sampled request events: nothing but the queries under test should touch the database.
    t = await startTestPlatform({ GATEWAY_METRICS_SAMPLE_RATE: '0' });
    const admin = await adminToken(t);
    editor = await userWithRoles(t, admin, ['EDITOR']);
    await publish('Cached knowledge');
  });
  afterAll(async () => {
    for (const started of extra) await started.stop();
    await t?.stop();
  });

  it('misses, then hits with the same body and no SQL', async () => {
    const miss = await post(t.url, listQuery, { first: 5 });
    expect(miss.body.errors).toBeUndefined();
    expect(miss.xCache).toBe('MISS');
    expect(miss.body.data?.documents?.totalCount).toBeGreaterThan(0);
    const before = t.statements.length;
    const hit = await post(t.url, listQuery, { first: 5 });
    expect(hit.xCache).toBe('HIT');
    expect(Number(hit.age)).toBeGreaterThanOrEqual(0);
    expect(hit.text).toBe(miss.text);
    expect(t.statements.length).toBe(before);
    // The same operation written differently is the same entry; other variables are not.
    const reformatted = await post(t.url, listQuery.replace(/\s+/g, ' '), { first: 5 });
    expect(reformatted.xCache).toBe('HIT');
    expect((await post(t.url, listQuery, { first: 6 })).xCache).toBe('MISS');
  });

  it('never caches a signed-in request', async () => {
    await post(t.url, listQuery, { first: 7 });
    const before = documentReads();
    const first = await post(t.url, listQuery, { first: 7 }, editor.token);
    const second = await post(t.url, listQuery, { first: 7 }, editor.token);
    expect(first.body.errors).toBeUndefined();
    expect([first.xCache, second.xCache]).toEqual([null, null]);
    expect(documentReads()).toBeGreaterThanOrEqual(before + 2);
  });

  it('does not cache a response with errors', async () => {
    const tooMany = `query TooMany { search(query: "${'x'.repeat(501)}") { score } }`;
    const first = await post(t.url, tooMany);
    expect(first.body.errors?.length).toBeGreaterThan(0);
    expect(first.xCache).toBe('MISS');
    expect((await post(t.url, tooMany)).xCache).toBe('MISS');
  });

  it("caches for the subgraphs' hints: the smallest max-age, across subgraphs, told to HTTP caches too", async () => {
    // documents (knowledge, 30 s) with authors (users, 60 s): cacheable for 30 s.
    const query = '{ documents(first: 3) { edges { node { id author { displayName } } } } }';
    const miss = await post(t.url, query);
    expect(miss.body.errors).toBeUndefined();
    expect(miss.xCache).toBe('MISS');
    expect(miss.cacheControl).toBe('max-age=30, public');
    const before = t.statements.length;
    const hit = await post(t.url, query);
    expect(hit.xCache).toBe('HIT');
    expect(hit.text).toBe(miss.text);
    expect(t.statements.length).toBe(before);
    // Signed in, the same answer may be the caller's alone: private for HTTP caches, never stored.
    const signedIn = await post(t.url, query, {}, editor.token);
    expect(signedIn.cacheControl).toBe('max-age=30, private');
    expect(signedIn.xCache).toBeNull();
  });

  it('drops cached responses when a document is published or updated', async () => {
    const before = await post(t.url, listQuery, { first: 20 });
    expect((await post(t.url, listQuery, { first: 20 })).xCache).toBe('HIT');
    const id = await publish('Freshly published');
    await vi.waitFor(async () => {
      const after = await post(t.url, listQuery, { first: 20 });
      expect(after.body.data?.documents?.totalCount).toBe((before.body.data?.documents?.totalCount ?? 0) + 1);
    });
    expect((await post(t.url, listQuery, { first: 20 })).xCache).toBe('HIT');
    const updated = await execute(
      t.url,
      UpdateDocumentDocument,
      { id, expectedVersion: 1, input: { title: 'Renamed live' } },
      editor.token,
    );
    expect(updated.errors).toBeUndefined();
    await vi.waitFor(async () => {
      const after = await post(t.url, listQuery, { first: 20 });
      expect(after.body.data?.documents?.edges.map((e) => e.node.title)).toContain('Renamed live');
    });
  });

  it('shares hits and invalidation between gateways on one Redis', async () => {
    const config = t.platform.config.gateway;
    const second = await createGateway({
      env: {
        ...config,
        subgraphUrlOverrides: subgraphUrlsOf(t),
      },
      port: 0,
    });
    extra.push(second);
    const miss = await post(t.url, listQuery, { first: 30 });
    expect(miss.xCache).toBe('MISS');
    const before = t.statements.length;
    const hit = await post(second.url, listQuery, { first: 30 });
    expect(hit.xCache).toBe('HIT');
    expect(hit.text).toBe(miss.text);
    expect(t.statements.length).toBe(before);
    await publish('Seen by both');
    await vi.waitFor(async () => {
      const after = await post(second.url, listQuery, { first: 30 });
      expect(after.body.data?.documents?.edges.map((e) => e.node.title)).toContain('Seen by both');
    });
  });

  it('runs ten identical concurrent anonymous queries once', async () => {
    // One execution's reads, on a key nothing has cached.
    let before = documentReads();
    await post(t.url, listQuery, { first: 40 });
    const once = documentReads() - before;
    expect(once).toBeGreaterThan(0);
    before = documentReads();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => post(t.url, listQuery, { first: 41 })),
    );
    expect(documentReads() - before).toBe(once);
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    // A request that arrives after the leader stored its answer is a HIT; either way
    // nothing but the one execution above reached the subgraph.
    expect(results.every((r) => r.body.errors === undefined)).toBe(true);
    expect(results.every((r) => r.xCache === 'MISS' || r.xCache === 'HIT')).toBe(true);
    expect(results.filter((r) => r.xCache === 'MISS').length).toBeGreaterThan(0);
  });
});
