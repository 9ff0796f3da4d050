import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { SignUpDocument } from '@ukp/client/documents';
import { wsClient } from '@ukp/kit/testing';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

interface WireError {
  message: string;
  extensions?: Record<string, unknown>;
}

interface CountingProxy {
  url: string;
  /** GraphQL requests and WebSocket upgrades that reached the subgraph so far. */
  requests(): number;
  forwardTo(url: string): void;
  close(): Promise<void>;
}

/**
 * Stands between the gateway and one subgraph and counts what reaches it: the subgraphs' ports
 * are only known once the platform runs, so the gateway is pointed here first.
 */
async function countingProxy(): Promise<CountingProxy> {
  let target: URL | undefined;
  let requests = 0;
  const server = createServer((req, res) => {
    if (!target) {
      res.writeHead(502).end();
      return;
    }
    if (req.url?.startsWith('/graphql')) requests += 1;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  server.on('upgrade', (req, socket, head) => {
    if (!target) {
      socket.destroy();
      return;
    }
    requests += 1;
    const upstream = connect(Number(target.port), target.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2)
        lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: () => requests,
    forwardTo: (url) => {
      target = new URL(url);
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function post(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: WireError[] };
  return { status: response.status, data: json.data, errors: json.errors ?? [] };
}

/** One operation over graphql-ws: the errors it ended with (an `error` message or `next` errors). */
function overSocket(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: unknown; errors: WireError[] }> {
  return new Promise((resolve, reject) => {
    let result: { data: unknown; errors: WireError[] } = { data: undefined, errors: [] };
    // An accepted subscription never ends by itself: fail fast instead of at the test timeout.
    const timer = setTimeout(() => reject(new Error('the operation was not refused')), 10_000);
    const settle = (value: { data: unknown; errors: WireError[] }) => {
      clearTimeout(timer);
      resolve(value);
    };
    client.subscribe(
      { query, variables },
      {
        next: (value) => {
          result = { data: value.data, errors: (value.errors ?? []) as WireError[] };
        },
        error: (error) => (Array.isArray(error) ? settle({ data: undefined, errors: error }) : reject(error)),
        complete: () => settle(result),
      },
    );
  });
}

// User.documents → Document.author → …: four levels a turn.
const authorChain = (turns: number) =>
  `${'documents(first: 1) { edges { node { author { '.repeat(turns)}id${' } } } }'.repeat(turns)}`;

const WIDE = `query Wide($first: Int) {
  documents(first: 100) { edges { node { revisions(first: $first) { edges { node { version } } } } } }
}`;

type Case = [what: string, limit: string, document: string, variables?: Record<string, unknown>];

// Each refused by the limit it names (defaults: .env.example); each would reach a subgraph if run.
const queries: Case[] = [
  ['a 10,000-token document', 'tokens', `{ me { ${'id '.repeat(9996)}} }`],
  ['a 15,000-character comment', 'documentSize', `{ me { id } }\n# ${'x'.repeat(15_000)}`],
  ['400 aliases', 'aliases', `{ me { ${Array.from({ length: 400 }, (_, i) => `a${i}: id`).join(' ')} } }`],
  ['31 directives', 'directives', `{ me { ${'id @include(if: true) '.repeat(31)}} }`],
  ['14 levels of documents and authors', 'depth', `{ me { ${authorChain(3)} } }`],
  [
    '100 documents × 100 revisions',
    'listSize',
    WIDE.replace('revisions(first: $first)', 'revisions(first: 100)').replace('($first: Int)', ''),
  ],
  ['100 documents × $first = 100 revisions', 'listSize', WIDE, { first: 100 }],
  [
    '6,100 list fetches (100 documents × 60 documents each)',
    'cost',
    `{ documents(first: 100) { edges { node { author {
      documents(first: 60) { edges { node { revisions(first: 1) { totalCount } } } }
    } } } } }`,
  ],
];

const onPublished = (selection: string) =>
  `subscription ${selection.includes('$first') ? '($first: Int) ' : ''}{ documentPublished { ${selection} } }`;
const subscriptions: Case[] = [
  ['a 10,000-token document', 'tokens', onPublished(`${'id '.repeat(9996)}`)],
  ['a 15,000-character comment', 'documentSize', `${onPublished('id')}\n# ${'x'.repeat(15_000)}`],
  ['16 aliases', 'aliases', onPublished(Array.from({ length: 16 }, (_, i) => `a${i}: id`).join(' '))],
  ['31 directives', 'directives', onPublished('id @include(if: true) '.repeat(31))],
  ['15 levels of documents and authors', 'depth', onPublished(`author { ${authorChain(3)} }`)],
  [
    '100 documents × 100 revisions',
    'listSize',
    onPublished(
      'author { documents(first: 100) { edges { node { revisions(first: 100) { totalCount edges { node { version } } } } } } }',
    ),
  ],
  [
    '100 documents × $first = 100 revisions',
    'listSize',
    onPublished(
      'author { documents(first: 100) { edges { node { revisions(first: $first) { edges { node { version } } } } } } }',
    ),
    { first: 100 },
  ],
  [
    '6,100 list fetches (100 documents × 60 documents each)',
    'cost',
    onPublished(
      'author { documents(first: 100) { edges { node { author { documents(first: 60) { edges { node { revisions(first: 1) { totalCount } } } } } } } } }',
    ),
  ],
];

describe('query limits', () => {
  let t: TestPlatform;
  const proxies: CountingProxy[] = [];
  const subgraphRequests = () => proxies.reduce((sum, proxy) => sum + proxy.requests(), 0);
  let client: Client;

  beforeAll(async () => {
    const [users, knowledge] = [await countingProxy(), await countingProxy()];
    proxies.push(users, knowledge);
    t = await startTestPlatform({ SUBGRAPH_USERS_URL: users.url, SUBGRAPH_KNOWLEDGE_URL: knowledge.url });
    users.forwardTo(t.platform.subgraphs.users.url);
    knowledge.forwardTo(t.platform.subgraphs.knowledge.url);
    client = wsClient(t.url);
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.stop();
    await Promise.all(proxies.map((proxy) => proxy.close()));
  });

  function expectRejected(errors: WireError[], limit: string) {
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(errors[0]?.message).not.toMatch(/^Syntax Error/);
  }

  it('runs what stays within the limits, calling the subgraphs', async () => {
    const before = subgraphRequests();
    const wide = await post(t.url, { query: WIDE, variables: { first: 5 } });
    expect(wide.status).toBe(200);
    expect(wide.errors).toEqual([]);
    expect((await post(t.url, { query: `{ me { ${authorChain(2)} } }` })).errors).toEqual([]);
    expect((await overSocket(client, WIDE, { first: 5 })).errors).toEqual([]);
    expect(subgraphRequests()).toBeGreaterThan(before);
  });

  describe('over HTTP', () => {
    it.each(queries)(
      'answers %s with 400 QUERY_TOO_COMPLEX (%s) before any subgraph call',
      async (_, limit, query, variables) => {
        const before = subgraphRequests();
        const { status, data, errors } = await post(t.url, { query, variables });
        expect(status).toBe(400);
        expect(data).toBeUndefined();
        expectRejected(errors, limit);
        expect(subgraphRequests()).toBe(before);
      },
    );

    it('keeps the kit’s 1 MB body limit and refuses batches', async () => {
      const before = subgraphRequests();
      const huge = await post(t.url, { query: `{ me { id } }\n# ${'x'.repeat(1024 * 1024)}` });
      expect(huge.status).toBe(413);
      expect(huge.errors[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
      const batch = await post(t.url, [{ query: '{ me { id } }' }, { query: '{ me { id } }' }]);
      expect(batch.status).toBe(400);
      expect(subgraphRequests()).toBe(before);
    });
  });

  describe('over graphql-ws', () => {
    it.each(queries)('refuses a query of %s with the same error (%s)', async (_, limit, query, variables) => {
      const before = subgraphRequests();
      const { data, errors } = await overSocket(client, query, variables);
      expect(data).toBeUndefined();
      expectRejected(errors, limit);
      expect(subgraphRequests()).toBe(before);
    });

    it.each(subscriptions)(
      'refuses a subscription of %s (%s) before subscribing upstream',
      async (_, limit, query, variables) => {
        const before = subgraphRequests();
        const { errors } = await overSocket(client, query, variables);
        expectRejected(errors, limit);
        expect(subgraphRequests()).toBe(before);
      },
    );

    it('subscribes upstream when the subscription is within the limits', async () => {
      // A caller of its own: the gateway opens one upstream socket per identity, which the proxy sees.
      const signUp = await execute(t.url, SignUpDocument, {
        input: {
          email: `limits-${Date.now()}@e2e.test`,
          password: 'pass-limits-e2e-1',
          displayName: 'Limits',
        },
      });
      const own = wsClient(t.url, signUp.data?.signUp.accessToken);
      const before = subgraphRequests();
      const within = onPublished(
        'id author { documents(first: 5) { edges { node { revisions(first: $first) { totalCount } } } } }',
      );
      const dispose = own.subscribe(
        { query: within, variables: { first: 5 } },
        { next: () => {}, error: () => {}, complete: () => {} },
      );
      try {
        await expect.poll(subgraphRequests, { timeout: 5000 }).toBeGreaterThan(before);
      } finally {
        dispose();
        await own.dispose();
      }
    });
  });
});

describe('query limits in production', () => {
  let t: TestPlatform;
  let client: Client;
  beforeAll(async () => {
    t = await startTestPlatform({ NODE_ENV: 'production' });
    client = wsClient(t.url);
  });
  afterAll(async () => {
    await client?.dispose();
    await t?.stop();
  });

  it('removes field suggestions from validation errors, over HTTP and over graphql-ws', async () => {
    const http = await post(t.url, { query: '{ me { displayNme } }' });
    expect(http.status).toBe(400);
    expect(http.errors[0]?.message).toBe('Cannot query field "displayNme" on type "User".');
    const query = await overSocket(client, '{ documents(frist: 1) { totalCount } }');
    expect(query.errors[0]?.message).toBe('Unknown argument "frist" on field "Query.documents".');
    const subscription = await overSocket(client, 'subscription { documentPublishd { id } }');
    expect(subscription.errors[0]?.message).toBe(
      'Cannot query field "documentPublishd" on type "Subscription".',
    );
  });

  it('applies the same limits', async () => {
    expect(
      (await post(t.url, { query: `{ me { ${authorChain(3)} } }` })).errors[0]?.extensions,
    ).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'depth',
    });
  });
});
