import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLIENT_ADDRESS_HEADER, codeOf, createClientAddressSigner, silentLogger } from '@ukp/kit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { passthroughTrace } from '../observability/tracing.js';
import { SubgraphPolicy } from '../resilience/subgraph-policy.js';
import { SubgraphClient } from './subgraph-client.js';

/** A subgraph whose next answers are scripted; it records what it was sent. */
interface Script {
  status: number;
  body: string;
  delayMs?: number;
}

describe('SubgraphClient (real HTTP)', () => {
  let server: Server;
  let url = '';
  let script: Script[] = [];
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        const next = script.shift() ?? { status: 200, body: '{"data":{"ok":true}}' };
        setTimeout(() => {
          res.writeHead(next.status, { 'content-type': 'application/json' });
          res.end(next.body);
        }, next.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    script = [];
    received.length = 0;
  });

  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const context = {
    requestId: 'req-1',
    viewer: null,
    ip: '203.0.113.9',
    logger: silentLogger(),
    authorization: 'Bearer abc',
    // Tracing off: the caller's header goes to the subgraph as it came.
    trace: passthroughTrace({ traceparent }),
  } as GatewayContext;
  const policy = (attempts: number) =>
    new SubgraphPolicy('accounts', { attempts, breakerThreshold: 100, halfOpenAfterMs: 60_000 });
  const query = { kind: 'query' as const, body: '{"query":"{ ok }","variables":{}}' };

  it('sends the body as given with the caller identity and trace, and returns the parsed answer', async () => {
    const addressSigner = createClientAddressSigner('a-secret-shared-with-the-subgraphs-0123');
    const client = new SubgraphClient('accounts', url, { addressSigner });
    const reply = await client.call(query, context);
    expect(reply).toEqual({ data: { ok: true }, cacheHint: { maxAge: 0 } });
    expect(received[0]?.body).toBe(query.body);
    expect(received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-request-id': 'req-1',
      authorization: 'Bearer abc',
      traceparent,
    });
    // The client's address goes signed, so a subgraph can tell it came from us; never as X-Forwarded-For.
    expect(addressSigner.verify(received[0]?.headers[CLIENT_ADDRESS_HEADER] as string)).toBe('203.0.113.9');
    expect(received[0]?.headers['x-forwarded-for']).toBeUndefined();
    await client.close();
  });

  it('passes GraphQL errors through as an answer, not a failure', async () => {
    script = [{ status: 200, body: '{"data":null,"errors":[{"message":"nope","path":["ok"]}]}' }];
    const client = new SubgraphClient('accounts', url);
    await expect(client.call(query, context)).resolves.toMatchObject({
      data: null,
      errors: [{ message: 'nope', path: ['ok'] }],
    });
    await client.close();
  });

  it('retries a query on 503 but never a mutation', async () => {
    const observed: string[] = [];
    const client = new SubgraphClient('accounts', url, {
      policy: policy(2),
      onFetch: (_name, _seconds, outcome) => observed.push(outcome),
    });
    script = [{ status: 503, body: '' }];
    await expect(client.call(query, context)).resolves.toMatchObject({ data: { ok: true } });
    expect(received).toHaveLength(2);

    received.length = 0;
    script = [{ status: 503, body: '' }];
    const failure = await client
      .call({ kind: 'mutation', body: '{"query":"mutation { ok }"}' }, context)
      .catch((e) => e);
    expect(codeOf(failure)).toBe('SUBGRAPH_UNAVAILABLE');
    expect(received).toHaveLength(1);
    expect(observed).toEqual(['ok', 'error']);
    await client.close();
  });

  it("reports each fetch's duration to the request, failed ones and retries included", async () => {
    const timings: Array<[string, number]> = [];
    const metered: number[] = [];
    const client = new SubgraphClient('accounts', url, {
      policy: policy(2),
      onFetch: (_name, seconds) => metered.push(seconds * 1000),
    });
    const timed: GatewayContext = {
      ...context,
      subgraphTimings: { subgraphFetched: (subgraph, ms) => timings.push([subgraph, ms]) },
    };
    script = [
      { status: 503, body: '', delayMs: 20 },
      { status: 200, body: '{"data":{"ok":true}}', delayMs: 20 },
    ];
    await client.call(query, timed);
    script = [{ status: 400, body: '{}' }];
    await client.call(query, timed).catch(() => undefined);
    // One report a call (its retry inside it), the same duration the metrics get.
    expect(timings.map(([name]) => name)).toEqual(['accounts', 'accounts']);
    expect(timings.map(([, ms]) => ms)).toEqual(metered.map((ms) => expect.closeTo(ms, 6)));
    // Both answers of the first call were held back 20 ms by the subgraph.
    expect(timings[0]?.[1]).toBeGreaterThanOrEqual(39);
    await client.close();
  });

  it('keeps 401 and 403 as UNAUTHENTICATED and FORBIDDEN', async () => {
    const client = new SubgraphClient('accounts', url);
    script = [
      { status: 401, body: '{}' },
      { status: 403, body: '{}' },
    ];
    expect(codeOf(await client.call(query, context).catch((e) => e))).toBe('UNAUTHENTICATED');
    expect(codeOf(await client.call(query, context).catch((e) => e))).toBe('FORBIDDEN');
    await client.close();
  });

  it('gives up on a subgraph slower than its timeout, and on one that answers garbage', async () => {
    const client = new SubgraphClient('accounts', url, { timeoutMs: 100 });
    script = [{ status: 200, body: '{"data":{}}', delayMs: 1_000 }];
    const slow = await client.call(query, context).catch((e) => e);
    expect(codeOf(slow)).toBe('SUBGRAPH_UNAVAILABLE');
    expect((slow as { extensions: Record<string, unknown> }).extensions.subgraph).toBe('accounts');
    script = [{ status: 200, body: '<html>' }];
    expect(codeOf(await client.call(query, context).catch((e) => e))).toBe('SUBGRAPH_UNAVAILABLE');
    await client.close();
  });

  it('keeps at most `connections` sockets to the subgraph, queueing the rest', async () => {
    const sockets = new Set<unknown>();
    const onConnection = (socket: unknown) => sockets.add(socket);
    server.on('connection', onConnection);
    try {
      const client = new SubgraphClient('accounts', url, { connections: 2 });
      script = Array.from({ length: 6 }, () => ({ status: 200, body: '{"data":{"ok":true}}', delayMs: 50 }));
      const answers = await Promise.all(Array.from({ length: 6 }, () => client.call(query, context)));
      expect(answers.map((a) => a.data)).toEqual(Array.from({ length: 6 }, () => ({ ok: true })));
      expect(sockets.size).toBe(2);
      await client.close();
    } finally {
      server.off('connection', onConnection);
    }
  });
});
