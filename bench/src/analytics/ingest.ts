// Sustained ingestion into the analytics process: `trackEvents` over HTTP from a few closed-loop
// clients, and platform events through the Redis bus into its consumer group. Each path runs a
// warm-up, then the measured period; the rate is what the server committed over that period.
import { performance } from 'node:perf_hooks';
import type { EventBus } from '@ukp/kit';
import { type CpuTimes, cpuTimes, ownCpuSeconds } from './infra.js';
import type { ServerCounters } from './server-child.js';
import type { AnalyticsProcess } from './server-process.js';
import { platformEvent, trackBody } from './traffic.js';

export interface IngestRun {
  path: string;
  /** Events the server committed in the measured period. */
  events: number;
  seconds: number;
  statements: number;
  batches: number;
  /** Cores busy on average (CPU time over wall time): whatever is not ours is `other` (a shared machine). */
  cores: { analytics: number; load: number; postgres: number; redis: number; other: number };
}

interface Snapshot {
  at: number;
  server: ServerCounters;
  cpu: CpuTimes;
  own: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function snapshot(server: AnalyticsProcess): Promise<Snapshot> {
  return { at: performance.now(), server: await server.stats(), cpu: cpuTimes(), own: ownCpuSeconds() };
}

function runOf(path: string, a: Snapshot, b: Snapshot): IngestRun {
  const seconds = (b.at - a.at) / 1000;
  const analytics = (b.server.cpuSeconds - a.server.cpuSeconds) / seconds;
  const load = (b.own - a.own) / seconds;
  const postgres = (b.cpu.postgres - a.cpu.postgres) / seconds;
  const redis = (b.cpu.redis - a.cpu.redis) / seconds;
  const busy = (b.cpu.machine - a.cpu.machine) / seconds;
  return {
    path,
    events: b.server.events - a.server.events,
    seconds,
    statements: b.server.statements - a.server.statements,
    batches: b.server.batches - a.server.batches,
    cores: {
      analytics,
      load,
      postgres,
      redis,
      other: Math.max(0, busy - analytics - load - postgres - redis),
    },
  };
}

export interface TrackOptions {
  seconds: number;
  warmupSeconds: number;
  clients: number;
  batch: number;
  /** A bearer token for a new signed-in user (each client is one). */
  token(): Promise<string>;
}

/** `clients` closed loops, each sending its next batch of `batch` events when the last is answered. */
export async function trackEventsLoad(server: AnalyticsProcess, options: TrackOptions): Promise<IngestRun> {
  const tokens = await Promise.all(Array.from({ length: options.clients }, () => options.token()));
  const drive = async (seconds: number) => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      tokens.map(async (token) => {
        while (performance.now() < end) {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: trackBody(options.batch),
          });
          const body = (await response.json()) as { data?: { trackEvents?: number }; errors?: unknown };
          if (body.data?.trackEvents !== options.batch)
            throw new Error(`trackEvents failed (${response.status}): ${JSON.stringify(body.errors)}`);
        }
      }),
    );
  };
  await drive(options.warmupSeconds);
  const before = await snapshot(server);
  await drive(options.seconds);
  return runOf(
    `trackEvents over HTTP (${options.clients} clients × ${options.batch})`,
    before,
    await snapshot(server),
  );
}

export interface BusOptions {
  seconds: number;
  warmupSeconds: number;
  /** Events published at once (concurrently, on the bus's one Redis connection). */
  chunk: number;
  /** Published but not yet counted: publishing waits above this, so the stream never runs away. */
  maxBacklog: number;
  /** Events counted so far (committed), as Postgres has them. */
  counted(): Promise<number>;
}

async function publish(bus: EventBus, count: number): Promise<void> {
  const events = Array.from({ length: count }, platformEvent);
  await Promise.all(events.map((e) => bus.publish(e.topic, e.data)));
}

async function countedReaches(target: number, counted: () => Promise<number>): Promise<void> {
  const deadline = performance.now() + 300_000;
  for (let n = await counted(); n < target; n = await counted()) {
    if (performance.now() > deadline) throw new Error(`only ${n} of ${target} events counted`);
    await sleep(10);
  }
}

/**
 * Live: publishes as fast as the consumer keeps up, for `seconds`, then waits until every
 * published event is counted — end to end, publish → committed, the publisher (this process)
 * sharing the machine with the consumer, Redis and Postgres.
 */
export async function busLiveLoad(
  server: AnalyticsProcess,
  bus: EventBus,
  options: BusOptions,
): Promise<IngestRun> {
  let published = await options.counted();
  const drive = async (seconds: number) => {
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      if (published - (await options.counted()) > options.maxBacklog) {
        await sleep(5);
        continue;
      }
      await publish(bus, options.chunk);
      published += options.chunk;
    }
    await countedReaches(published, options.counted);
  };
  await drive(options.warmupSeconds);
  const before = await snapshot(server);
  await drive(options.seconds);
  return runOf(
    `bus, live: publish → committed (publisher in the load generator, backlog ≤ ${options.maxBacklog.toLocaleString('en')})`,
    before,
    await snapshot(server),
  );
}

/** Publishes `count` events in chunks (with no consumer running, they wait in the streams). */
export async function publishBacklog(bus: EventBus, count: number, chunk: number): Promise<void> {
  for (let done = 0; done < count; done += chunk) await publish(bus, Math.min(chunk, count - done));
}

/** Drain: a consumer started on a backlog, timed until all of it is counted; the load generator idles. */
export async function busDrain(
  server: AnalyticsProcess,
  backlog: number,
  target: number,
  counted: () => Promise<number>,
): Promise<IngestRun> {
  const before = await snapshot(server);
  await countedReaches(target, counted);
  return runOf(
    `bus, drain: ${backlog.toLocaleString('en')} events published beforehand, consumed with the publisher idle`,
    before,
    await snapshot(server),
  );
}
