import { ApolloServer, HeaderMap } from '@apollo/server';
import { createErrorFormatter, type Role, silentLogger } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StringKeyValueCache } from '../apq/redis-cache.js';
import type { GatewayContext } from '../context.js';
import { sha256Hex } from './canonical.js';
import { parseManifest } from './manifest.js';
import { trustedDocumentsPlugin } from './plugin.js';
import { createTrustedDocuments } from './trusted-documents.js';

// Apollo Server in process (no ports), with a cache we can look into: what the plugin does to
// Apollo's pipeline (text swapped before parsing, APQ registration skipped) is what is tested here.
const KNOWN = 'query Greeting { hello }';
const ADHOC = 'query Adhoc { hello count }';
const typeDefs = 'type Query { hello: String count: Int }';

class MapCache implements StringKeyValueCache {
  readonly entries = new Map<string, string>();
  async get(key: string) {
    return this.entries.get(key);
  }
  async set(key: string, value: string) {
    this.entries.set(key, value);
  }
  async delete(key: string) {
    return this.entries.delete(key);
  }
}

describe('trustedDocumentsPlugin (enforce)', () => {
  const cache = new MapCache();
  let resolved = 0;
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: {
      Query: {
        hello: () => {
          resolved += 1;
          return 'hi';
        },
        count: () => 1,
      },
    },
    persistedQueries: { cache },
    formatError: createErrorFormatter(silentLogger()),
    plugins: [
      trustedDocumentsPlugin(
        createTrustedDocuments({
          mode: 'enforce',
          manifest: parseManifest(JSON.stringify({ [`sha256:${sha256Hex(KNOWN)}`]: KNOWN }), 'test'),
        }),
      ),
    ],
  });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  async function send(
    body: Record<string, unknown> | undefined,
    options: { roles?: Role[]; search?: string } = {},
  ) {
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: body ? 'POST' : 'GET',
        headers: new HeaderMap([
          ['content-type', 'application/json'],
          ['apollo-require-preflight', 'true'],
        ]),
        search: options.search ?? '',
        body,
      },
      context: async () => ({
        requestId: 'r1',
        viewer: options.roles ? { userId: 'u', roles: options.roles, sessionId: 's' } : null,
        ip: null,
        logger: silentLogger(),
      }),
    });
    const text = response.body.kind === 'complete' ? response.body.string : '';
    const parsed = JSON.parse(text) as {
      data?: unknown;
      errors?: Array<{ extensions?: { code?: unknown } }>;
    };
    return { status: response.status ?? 200, data: parsed.data, code: parsed.errors?.[0]?.extensions?.code };
  }

  it('runs a trusted document sent in full, by documentId, by Relay id, or by GET', async () => {
    const id = `sha256:${sha256Hex(KNOWN)}`;
    for (const body of [{ query: KNOWN }, { documentId: id }, { id }, { extensions: { documentId: id } }]) {
      expect(await send(body)).toEqual({ status: 200, data: { hello: 'hi' }, code: undefined });
    }
    expect(await send(undefined, { search: `?documentId=${encodeURIComponent(id)}` })).toMatchObject({
      data: { hello: 'hi' },
    });
  });

  it('refuses anything else before it is parsed or validated, and before a resolver runs', async () => {
    const before = resolved;
    expect(await send({ query: ADHOC, operationName: 'Adhoc' })).toEqual({
      status: 403,
      data: undefined,
      code: 'OPERATION_NOT_ALLOWED',
    });
    // Not GRAPHQL_VALIDATION_FAILED: a refused caller learns nothing about the schema.
    expect(await send({ query: '{ secretField }' })).toMatchObject({
      status: 403,
      code: 'OPERATION_NOT_ALLOWED',
    });
    expect(await send({ query: '{ broken' })).toMatchObject({ status: 403, code: 'OPERATION_NOT_ALLOWED' });
    expect(resolved).toBe(before);
    expect(await send({ documentId: `sha256:${'1'.repeat(64)}` })).toMatchObject({
      status: 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
  });

  it('lets ADMIN send ad-hoc operations', async () => {
    expect(await send({ query: ADHOC }, { roles: ['ADMIN'] })).toMatchObject({
      status: 200,
      data: { hello: 'hi', count: 1 },
    });
  });

  it('APQ: a trusted hash runs from the manifest; an untrusted registration is refused and not stored', async () => {
    cache.entries.clear();
    const apq = (query: string) => ({ version: 1, sha256Hash: sha256Hex(query) });
    expect(await send({ extensions: { persistedQuery: apq(KNOWN) } })).toMatchObject({
      data: { hello: 'hi' },
    });
    expect(cache.entries.size).toBe(0);

    expect(await send({ extensions: { persistedQuery: apq(ADHOC) } })).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    expect(await send({ query: ADHOC, extensions: { persistedQuery: apq(ADHOC) } })).toMatchObject({
      status: 403,
      code: 'OPERATION_NOT_ALLOWED',
    });
    expect(cache.entries.size).toBe(0);

    // Registered by an ADMIN, the text is in the cache, but it still is not a trusted document.
    await send({ query: ADHOC, extensions: { persistedQuery: apq(ADHOC) } }, { roles: ['ADMIN'] });
    expect([...cache.entries.values()]).toEqual([ADHOC]);
    expect(await send({ extensions: { persistedQuery: apq(ADHOC) } })).toMatchObject({
      status: 403,
      code: 'OPERATION_NOT_ALLOWED',
    });
    expect(await send({ extensions: { persistedQuery: apq(ADHOC) } }, { roles: ['ADMIN'] })).toMatchObject({
      data: { hello: 'hi', count: 1 },
    });
  });
});
