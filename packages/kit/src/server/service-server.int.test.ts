import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { ApolloServer } from '@apollo/server';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../auth/tokens.js';
import { type RequestContext, viewerFromAuthorization } from '../context.js';
import { appError } from '../errors.js';
import { startSubgraphApollo } from '../graphql/subgraph-apollo.js';
import { silentLogger } from '../logger.js';
import { type RunningServer, startServiceServer } from './service-server.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface ErrorBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> }>;
}

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, resolve: () => 'world' },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('connection to db-primary:5432 refused (password=hunter2)');
        },
      },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw appError('NOT_FOUND', 'Article not found.', { id: 'a1' });
        },
      },
      me: { type: GraphQLString, resolve: (_p, _a, ctx: RequestContext) => ctx.viewer?.userId ?? null },
    },
  }),
});

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A request through `node:http`, for what fetch will not do (chunked bodies, gzip, raw bytes). */
function raw(
  port: number,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string | number>;
    body?: Buffer | string;
  },
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/graphql',
        method: options.method ?? 'POST',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

interface Upload {
  /** Body bytes the server took before it closed the connection. */
  sent: number;
  /** Everything the server answered. */
  answer: string;
  error: Error | undefined;
}

/** Declares `size` bytes and sends them in 64 KB writes, each after the previous one drained. */
function uploadSlowly(port: number, size: number): Promise<Upload> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const answer: Buffer[] = [];
    let sent = 0;
    let error: Error | undefined;
    const chunk = Buffer.alloc(64 * 1024, 'x');
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        const ok = socket.write(chunk);
        sent += chunk.length;
        if (!ok) return void socket.once('drain', () => setImmediate(pump));
      }
    };
    socket.on('data', (data: Buffer) => answer.push(data));
    socket.on('error', (e) => {
      error = e;
    });
    socket.on('close', () => resolve({ sent, answer: Buffer.concat(answer).toString('utf8'), error }));
    socket.on('end', () => socket.end());
    socket.write(
      `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\n\r\n`,
    );
    // Past the declared length the server has had all it asked for; we then wait for its close.
    setImmediate(pump);
  });
}

