import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner, tokenConfigFromEnv } from '../auth/tokens.js';
import type { RequestContext } from '../context.js';
import { type Database, type DatabaseHandle, rowsOf } from '../db/database.js';
import { parseEnv } from '../env.js';
import { allow, isAuthenticated } from '../shield.js';
import { errorCode, gql } from '../testing/graphql-client.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-env.js';
import { wsClient } from '../testing/ws-client.js';
import { type SubgraphEnv, subgraphEnv } from './infrastructure.js';
import { Counter } from './metrics.js';
import { type RunningSubgraph, startSubgraph } from './start-subgraph.js';
import { readSdl, type SubgraphResolvers } from './subgraph-schema.js';

const fixture = new URL('./fixtures/notes/', import.meta.url);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface NotesContext extends RequestContext {
  db: Database;
}

const resolvers: SubgraphResolvers<NotesContext> = {
  Query: {
    note: async (_parent, args: { id: string }, ctx) =>
      rowsOf<{ id: string; body: string }>(
        await ctx.db.execute(sql`select id, body from notes.notes where id = ${args.id}`),
      )[0] ?? null,
    requestId: (_parent, _args, ctx) => ctx.requestId,
  },
  Subscription: {
    ticks: {
      subscribe: async function* (_parent, args: { to: number }, ctx) {
        for (let n = 1; n <= args.to; n += 1) yield { ticks: { n, requestId: ctx.requestId } };
      },
    },
  },
};

const permissions = {
  Query: { note: isAuthenticated, requestId: allow },
  Note: allow,
  Tick: allow,
  Subscription: { ticks: isAuthenticated },
};

/** What each registered resource saw of the others when it was closed. */
interface ClosingProbe {
  serverAnswered: boolean;
  databaseAnswered: boolean;
}

describe('startSubgraph', () => {
  let database: TestDatabase;
  let env: SubgraphEnv;
  let subgraph: RunningSubgraph<{ database: DatabaseHandle }>;
  let token: string;
  let probe: ClosingProbe | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    env = parseEnv(subgraphEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(48).toString('base64url'),
    });
    const signer = await createTokenSigner(tokenConfigFromEnv(env));
    token = (await signer.sign({ sub: 'u1', sid: 's1', roles: ['VIEWER'] })).token;
    subgraph = await startSubgraph<NotesContext, { database: DatabaseHandle }>({
      name: 'notes',
      env,
      port: 0,
      typeDefs: readSdl(new URL('schema.graphql', fixture)),
      migrations: fileURLToPath(new URL('drizzle', fixture)),
      async setup({ database: handle, resources, metrics }) {
        new Counter({ name: 'notes_hellos_total', help: 'Hellos served.', registers: [metrics] }).inc(3);
        resources.add('probe', async () => {
          probe = {
            serverAnswered: await fetch(subgraph.url.replace('/graphql', '/healthz')).then(
              () => true,
              () => false,
            ),
            databaseAnswered: await handle.ping().then(
              () => true,
              () => false,
            ),
          };
        });
        return {
          resolvers,
          permissions,
          context: (base) => ({ ...base, db: handle.db }),
          routes: { '/hello': (_req, res) => void res.end('hello') },
          expose: { database: handle },
        };
      },
    });
  });

  afterAll(async () => {
    await subgraph?.stop();
    await database?.drop();
  });

  it('serves /metrics: the process defaults and what the setup registered, in Prometheus text', async () => {
    const res = await fetch(subgraph.url.replace('/graphql', '/metrics'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    expect(body).toMatch(/^ukp_process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^notes_hellos_total 3$/m);
  });

  it('answers a query from the migrated database for a signed-in caller', async () => {
    const result = await gql<{ note: { body: string } }>(
      subgraph.url,
      '{ note(id: "n1") { body } }',
      {},
      token,
    );
    expect(result.body).toEqual({ data: { note: { body: 'written by the migration' } } });
  });

  it('refuses a caller without a token, and one with an invalid token, as UNAUTHENTICATED', async () => {
    const anonymous = await gql(subgraph.url, '{ note(id: "n1") { body } }');
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    const forged = await gql(subgraph.url, '{ note(id: "n1") { body } }', {}, 'not-a-token');
    expect(forged.status).toBe(401);
    expect(errorCode(forged)).toBe('UNAUTHENTICATED');
  });

  it('keeps a well-formed request id and replaces a malformed one', async () => {
    const kept = await gql<{ requestId: string }>(subgraph.url, '{ requestId }', {}, undefined, {
      'x-request-id': 'req-42.a:b',
    });
    expect(kept.body.data?.requestId).toBe('req-42.a:b');
    const replaced = await gql<{ requestId: string }>(subgraph.url, '{ requestId }', {}, undefined, {
      'x-request-id': 'no spaces <allowed>',
    });
    expect(replaced.body.data?.requestId).toMatch(UUID);
  });

  it('serves subscriptions over graphql-ws under the same rules', async () => {
    const client = wsClient(subgraph.url, token, { params: { requestId: 'ws-7' } });
    const ticks: Array<{ n: number; requestId: string }> = [];
    try {
      for await (const result of client.iterate<{ ticks: { n: number; requestId: string } }>({
        query: 'subscription { ticks(to: 2) { n requestId } }',
      })) {
        if (result.data) ticks.push(result.data.ticks);
      }
    } finally {
      await client.dispose();
    }
    expect(ticks).toEqual([
      { n: 1, requestId: 'ws-7' },
      { n: 2, requestId: 'ws-7' },
    ]);

    const malformed = wsClient(subgraph.url, token, { params: { 'x-request-id': 'a b' } });
    try {
      for await (const result of malformed.iterate<{ ticks: { requestId: string } }>({
        query: 'subscription { ticks(to: 1) { requestId } }',
      })) {
        expect(result.data?.ticks.requestId).toMatch(UUID);
      }
    } finally {
      await malformed.dispose();
    }
  });

  it('refuses an anonymous subscription as UNAUTHENTICATED', async () => {
    const client = wsClient(subgraph.url);
    try {
      const results = [];
      for await (const result of client.iterate({ query: 'subscription { ticks(to: 1) { n } }' })) {
        results.push(result);
      }
      expect(results).toHaveLength(1);
      expect(results[0]?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });

  it('reports readiness of its database (Redis only as degraded or not), and serves its own routes', async () => {
    const base = subgraph.url.replace('/graphql', '');
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { checks: Record<string, unknown>; degraded: string[] };
    expect(body.checks.postgres).toEqual({ ok: true });
    expect(body.checks.bus).toBeUndefined();
    expect(body.degraded).toEqual([]);
    expect(await (await fetch(`${base}/hello`)).text()).toBe('hello');
  });

  it('stops in reverse order: the server first, then its own parts, the database last', async () => {
    await subgraph.stop();
    expect(probe).toEqual({ serverAnswered: false, databaseAnswered: true });
    await expect(subgraph.database.ping()).rejects.toThrow();
  });
});
