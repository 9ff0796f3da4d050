import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateDocumentDocument,
  DocumentPublishedDocument,
  MeDocument,
  PublishDocumentDocument,
  UserProfileDocument,
} from '@ukp/client/documents';
import { createGateway, type RunningGateway } from '@ukp/gateway';
import { createRedis, type Logger, type Redis, silentLogger } from '@ukp/kit';
import { subscribe, wsClient } from '@ukp/kit/testing';
import { parse, print } from 'graphql';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  adminToken,
  execute,
  startTestPlatform,
  subgraphUrlsOf,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

type Body = {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

const AD_HOC = '{ me { id displayName } }';
const TAG = 'trusted-docs';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The id the client preset puts on each typed document (`sha256:<hex>` of the manifest text). */
function documentIdOf(document: TypedDocumentNode<unknown, never>): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string') throw new Error('typed document has no __meta__.hash: run `pnpm codegen`');
  return hash;
}

async function post(url: string, body: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as Body) };
}

/** One operation over graphql-ws: what arrived, errors included (as `error` or in `next`). */
function overSocket(
  client: Client,
  payload: { query: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
): Promise<Body> {
  return new Promise((resolve) => {
    let result: Body = {};
    client.subscribe(payload, {
      next: (value) => {
        result = value as Body;
      },
      error: (error) => resolve({ errors: error as NonNullable<Body['errors']> }),
      complete: () => resolve(result),
    });
  });
}

const code = (body: Body) => body.errors?.[0]?.extensions?.code;

describe('trusted documents: enforce', () => {
  let t: TestPlatform;
  let admin = '';
  let viewer = { id: '', token: '' };
  let editor = { id: '', token: '' };
  let redis: Redis;
  const extra: RunningGateway[] = [];
  const sockets: Client[] = [];

  /** Another gateway in front of the same subgraphs, Redis and secrets, with `env` on top. */
  async function gateway(env: Record<string, unknown> = {}, logger?: Logger): Promise<RunningGateway> {
    const config = t.platform.config.gateway;
    const started = await createGateway({
      env: {
        ...config,
        ...env,
        subgraphUrlOverrides: subgraphUrlsOf(t),
      },
      port: 0,
      ...(logger ? { logger } : {}),
    });
    extra.push(started);
    return started;
  }

  function socket(url: string, token?: string): Client {
    const client = wsClient(url, token);
    sockets.push(client);
    return client;
  }

  beforeAll(async () => {
    t = await startTestPlatform({ TRUSTED_DOCUMENTS: 'enforce' });
    admin = await adminToken(t);
    viewer = await userWithRoles(t, admin, ['VIEWER']);
    editor = await userWithRoles(t, admin, ['EDITOR']);
    redis = await createRedis({ url: t.platform.config.gateway.REDIS_URL!, name: 'trusted-documents-test' });
  });
  afterAll(async () => {
    for (const client of sockets) await client.dispose();
    for (const started of extra) await started.stop();
    await redis?.quit();
    await t?.stop();
  });

  describe('over HTTP', () => {
    it('runs a known operation sent in full, as a client sends a typed document', async () => {
      const me = await execute(t.url, MeDocument, {}, viewer.token);
      expect(me.status).toBe(200);
      expect(me.data?.me?.id).toBe(viewer.id);
    });

    it('runs a known operation sent by documentId, Relay id, GET, or its manifest hash as APQ', async () => {
      const id = documentIdOf(UserProfileDocument);
      expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
      const variables = { id: viewer.id };
      for (const body of [
        { documentId: id, variables },
        { id, variables },
        { variables, extensions: { persistedQuery: { version: 1, sha256Hash: id.slice('sha256:'.length) } } },
      ]) {
        const result = await post(t.url, body, viewer.token);
        expect(result.status).toBe(200);
        expect(result.data).toEqual({ user: expect.objectContaining({ id: viewer.id }) });
      }
      const search = new URLSearchParams({ documentId: id, variables: JSON.stringify(variables) });
      const viaGet = await fetch(`${t.url}?${search}`, {
        headers: { authorization: `Bearer ${viewer.token}`, 'apollo-require-preflight': 'true' },
      });
      expect(viaGet.status).toBe(200);
      expect(((await viaGet.json()) as Body).data).toEqual({
        user: expect.objectContaining({ id: viewer.id }),
      });
    });

    it('refuses any other operation with 403 OPERATION_NOT_ALLOWED, without revealing the schema', async () => {
      for (const token of [undefined, viewer.token, editor.token]) {
        const result = await post(t.url, { query: AD_HOC }, token);
        expect(result.status).toBe(403);
        expect(code(result)).toBe('OPERATION_NOT_ALLOWED');
        expect(result.data).toBeUndefined();
        expect(result.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
      }
      // An invalid operation is refused as untrusted, not answered with validation hints.
      const probe = await post(t.url, { query: '{ mee { id } }' }, viewer.token);
      expect(probe.status).toBe(403);
      expect(code(probe)).toBe('OPERATION_NOT_ALLOWED');
      const unknownId = await post(t.url, { documentId: `sha256:${'0'.repeat(64)}` }, viewer.token);
      expect(code(unknownId)).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('lets an ADMIN send ad-hoc operations (Sandbox)', async () => {
      const result = await post(t.url, { query: AD_HOC }, admin);
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ me: { id: expect.any(String), displayName: expect.any(String) } });
    });
  });

  describe('over graphql-ws', () => {
    it('runs a known query by full text or by documentId, refuses others, and lets ADMIN through', async () => {
      const client = socket(t.url, viewer.token);
      const full = await overSocket(client, { query: print(MeDocument) });
      expect(full.data).toEqual({ me: expect.objectContaining({ id: viewer.id }) });
      const byId = await overSocket(client, {
        query: '',
        variables: { id: viewer.id },
        extensions: { documentId: documentIdOf(UserProfileDocument) },
      });
      expect(byId.data).toEqual({ user: expect.objectContaining({ id: viewer.id }) });
      const refused = await overSocket(client, { query: AD_HOC });
      expect(code(refused)).toBe('OPERATION_NOT_ALLOWED');
      const refusedSubscription = await overSocket(client, {
        query: 'subscription { documentPublished { id } }',
      });
      expect(code(refusedSubscription)).toBe('OPERATION_NOT_ALLOWED');

      const adminSocket = socket(t.url, admin);
      const adHoc = await overSocket(adminSocket, { query: AD_HOC });
      expect(adHoc.data).toEqual({ me: { id: expect.any(String), displayName: expect.any(String) } });
    });

    it('runs a known subscription, and an ADMIN ad-hoc one', async () => {
      const trusted = subscribe(socket(t.url, viewer.token), DocumentPublishedDocument, { tags: [TAG] });
      const adHocDocument: TypedDocumentNode<
        { documentPublished: { title: string } },
        Record<string, never>
      > = parse(`subscription { documentPublished(tags: ["${TAG}"]) { title } }`);
      const adHoc = subscribe(socket(t.url, admin), adHocDocument, {});
      // graphql-ws does not acknowledge a subscribe: publish until both streams have heard one.
      let trustedEvent: Awaited<ReturnType<typeof trusted.next>> | undefined;
      let adHocEvent: Awaited<ReturnType<typeof adHoc.next>> | undefined;
      for (let attempt = 0; attempt < 10 && !(trustedEvent && adHocEvent); attempt += 1) {
        const created = await execute(
          t.url,
          CreateDocumentDocument,
          { input: { title: `Trusted ${attempt}`, body: 'Only known operations.', tags: [TAG] } },
          editor.token,
        );
        const published = await execute(
          t.url,
          PublishDocumentDocument,
          { id: created.data!.createDocument.id },
          editor.token,
        );
        expect(published.errors).toBeUndefined();
        trustedEvent ??= await trusted.next(1500).catch(() => undefined);
        adHocEvent ??= await adHoc.next(trustedEvent ? 1500 : 100).catch(() => undefined);
      }
      expect(trustedEvent?.errors).toBeUndefined();
      expect(trustedEvent?.data?.documentPublished).toMatchObject({
        title: expect.stringMatching(/^Trusted/),
      });
      expect(adHocEvent?.data).toEqual({ documentPublished: { title: expect.stringMatching(/^Trusted/) } });
      await trusted.close();
      await adHoc.close();
    });
  });

  describe('automatic persisted queries', () => {
    // What Apollo Client's persisted-query link sends for a typed document: the hash of its printed text.
    const query = print(MeDocument);
    const hash = sha256(query);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const key = () => `${t.platform.config.gateway.REDIS_KEY_PREFIX}apq:${hash}`;

    it('hash first: PERSISTED_QUERY_NOT_FOUND; hash and query: registered in Redis; then hash alone runs', async () => {
      const miss = await post(t.url, { extensions }, viewer.token);
      expect(code(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(await redis.get(key())).toBeNull();

      const register = await post(t.url, { query, extensions }, viewer.token);
      expect(register.data).toEqual({ me: expect.objectContaining({ id: viewer.id }) });
      await expect.poll(() => redis.get(key())).toBe(query);
      const ttl = await redis.ttl(key());
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(t.platform.config.gateway.APQ_TTL_SECONDS);

      const hit = await post(t.url, { extensions }, viewer.token);
      expect(hit.status).toBe(200);
      expect(hit.data).toEqual({ me: expect.objectContaining({ id: viewer.id }) });
    });

    it('a second gateway sharing Redis sees the entries the first registered', async () => {
      const other = await gateway();
      const hit = await post(other.url, { extensions }, viewer.token);
      expect(hit.data).toEqual({ me: expect.objectContaining({ id: viewer.id }) });

      const adminQuery = '{ me { roles } }';
      const adminExtensions = { persistedQuery: { version: 1, sha256Hash: sha256(adminQuery) } };
      await post(other.url, { query: adminQuery, extensions: adminExtensions }, admin);
      await expect
        .poll(() => redis.get(`${t.platform.config.gateway.REDIS_KEY_PREFIX}apq:${sha256(adminQuery)}`))
        .toBe(adminQuery);
      const back = await post(t.url, { extensions: adminExtensions }, admin);
      expect(back.data).toEqual({ me: { roles: ['ADMIN'] } });
    });

    it('trusted documents win: an unknown operation is neither registered nor runnable by hash', async () => {
      const unknown = '{ me { email } }';
      const unknownExtensions = { persistedQuery: { version: 1, sha256Hash: sha256(unknown) } };
      const register = await post(t.url, { query: unknown, extensions: unknownExtensions }, viewer.token);
      expect(register.status).toBe(403);
      expect(code(register)).toBe('OPERATION_NOT_ALLOWED');
      expect(
        await redis.get(`${t.platform.config.gateway.REDIS_KEY_PREFIX}apq:${sha256(unknown)}`),
      ).toBeNull();
      expect(code(await post(t.url, { extensions: unknownExtensions }, viewer.token))).toBe(
        'PERSISTED_QUERY_NOT_FOUND',
      );

      // Registered by an ADMIN (or by a gateway that does not enforce), it is in the cache, and
      // still refused to everyone else.
      await post(t.url, { query: unknown, extensions: unknownExtensions }, admin);
      await expect
        .poll(() => redis.get(`${t.platform.config.gateway.REDIS_KEY_PREFIX}apq:${sha256(unknown)}`))
        .toBe(unknown);
      const byHash = await post(t.url, { extensions: unknownExtensions }, viewer.token);
      expect(byHash.status).toBe(403);
      expect(code(byHash)).toBe('OPERATION_NOT_ALLOWED');
    });
  });

  describe('other modes', () => {
    it('log: runs unknown operations and warns with their hash', async () => {
      // Each request logs through a child of the gateway's logger: watch what the children warn.
      const logger = silentLogger();
      const warnings: unknown[] = [];
      const child = logger.child.bind(logger);
      const watched = (bindings: Parameters<Logger['child']>[0]) => {
        const requestLogger = child(bindings);
        vi.spyOn(requestLogger, 'warn').mockImplementation((details: unknown) => {
          warnings.push(details);
        });
        return requestLogger;
      };
      // pino types `child` as generic over custom levels; this logger has none.
      vi.spyOn(logger, 'child').mockImplementation(watched as unknown as Logger['child']);
      const logging = await gateway({ TRUSTED_DOCUMENTS: 'log' }, logger);
      const result = await post(logging.url, { query: AD_HOC }, viewer.token);
      expect(result.status).toBe(200);
      expect(result.data).toEqual({ me: { id: viewer.id, displayName: expect.any(String) } });
      expect(warnings).toContainEqual({ operationHash: sha256(AD_HOC) });
      await execute(logging.url, MeDocument, {}, viewer.token);
      expect(warnings).toHaveLength(1);
      const overWs = await overSocket(socket(logging.url, viewer.token), { query: AD_HOC });
      expect(overWs.data).toEqual({ me: { id: viewer.id, displayName: expect.any(String) } });
    });

    it('off: runs anything, and still serves documents by id', async () => {
      const open = await gateway({ TRUSTED_DOCUMENTS: 'off' });
      const adHoc = await post(open.url, { query: AD_HOC }, viewer.token);
      expect(adHoc.data).toEqual({ me: { id: viewer.id, displayName: expect.any(String) } });
      const byId = await post(open.url, { documentId: documentIdOf(MeDocument) }, viewer.token);
      expect(byId.data).toEqual({ me: expect.objectContaining({ id: viewer.id }) });
    });
  });

  describe('the manifest', () => {
    it('a manifest whose hash does not match its document stops the gateway from starting', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ukp-manifest-'));
      try {
        const committed = JSON.parse(
          readFileSync(t.platform.config.gateway.TRUSTED_DOCUMENTS_PATH, 'utf8'),
        ) as Record<string, string>;
        const [firstId, firstText] = Object.entries(committed)[0]!;
        const tampered = join(dir, 'persisted-documents.json');
        writeFileSync(
          tampered,
          JSON.stringify({ ...committed, [firstId]: firstText.replace('{', '{ __typename ') }),
        );
        await expect(
          gateway({ TRUSTED_DOCUMENTS: 'enforce', TRUSTED_DOCUMENTS_PATH: tampered }),
        ).rejects.toThrow(new RegExp(`${firstId}: does not match its document`));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