describe('service server', () => {
  let apollo: ApolloServer<RequestContext>;
  let running: RunningServer;
  let dbUp = true;
  let hang = false;
  let redisUp = true;
  const logger = silentLogger();

  beforeAll(async () => {
    const verifier = await createTokenVerifier({
      algorithm: 'HS256',
      issuer: 'ukp',
      audience: 'ukp-api',
      ttlSeconds: 900,
      secret: 'a-test-secret-that-is-long-enough-0123456789',
    });
    apollo = await startSubgraphApollo<RequestContext>({ schema, logger });
    running = await startServiceServer<RequestContext>({
      name: 'test-service',
      port: 0,
      host: '127.0.0.1',
      logger,
      apollo,
      context: async (req, requestId) => ({
        requestId,
        logger,
        ip: null,
        viewer: await viewerFromAuthorization(req.headers.authorization, verifier),
      }),
      readiness: {
        db: async () => {
          if (!dbUp) throw new Error('db down');
        },
        search: async () => {
          if (hang) await new Promise(() => {});
        },
      },
      degradable: {
        redis: async () => {
          if (!redisUp) throw new Error('redis down');
        },
      },
      readinessTimeoutMs: 200,
      routes: { '/hello.txt': (_req, res) => void res.end('hi') },
    });
  });
  afterAll(async () => {
    await running?.stop();
    await apollo?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(running.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers a query', async () => {
    expect(running.url).toBe(`http://localhost:${running.port}/graphql`);
    const res = await post({ query: '{ hello }' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/(graphql-response\+)?json/);
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
  });

  it('answers malformed JSON with a 400 BAD_REQUEST and a request id', async () => {
    const res = await post('{"query": "{ hello }"');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(body.errors?.[0]?.extensions?.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.errors?.[0]?.extensions?.requestId).toMatch(UUID);
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED and a request id', async () => {
    const res = await post({ query: '{ hello ' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(body.errors?.[0]?.extensions?.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a body over 1 MB with 413', async () => {
    const big = JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(1024 * 1024) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors?.[0]?.extensions?.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('refuses a chunked body (no content-length) once it passes 1 MB', async () => {
    const big = JSON.stringify({ query: '{ hello }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await raw(running.port, {
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(res.status).toBe(413);
    expect((JSON.parse(res.body) as ErrorBody).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('lets a client still sending an oversized body finish and read the 413 (lingering close)', async () => {
    // Closing as soon as the 413 is out makes the kernel reset the rest of the upload, and the
    // reset can throw away the answer before the client reads it.
    const upload = await uploadSlowly(running.port, 4 * 1024 * 1024);
    expect(upload.error).toBeUndefined();
    expect(upload.sent).toBe(4 * 1024 * 1024);
    expect(upload.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.answer).toMatch(/connection: close/i);
    expect(upload.answer).toContain('PAYLOAD_TOO_LARGE');
  });

  it('stops lingering after 16 MB of an oversized body and closes', async () => {
    const upload = await uploadSlowly(running.port, 64 * 1024 * 1024);
    expect(upload.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(upload.sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('reads a gzip body', async () => {
    const res = await raw(running.port, {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ query: '{ hello }' })),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { hello: 'world' } });
  });

  it('refuses a gzip body that inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024); // small on the wire: only inflating reveals it
    const res = await raw(running.port, {
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.length,
      },
      body: bomb,
    });
    expect(res.status).toBe(413);
    expect((JSON.parse(res.body) as ErrorBody).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a corrupt gzip body with 400 and an unknown encoding with 415', async () => {
    const corrupt = await raw(running.port, {
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: 'not gzip at all',
    });
    expect(corrupt.status).toBe(400);
    expect((JSON.parse(corrupt.body) as ErrorBody).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    const brotli = await raw(running.port, {
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      body: 'whatever',
    });
    expect(brotli.status).toBe(415);
    expect((JSON.parse(brotli.body) as ErrorBody).errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('answers an unknown path with a JSON 404', async () => {
    const res = await fetch(`http://127.0.0.1:${running.port}/nope`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(body.errors?.[0]?.message).toContain('/nope');
  });

  it('serves extra routes for GET only', async () => {
    const get = await fetch(`http://127.0.0.1:${running.port}/hello.txt`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe('hi');
    const postRoute = await fetch(`http://127.0.0.1:${running.port}/hello.txt`, {
      method: 'POST',
      body: 'x',
    });
    expect(postRoute.status).toBe(404);
  });

  it('/healthz answers 200', async () => {
    const res = await fetch(`http://127.0.0.1:${running.port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'test-service' });
  });

  it('/readyz answers 200 when every check passes and 503 naming the one that fails', async () => {
    const ok = await fetch(`http://127.0.0.1:${running.port}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      status: 'ok',
      ok: true,
      degraded: [],
      checks: { db: { ok: true }, search: { ok: true }, redis: { ok: true } },
    });

    dbUp = false;
    try {
      const down = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({
        status: 'unavailable',
        ok: false,
        degraded: [],
        checks: { db: { ok: false, error: 'db down' }, search: { ok: true }, redis: { ok: true } },
      });
    } finally {
      dbUp = true;
    }

    hang = true;
    try {
      const slow = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(slow.status).toBe(503);
      const body = (await slow.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
      expect(body.checks.search).toEqual({ ok: false, error: 'timed out after 200 ms' });
      expect(body.checks.db).toEqual({ ok: true });
    } finally {
      hang = false;
    }
  });

  it('/readyz stays 200 when a dependency with a local fallback fails, naming it as degraded', async () => {
    redisUp = false;
    try {
      const degraded = await fetch(`http://127.0.0.1:${running.port}/readyz`);
      expect(degraded.status).toBe(200);
      expect(await degraded.json()).toEqual({
        status: 'ok',
        ok: true,
        degraded: ['redis'],
        checks: { db: { ok: true }, search: { ok: true }, redis: { ok: false, error: 'redis down' } },
      });
    } finally {
      redisUp = true;
    }
  });

  it('echoes a well-formed x-request-id and replaces one that is not', async () => {
    const given = `req-${randomUUID()}`;
    const kept = await post({ query: '{ missing }' }, { 'x-request-id': given });
    expect(kept.headers.get('x-request-id')).toBe(given);
    expect(((await kept.json()) as ErrorBody).errors?.[0]?.extensions?.requestId).toBe(given);

    for (const bad of ['has spaces in it', 'x'.repeat(129), 'semi;colon']) {
      const replaced = await post({ query: '{ hello }' }, { 'x-request-id': bad });
      expect(replaced.headers.get('x-request-id')).toMatch(UUID);
    }
  });

  it('masks an unexpected resolver error: generic message, no stack, a request id', async () => {
    const res = await post({ query: '{ hello boom }' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('db-primary');
    const body = JSON.parse(text) as ErrorBody;
    expect(body.data).toEqual({ hello: 'world', boom: null });
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors ?? [];
    expect(error?.path).toEqual(['boom']);
    expect(error?.message).toMatch(/^Something failed on our side/);
    expect(error?.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('keeps the code, message and extensions of a registry error', async () => {
    const res = await post({ query: '{ missing }' });
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.message).toBe('Article not found.');
    expect(body.errors?.[0]?.extensions).toEqual({
      code: 'NOT_FOUND',
      id: 'a1',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('answers a forged bearer token with 401 UNAUTHENTICATED', async () => {
    const res = await post({ query: '{ me }' }, { authorization: 'Bearer not.a.token' });
    const body = (await res.json()) as ErrorBody;
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.extensions?.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.status).toBe(401);
    // No header at all is simply anonymous.
    const anonymous = await post({ query: '{ me }' });
    expect(await anonymous.json()).toEqual({ data: { me: null } });
  });
});

describe('service server shutdown', () => {
  it('lets an in-flight request finish, then refuses new connections', async () => {
    const logger = silentLogger();
    const apollo = await startSubgraphApollo<RequestContext>({ schema, logger });
    const running = await startServiceServer<RequestContext>({
      name: 'stopping-service',
      port: 0,
      host: '127.0.0.1',
      logger,
      apollo,
      context: async (_req, requestId) => ({ requestId, logger, ip: null, viewer: null }),
    });
    try {
      const body = Buffer.from(JSON.stringify({ query: '{ hello }' }));
      const half = Math.floor(body.length / 2);
      const arrived = new Promise<void>((resolve) => running.server.once('request', () => resolve()));
      const response = new Promise<Raw>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: running.port,
            path: '/graphql',
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'content-length': body.length },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: Buffer.concat(chunks).toString(),
              }),
            );
          },
        );
        req.on('error', reject);
        req.flushHeaders();
        req.write(body.subarray(0, half));
        void arrived.then(() => {
          stopping = running.stop();
          // While it drains, the listener is already gone.
          void raw(running.port, { path: '/healthz', method: 'GET' }).then(
            () => reject(new Error('a new connection was accepted while stopping')),
            (error: NodeJS.ErrnoException) => {
              refusedWhileStopping = error.code;
              req.end(body.subarray(half));
            },
          );
        });
      });
      let stopping: Promise<void> | undefined;
      let refusedWhileStopping: string | undefined;

      const res = await response;
      expect(refusedWhileStopping).toBe('ECONNREFUSED');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({ data: { hello: 'world' } });
      await stopping;
      await expect(raw(running.port, { path: '/healthz', method: 'GET' })).rejects.toMatchObject({
        code: 'ECONNREFUSED',
      });
    } finally {
      await running.stop();
      await apollo.stop();
    }
  });
});
