import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDatabase, type DatabaseHandle } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import type { AlertDirection, AlertRuleRow } from '../../db/schema.js';
import type { AnalyticsDbFixture } from '../../testing/db-fixture.js';
import type { AnalyticsDeps } from '../deps.js';
import { createAlertRule } from './rules.js';

/** One request a test webhook receiver got. */
export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local webhook receiver answering with `statuses` in turn (then 200), optionally slowly. */
export interface HookReceiver {
  url: string;
  port: number;
  received: ReceivedHook[];
  statuses: number[];
  delayMs: number;
  /** Resolves once `count` requests have arrived in all. */
  until(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startHookReceiver(): Promise<HookReceiver> {
  const receiver: Omit<HookReceiver, 'url' | 'port' | 'close' | 'until'> = {
    received: [],
    statuses: [],
    delayMs: 0,
  };
  const waiters = new Set<{ count: number; resolve(): void }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      receiver.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      for (const waiter of [...waiters]) {
        if (receiver.received.length >= waiter.count) {
          waiters.delete(waiter);
          waiter.resolve();
        }
      }
      const status = receiver.statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status).end('ok'), receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    until(count: number) {
      if (receiver.received.length >= count) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.add({ count, resolve }));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** A second "instance" over the same database: its own connection pool, the same bus and clock. */
export async function secondInstance(
  fixture: AnalyticsDbFixture,
  overrides: Partial<AnalyticsDeps> = {},
): Promise<{ deps: AnalyticsDeps; handle: DatabaseHandle }> {
  const handle = await createDatabase({ url: fixture.database.url, poolMax: 4 });
  return { deps: { ...fixture.deps, db: handle.db, ...overrides }, handle };
}

/** A THRESHOLD rule of `owner`'s on `metric`, created as its owner would. */
export async function thresholdRule(
  deps: AnalyticsDeps,
  owner: string,
  metric: string,
  threshold: number,
  direction: AlertDirection = 'ABOVE',
): Promise<AlertRuleRow> {
  return (await createAlertRule(deps, owner, { metric, kind: 'THRESHOLD', threshold, direction })).rule;
}

/** A MINUTE window row of a count metric, written as the pipeline would leave it. */
export async function setMinuteCount(
  deps: AnalyticsDeps,
  metric: string,
  at: Date,
  count: number,
): Promise<void> {
  await deps.db.execute(sql`
    insert into analytics.metric_windows (metric, interval, at, count)
    values (${metric}, 'MINUTE', ${at.toISOString()}::timestamptz, ${count})
    on conflict (metric, interval, at) do update set count = excluded.count, updated_at = now()`);
}

/** `minutes` consecutive MINUTE rows ending just before `end`, with the given values in order. */
export async function setMinuteSeries(
  deps: AnalyticsDeps,
  metric: string,
  end: Date,
  values: number[],
): Promise<void> {
  for (const [i, value] of values.entries()) {
    await setMinuteCount(deps, metric, new Date(end.getTime() - (values.length - i) * 60_000), value);
  }
}
