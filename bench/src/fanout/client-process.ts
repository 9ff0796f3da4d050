// One of the fan-out benchmark's client processes: it owns a share of the subscribers, speaks
// graphql-transport-ws itself on plain `ws` sockets (the graphql-ws client validates and emits
// every message, which would make this process, not the gateway, the bottleneck), stamps each
// delivery with the shared wall clock, and answers the coordinator over IPC (./protocol.ts).
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { wallNow } from './clock.js';
import type {
  CollectReply,
  OpenReply,
  OpenRequest,
  ProgressReply,
  WorkerMessage,
  WorkerReply,
} from './protocol.js';

interface Subscriber {
  socket: WebSocket;
  /** Heard any edit (a probe or a measured one): the subscription is live. */
  heard: boolean;
  /** The last measured edit it received, to notice reordering. */
  last: number;
  /** A hash of the order its measured edits arrived in: subscribers are compared by it. */
  order: number;
}

let subscribers: Subscriber[] = [];
/** Measured update → its index; empty until `expect`. */
let expected = new Map<string, number>();
let edits = 0;
let arrivals = new Float64Array(0);
let delivered = 0;
let duplicates = 0;
let reordered = 0;
let unexpected = 0;
let failures = 0;
let firstFailure: string | undefined;
let measuring = false;
let cpuAtExpect = process.cpuUsage();
let wallAtExpect = 0;

function fail(reason: string): void {
  if (!measuring) return;
  failures += 1;
  firstFailure ??= reason;
}

interface NextMessage {
  type: string;
  payload?: {
    data?: { documentEvents?: { __typename?: string; update?: string } | null } | null;
    errors?: unknown[];
  };
}

function onMessage(index: number, subscriber: Subscriber, raw: WebSocket.RawData): void {
  const at = wallNow();
  const message = JSON.parse(raw.toString()) as NextMessage;
  if (message.type === 'ping') {
    subscriber.socket.send('{"type":"pong"}');
    return;
  }
  if (message.type !== 'next') {
    fail(`${message.type}: ${JSON.stringify(message).slice(0, 300)}`);
    return;
  }
  if (message.payload?.errors) fail(`errors: ${JSON.stringify(message.payload.errors).slice(0, 300)}`);
  const event = message.payload?.data?.documentEvents;
  if (event?.__typename !== 'DocumentEdited') return;
  subscriber.heard = true;
  if (!measuring) return;
  const k = expected.get(event.update ?? '');
  if (k === undefined) {
    unexpected += 1;
    return;
  }
  const slot = index * edits + k;
  if (!Number.isNaN(arrivals[slot]!)) {
    duplicates += 1;
    return;
  }
  arrivals[slot] = at;
  delivered += 1;
  if (k < subscriber.last) reordered += 1;
  subscriber.last = k;
  subscriber.order = (Math.imul(subscriber.order, 31) + k + 1) >>> 0;
}

/** Resolves once the socket is acknowledged and its subscription sent; graphql-ws sends no ack for it. */
function openOne(request: OpenRequest, index: number): Promise<Subscriber> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(request.url, 'graphql-transport-ws', { perMessageDeflate: false });
    const subscriber: Subscriber = { socket, heard: false, last: -1, order: 0 };
    let acknowledged = false;
    socket.once('open', () => socket.send('{"type":"connection_init","payload":{}}'));
    socket.once('unexpected-response', (_req, res) => {
      reject(new Error(`upgrade refused: HTTP ${res.statusCode}`));
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (!acknowledged) reject(error);
      else fail(`socket error: ${error.message}`);
    });
    socket.on('close', (code, reason) => {
      if (!acknowledged) reject(new Error(`closed before ack: ${code} ${reason.toString()}`));
      else fail(`closed: ${code} ${reason.toString()}`);
    });
    socket.on('message', (raw) => {
      if (acknowledged) return onMessage(index, subscriber, raw);
      const message = JSON.parse(raw.toString()) as { type: string };
      if (message.type !== 'connection_ack') {
        reject(new Error(`expected connection_ack, got ${raw.toString().slice(0, 200)}`));
        return;
      }
      acknowledged = true;
      socket.send(
        JSON.stringify({
          // As the graphql-ws client does: every subscription has its own id.
          id: randomUUID(),
          type: 'subscribe',
          payload: { query: request.query, variables: request.variables },
        }),
      );
      resolve(subscriber);
    });
  });
}

async function open(request: OpenRequest): Promise<OpenReply> {
  const opened: Array<Subscriber | undefined> = new Array(request.count);
  const reasons: string[] = [];
  let failed = 0;
  let next = 0;
  const lane = async () => {
    while (next < request.count) {
      const index = next;
      next += 1;
      try {
        opened[index] = await openOne(request, index);
      } catch (error) {
        failed += 1;
        if (reasons.length < 5) reasons.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, request.concurrency) }, lane));
  // A socket that failed keeps its index (its events count as missing): a failure is never hidden.
  subscribers = opened.map(
    (subscriber) =>
      subscriber ?? { socket: undefined as unknown as WebSocket, heard: false, last: -1, order: 0 },
  );
  return { open: request.count - failed, failed, reasons };
}

function expect(updates: string[]): null {
  expected = new Map(updates.map((update, k) => [update, k]));
  edits = updates.length;
  arrivals = new Float64Array(subscribers.length * edits).fill(Number.NaN);
  delivered = 0;
  duplicates = 0;
  reordered = 0;
  unexpected = 0;
  failures = 0;
  firstFailure = undefined;
  for (const subscriber of subscribers) {
    subscriber.last = -1;
    subscriber.order = 0;
  }
  measuring = true;
  cpuAtExpect = process.cpuUsage();
  wallAtExpect = wallNow();
  return null;
}

function collect(): CollectReply {
  measuring = false;
  const cpu = process.cpuUsage(cpuAtExpect);
  return {
    sockets: subscribers.length,
    edits,
    arrivals,
    orders: Uint32Array.from(subscribers, (s) => s.order),
    duplicates,
    reordered,
    unexpected,
    failures,
    firstFailure,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: wallNow() - wallAtExpect,
  };
}

async function close(): Promise<null> {
  measuring = false;
  await Promise.all(
    subscribers.map(
      ({ socket }) =>
        new Promise<void>((resolve) => {
          if (!socket || socket.readyState === WebSocket.CLOSED) return resolve();
          socket.once('close', () => resolve());
          socket.close(1000);
        }),
    ),
  );
  subscribers = [];
  return null;
}

async function answer(message: WorkerMessage): Promise<unknown> {
  switch (message.type) {
    case 'open':
      return open(message);
    case 'expect':
      return expect(message.updates);
    case 'progress':
      return {
        heard: subscribers.filter((s) => s.heard).length,
        delivered,
      } satisfies ProgressReply;
    case 'collect':
      return collect();
    case 'close':
      return close();
  }
}

process.on('message', (message: WorkerMessage) => {
  answer(message).then(
    (value) => process.send?.({ seq: message.seq, ok: true, value } satisfies WorkerReply),
    (error: unknown) =>
      process.send?.({
        seq: message.seq,
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies WorkerReply),
  );
});
// The coordinator gone means the run is over.
process.on('disconnect', () => process.exit(0));
