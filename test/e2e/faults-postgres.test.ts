import { randomBytes } from 'node:crypto';
import { CreateDocumentDocument, GetDocumentDocument, MyDocumentsDocument } from '@ukp/client/documents';
import { within } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codesOf, type Load, type Outcome, startLoad, unexpected } from '../testkit/load.js';
import {
  adminToken,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';
import { type PrivatePostgres, startPrivatePostgres } from '../testkit/private-postgres.js';

const SUBGRAPH_TIMEOUT_MS = 3000;
/**
 * The longest a request may take: its fetches run one after another (knowledge, then users for
 * the author), each cut at the subgraph timeout, retries off. A bound, not a speed claim: past it
 * a request hung on the dead database.
 */
const REQUEST_BOUND_MS = 2 * SUBGRAPH_TIMEOUT_MS + 2000;
/** What a client may see while the database is away: retryable, from the registry. */
const WHILE_DOWN = ['SERVICE_UNAVAILABLE'];
/** Read before any write was acknowledged: a lookup that finds nothing still goes to the database. */
const NO_DOCUMENT = '00000000-0000-4000-8000-000000000000';

/**
 * PostgreSQL goes away under a steady load of mixed reads and writes through the gateway: the
 * platform runs on a private cluster (the shared server on 5432 serves other files meanwhile), so
 * it can be stopped, restarted and have its backends terminated. The platform is never restarted.
 */
describe('PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres;
  let t: TestPlatform;
  let editor = '';
  const acknowledged = new Set<string>();

  const readyz = async (service: 'users' | 'knowledge') => {
    const url = t.platform.subgraphs[service].url.replace(/\/graphql$/, '/readyz');
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  };

  /** createDocument, then a read of a document written before, then a query over both subgraphs. */
  const mixedLoad = (): Load =>
    startLoad({
      workers: 3,
      maxRequestsPerWorker: 600,
      pauseMs: 20,
      async step(worker, i) {
        const bounded = <T>(request: Promise<T>) =>
          within(request, `request ${worker}/${i}`, REQUEST_BOUND_MS);
        if (i % 3 === 0) {
          const title = `load ${worker}-${i}-${randomBytes(3).toString('hex')}`;
          const result = await bounded(
            execute(
              t.url,
              CreateDocumentDocument,
              { input: { title, body: 'body', tags: ['load'] } },
              editor,
            ),
          );
          const id = result.data?.createDocument.id;
          if (id) acknowledged.add(id);
          return { kind: 'create', codes: codesOf(result), ...(id ? { acknowledged: id } : {}) };
        }
        if (i % 3 === 1) {
          const id = [...acknowledged][i % Math.max(acknowledged.size, 1)] ?? NO_DOCUMENT;
          const result = await bounded(execute(t.url, GetDocumentDocument, { id }, editor));
          return { kind: 'read', codes: codesOf(result) };
        }
        const result = await bounded(execute(t.url, MyDocumentsDocument, { first: 5 }, editor));
        return { kind: 'both subgraphs', codes: codesOf(result) };
      },
    });

  /** Waits until requests started after `since` succeed again: the pool reconnected by itself. */
  const recovered = (load: Load, since: number) =>
    vi.waitFor(
      () => {
        const fresh = load.after(since);
        expect(fresh.filter((o) => o.codes.length === 0).length).toBeGreaterThanOrEqual(6);
      },
      { timeout: 30_000, interval: 100 },
    );

  /** What every fault must leave: only retryable errors, none past the bound. */
  const expectFaultHandled = (outcomes: Outcome[]) => {
    expect(unexpected(outcomes, WHILE_DOWN)).toEqual([]);
    expect(outcomes.filter((o) => o.ms > REQUEST_BOUND_MS)).toEqual([]);
  };

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    t = await startTestPlatform({
      DATABASE_URL: pg.url,
      SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
      SUBGRAPH_RETRY_ATTEMPTS: '1',
    });
    editor = (await userWithRoles(t, await adminToken(t), ['EDITOR'])).token;
  });
  afterAll(async () => {
    try {
      await t?.stop();
    } finally {
      await pg?.destroy();
    }
  });

  it('answers SERVICE_UNAVAILABLE while it is down, turns readiness 503 and back, and recovers by itself', async () => {
    const load = mixedLoad();
    try {
      await vi.waitFor(() => expect(load.outcomes.filter((o) => o.acknowledged).length).toBeGreaterThan(3), {
        timeout: 15_000,
      });
      await pg.stop();
      const down = Date.now();
      await vi.waitFor(
        async () => {
          expect(await readyz('users')).toBe(503);
          expect(await readyz('knowledge')).toBe(503);
          // Each kind of request has met the outage, and been told to retry.
          for (const kind of ['create', 'read', 'both subgraphs'])
            expect(
              load.after(down).some((o) => o.kind === kind && o.codes.includes('SERVICE_UNAVAILABLE')),
            ).toBe(true);
        },
        { timeout: 15_000, interval: 100 },
      );
      await pg.start();
      const up = Date.now();
      await vi.waitFor(
        async () => {
          expect(await readyz('users')).toBe(200);
          expect(await readyz('knowledge')).toBe(200);
        },
        { timeout: 15_000, interval: 100 },
      );
      await recovered(load, up);
    } finally {
      expectFaultHandled(await load.stop());
    }
  });

  it('rides out a fast restart (`pg_ctl restart -m fast`) under load', async () => {
    const load = mixedLoad();
    try {
      await vi.waitFor(() => expect(load.outcomes.length).toBeGreaterThan(10), { timeout: 15_000 });
      await pg.restart();
      await recovered(load, Date.now());
    } finally {
      expectFaultHandled(await load.stop());
    }
  });

  it('rides out every backend terminated with pg_terminate_backend under load', async () => {
    const load = mixedLoad();
    try {
      await vi.waitFor(() => expect(load.outcomes.length).toBeGreaterThan(10), { timeout: 15_000 });
      expect(await pg.terminateBackends()).toBeGreaterThan(0);
      await recovered(load, Date.now());
    } finally {
      expectFaultHandled(await load.stop());
    }
  });

  it('lost no acknowledged write', async () => {
    expect(acknowledged.size).toBeGreaterThan(10);
    const missing: string[] = [];
    for (const id of acknowledged) {
      // A pooled connection whose backend was terminated while idle reports it on its next
      // statement: one SERVICE_UNAVAILABLE, which a client retries as told.
      let result = await execute(t.url, GetDocumentDocument, { id }, editor);
      for (let retry = 0; retry < 3 && codesOf(result).includes('SERVICE_UNAVAILABLE'); retry += 1)
        result = await execute(t.url, GetDocumentDocument, { id }, editor);
      if (result.data?.document?.id !== id) missing.push(`${id}: ${JSON.stringify(result.errors)}`);
    }
    expect(missing).toEqual([]);
  });
});
