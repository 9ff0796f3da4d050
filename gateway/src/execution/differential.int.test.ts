// Differential test of query-plan execution: every operation of the corpus goes over HTTP to a
// plain @apollo/gateway and to ours, both over the same composed supergraph and the same fixture
// subgraphs, and the answers must match — `data` exactly (key order included), `errors` by path,
// each with an `extensions.code`. It is what proves a new executor answers as Apollo's does.
//
// Known, intended differences between the two (normalised below, nothing else is):
// - Messages: our error formatter (@ukp/kit createErrorFormatter) passes registry-coded errors
//   (e.g. FORBIDDEN) with their message and masks everything else as INTERNAL_SERVER_ERROR with
//   a generic message; Apollo passes subgraph messages through. Messages are not compared.
// - Codes: where Apollo shows a code outside our registry (a subgraph's own code such as
//   SERVICE_OFFLINE, or INTERNAL_SERVER_ERROR / none for a thrown error) ours says
//   INTERNAL_SERVER_ERROR, and an unreachable subgraph is SUBGRAPH_UNAVAILABLE (ForwardingDataSource)
//   — so codes must be equal only where Apollo's is a registry code other than INTERNAL_SERVER_ERROR.
// - Extensions: ours adds `requestId` and drops non-registry extensions; not compared.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { isErrorCode, parseEnv, silentLogger } from '@ukp/kit';
import { testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayEnv, subgraphUrlOverrides } from '../env.js';
import { createGateway, type RunningGateway } from '../server.js';
import { type CorpusOperation, corpus } from './testing/corpus.js';
import { DOWN_SUBGRAPH, type FixtureSubgraphs, startFixtureSubgraphs } from './testing/fixture-subgraphs.js';
import { type PlainGateway, startPlainGateway } from './testing/plain-gateway.js';

interface WireError {
  message: string;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}
interface WireResult {
  status: number;
  body: { data?: unknown; errors?: WireError[]; extensions?: Record<string, unknown> };
}

/** POSTs JSON the way a client does. */
async function post(url: string, operation: CorpusOperation): Promise<WireResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({
      query: operation.query,
      variables: operation.variables ?? {},
      ...(operation.operationName ? { operationName: operation.operationName } : {}),
    }),
  });
  return { status: response.status, body: (await response.json()) as WireResult['body'] };
}

const pathKey = (e: WireError) => JSON.stringify(e.path ?? null);
const sortedPaths = (errors: WireError[] | undefined) => (errors ?? []).map(pathKey).sort();

const valueCompletion = (body: WireResult['body']) => (body.extensions?.valueCompletion ?? []) as WireError[];

/** The code ours must give where Apollo gives `code`; undefined: any code will do. */
function expectedCode(code: unknown): string | undefined {
  return isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR' ? code : undefined;
}

const totalRequests = (fixtures: FixtureSubgraphs) =>
  Object.values(fixtures.requests).reduce((sum, n) => sum + n, 0);

