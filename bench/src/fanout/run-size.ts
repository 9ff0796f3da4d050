import { wallNow } from './clock.js';
import type { Editor } from './editor.js';
import type { PlatformMemory, PlatformProcess } from './platform.js';
import type { CollectReply, OpenReply, ProgressReply } from './protocol.js';
import type { ClientProcess } from './workers.js';

export const SUBSCRIPTION =
  'subscription ($id: ID!) { documentEvents(documentId: $id) { __typename ... on DocumentEdited { update } } }';

export interface RunSettings {
  platform: PlatformProcess;
  editor: Editor;
  clients: readonly ClientProcess[];
  wsUrl: string;
  edits: number;
  intervalMs: number;
  /** How long deliveries may trail the last edit before what is missing counts as lost. */
  drainMs: number;
}

export interface SizeResult {
  subscribers: number;
  opened: number;
  openFailures: string[];
  connectSeconds: number;
  /** Platform CPU from the first socket to the last subscription live (a few probe edits included). */
  connectCpuMs: number;
  probes: number;
  edits: number;
  expected: number;
  delivered: number;
  /** Not delivered by `drainMs` after the last edit was answered. */
  missing: number;
  drainMs: number;
  /** Subscribers that missed at least one edit. */
  subscribersMissing: number;
  duplicates: number;
  /** Arrivals after an edit sent later: the edits' commits reordered (not the fan-out's doing). */
  reordered: number;
  /** Distinct orders the subscribers that missed nothing saw the edits in: 1 when they agree. */
  orders: number;
  unexpected: number;
  failures: number;
  firstFailure: string | undefined;
  /** Edit sent → delivered, ms, every delivery, sorted. */
  latencies: Float64Array;
  /** Edit sent → the mutation's answer (it answers once committed and published), ms, sorted. */
  commits: Float64Array;
  editFailures: string[];
  platformCpuMs: number;
  /** The part of it spent in the kernel: on loopback, each socket write also runs the receiver's TCP path. */
  platformSystemMs: number;
  /** The platform's memory before the sockets opened and once all were subscribed, after a full GC. */
  memoryBefore: PlatformMemory;
  memoryAfter: PlatformMemory;
  /** The busiest client process's CPU while measuring, % of one core. */
  clientCpuPercent: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function shares(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

async function progress(clients: readonly ClientProcess[]): Promise<ProgressReply> {
  const replies = await Promise.all(clients.map((c) => c.ask<ProgressReply>({ type: 'progress' })));
  return {
    heard: replies.reduce((n, r) => n + r.heard, 0),
    delivered: replies.reduce((n, r) => n + r.delivered, 0),
  };
}

/**
 * One size: open `subscribers` sockets across the client processes, probe until every
 * subscription is live (graphql-ws never acknowledges a subscribe), then send `edits` edits on a
 * fixed schedule and match every delivery to its edit by its update.
 */
export async function runSize(settings: RunSettings, subscribers: number): Promise<SizeResult> {
  const { platform, editor, clients, edits } = settings;
  await editor.signIn();
  const memoryBefore = await platform.memory();
  const connectStart = wallNow();
  const connectCpuBefore = platform.cpuMs();
  const opens = await Promise.all(
    shares(subscribers, clients.length).map((count, i) =>
      clients[i]!.ask<OpenReply>({
        type: 'open',
        url: settings.wsUrl,
        count,
        concurrency: 32,
        query: SUBSCRIPTION,
        variables: { id: editor.documentId },
      }),
    ),
  );
  const opened = opens.reduce((n, o) => n + o.open, 0);
  const openFailures = opens.flatMap((o) => o.reasons);

  let probes = 0;
  const deadline = wallNow() + 120_000;
  for (;;) {
    await editor.send(editor.nextUpdate('.'));
    probes += 1;
    await sleep(500);
    if ((await progress(clients)).heard >= opened || wallNow() > deadline) break;
  }
  const connectSeconds = (wallNow() - connectStart) / 1000;
  const connectCpuAfter = platform.cpuMs();
  const connectCpuMs =
    connectCpuAfter.user + connectCpuAfter.system - connectCpuBefore.user - connectCpuBefore.system;
  // Let the probes' deliveries finish before memory is read and the clock starts.
  await sleep(1000);
  const memoryAfter = await platform.memory();

  const updates = Array.from({ length: edits }, (_, k) => editor.nextUpdate(`e${k} `));
  await Promise.all(clients.map((c) => c.ask({ type: 'expect', updates })));
  const cpuBefore = platform.cpuMs();
  const sentAt = new Float64Array(edits);
  const answeredAt = new Float64Array(edits).fill(Number.NaN);
  const editFailures: string[] = [];
  const sends: Promise<void>[] = [];
  const start = wallNow();
  for (let k = 0; k < edits; k += 1) {
    const wait = start + k * settings.intervalMs - wallNow();
    if (wait > 0) await sleep(wait);
    sentAt[k] = wallNow();
    sends.push(
      editor.send(updates[k]!).then(
        () => {
          answeredAt[k] = wallNow();
        },
        (error: unknown) => {
          editFailures.push(`edit ${k}: ${error instanceof Error ? error.message : String(error)}`);
        },
      ),
    );
  }
  await Promise.all(sends);
  const drainUntil = wallNow() + settings.drainMs;
  while (wallNow() < drainUntil && (await progress(clients)).delivered < opened * edits) await sleep(100);
  const cpuAfter = platform.cpuMs();
  const platformSystemMs = cpuAfter.system - cpuBefore.system;
  const platformCpuMs = cpuAfter.user - cpuBefore.user + platformSystemMs;
  const collected = await Promise.all(clients.map((c) => c.ask<CollectReply>({ type: 'collect' })));

  const latencies: number[] = [];
  let missing = 0;
  let subscribersMissing = 0;
  const orders = new Set<number>();
  for (const reply of collected) {
    for (let i = 0; i < reply.sockets; i += 1) {
      let missed = false;
      for (let k = 0; k < reply.edits; k += 1) {
        const at = reply.arrivals[i * reply.edits + k]!;
        if (Number.isNaN(at)) {
          missing += 1;
          missed = true;
        } else {
          latencies.push(at - sentAt[k]!);
        }
      }
      if (missed) subscribersMissing += 1;
      else orders.add(reply.orders[i]!);
    }
  }
  const commits = [...sentAt].map((at, k) => answeredAt[k]! - at).filter((ms) => !Number.isNaN(ms));

  await Promise.all(clients.map((c) => c.ask({ type: 'close' })));
  // The gateway lets go of the closed sockets before the next size reads its memory.
  await sleep(2000);
  return {
    subscribers,
    opened,
    openFailures,
    connectSeconds,
    connectCpuMs,
    probes,
    edits,
    expected: subscribers * edits,
    delivered: latencies.length,
    missing,
    drainMs: settings.drainMs,
    subscribersMissing,
    duplicates: sum(collected, (r) => r.duplicates),
    reordered: sum(collected, (r) => r.reordered),
    orders: orders.size,
    unexpected: sum(collected, (r) => r.unexpected),
    failures: sum(collected, (r) => r.failures),
    firstFailure: collected.find((r) => r.firstFailure)?.firstFailure,
    latencies: Float64Array.from(latencies).sort(),
    commits: Float64Array.from(commits).sort(),
    editFailures,
    platformCpuMs,
    platformSystemMs,
    memoryBefore,
    memoryAfter,
    clientCpuPercent: Math.max(...collected.map((r) => (100 * r.cpuMs) / r.wallMs)),
  };
}

function sum(replies: CollectReply[], of: (reply: CollectReply) => number): number {
  return replies.reduce((n, r) => n + of(r), 0);
}