describe('query-plan execution: our gateway answers exactly as plain Apollo', () => {
  /** Subgraph requests each gateway made per corpus operation. */
  const subgraphRequests: Array<{ name: string; plain: number; ours: number }> = [];
  let fixtures: FixtureSubgraphs;
  let plain: PlainGateway;
  let ours: RunningGateway;
  let dir: string;

  beforeAll(async () => {
    fixtures = await startFixtureSubgraphs();
    dir = mkdtempSync(join(tmpdir(), 'ukp-differential-'));
    const composed = composeServices(
      Object.entries(fixtures.typeDefs).map(([name, typeDefs]) => ({
        name,
        typeDefs,
        ...(fixtures.urls[name] ? { url: fixtures.urls[name] } : {}),
      })),
    );
    if (composed.errors)
      throw new Error(`composition failed: ${composed.errors.map((e) => e.message).join('; ')}`);
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, composed.supergraphSdl);
    const urlPairs = Object.entries(fixtures.urls)
      .map(([name, url]) => `${name}=${url}`)
      .join(',');

    plain = await startPlainGateway(supergraphPath, { urlOverrides: fixtures.urls });
    const source = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      JWT_SECRET: randomBytes(48).toString('base64url'),
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      SUPERGRAPH_PATH: supergraphPath,
      SUBGRAPH_URLS: urlPairs,
      TRUSTED_DOCUMENTS: 'off',
      RATE_LIMIT_ENABLED: 'false',
      RESPONSE_CACHE_ENABLED: 'false',
      GATEWAY_DEDUP_INFLIGHT: 'false',
      // The corpus is judged on answers, not on our operation limits: all far out of reach.
      LIMIT_MAX_LIST_ITEMS: '1000000',
      LIMIT_MAX_COST: '1000000',
      LIMIT_MAX_ALIASES: '1000',
      LIMIT_MAX_DIRECTIVES: '1000',
      LIMIT_MAX_DEPTH: '100',
      // One attempt, as Apollo makes: a retry is not a difference in answers, only in time.
      SUBGRAPH_RETRY_ATTEMPTS: '1',
      // The down subgraph fails every request; an open circuit fails faster but must not
      // change the answer either — kept closed so each request goes the same way.
      SUBGRAPH_BREAKER_THRESHOLD: '1000',
    };
    ours = await createGateway({
      env: { ...parseEnv(gatewayEnv, source), subgraphUrlOverrides: subgraphUrlOverrides(source) },
      logger: silentLogger(),
      port: 0,
    });
  });

  afterAll(async () => {
    await ours?.stop();
    await plain?.stop();
    await fixtures?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has a corpus of uniquely named operations', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.map((o) => o.name)).size).toBe(corpus.length);
  });

  it.each(corpus.map((operation) => [operation.name, operation] as const))('%s', async (_name, operation) => {
    // Each gateway meets the world as it started (mutations change it).
    fixtures.reset();
    const start = totalRequests(fixtures);
    const expected = await post(plain.url, operation);
    fixtures.reset();
    const between = totalRequests(fixtures);
    const actual = await post(ours.url, operation);
    subgraphRequests.push({
      name: operation.name,
      plain: between - start,
      ours: totalRequests(fixtures) - between,
    });

    // Apollo answered the operation (not a request error) — or the corpus entry is broken.
    expect(expected.body.data, JSON.stringify(expected.body.errors)).toBeDefined();
    expect(expected.body.errors?.length ?? 0, JSON.stringify(expected.body.errors)).toBe(
      operation.errors ?? 0,
    );
    expect(JSON.stringify(actual.body.data)).toBe(JSON.stringify(expected.body.data));
    expect(actual.body.data).toEqual(expected.body.data);

    expect(sortedPaths(actual.body.errors)).toEqual(sortedPaths(expected.body.errors));
    for (const error of [...(actual.body.errors ?? []), ...(expected.body.errors ?? [])]) {
      expect(typeof error.extensions?.code, JSON.stringify(error)).toBe('string');
    }
    // Codes match wherever Apollo's is one our registry passes through unchanged.
    const oursByPath = new Map<string, string[]>();
    for (const e of actual.body.errors ?? []) {
      oursByPath.set(pathKey(e), [...(oursByPath.get(pathKey(e)) ?? []), String(e.extensions?.code)]);
    }
    for (const e of expected.body.errors ?? []) {
      const code = expectedCode(e.extensions?.code);
      if (code) expect(oursByPath.get(pathKey(e)), JSON.stringify(e)).toContain(code);
    }
    expect(actual.status).toBe(expected.status);
    // Apollo reports nulls it had to put in non-null positions (an entity its subgraph could not
    // find) in `extensions.valueCompletion`; the same places, please.
    expect(sortedPaths(valueCompletion(actual.body))).toEqual(sortedPaths(valueCompletion(expected.body)));
  });

  it('never sends more subgraph requests than Apollo, and fewer where entity fetches batch', () => {
    expect(subgraphRequests).toHaveLength(corpus.length);
    const more = subgraphRequests.filter((r) => r.ours > r.plain);
    expect(more).toEqual([]);
    // Parallel entity fetches to one subgraph go out as one request (GATEWAY_ENTITY_BATCHING).
    const fewer = subgraphRequests.filter((r) => r.ours < r.plain);
    expect(fewer.length, JSON.stringify(subgraphRequests)).toBeGreaterThan(0);
  });

  it('runs root mutation fields in order, each exactly once, through our gateway', async () => {
    fixtures.reset();
    const before = { ...fixtures.requests };
    const { body } = await post(ours.url, {
      name: 'ordered mutations',
      query: `mutation {
        one: logEvent(input: { name: "one" }) { seq }
        two: restock(sku: "SKU-3", region: "EU", amount: 5) { stock name }
        three: logEvent(input: { name: "three" }) { seq }
        four: restock(sku: "SKU-1", region: "EU", amount: 1) { stock }
        five: logEvent(input: { name: "five" }) { seq } }`,
    });
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({
      one: { seq: 1 },
      two: { stock: 45, name: 'Chair' },
      three: { seq: 3 },
      four: { stock: 4 },
      five: { seq: 5 },
    });
    expect(fixtures.state().log).toEqual([
      'logEvent:one',
      'restock:SKU-3:EU+5',
      'logEvent:three',
      'restock:SKU-1:EU+1',
      'logEvent:five',
    ]);
    expect(fixtures.state().calls).toEqual({ logEvent: 3, restock: 2 });
    // One subgraph request per root mutation field, plus the products fetch for `name`.
    expect(fixtures.requests.accounts! - before.accounts!).toBe(3);
    expect(fixtures.requests.inventory! - before.inventory!).toBe(2);
    expect(fixtures.requests.products! - before.products!).toBe(1);

    // The log as a client sees it, through the gateway.
    const log = await post(ours.url, { name: 'log', query: '{ mutationLog }' });
    expect(log.body).toEqual({
      data: {
        mutationLog: [
          'logEvent:one',
          'restock:SKU-3:EU+5',
          'logEvent:three',
          'restock:SKU-1:EU+1',
          'logEvent:five',
        ],
      },
    });
  });

  it('leaves the down subgraph down (the corpus relies on it)', () => {
    expect(fixtures.urls[DOWN_SUBGRAPH]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
  });
});
