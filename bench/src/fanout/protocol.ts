// What the coordinator (../fanout.ts) and its client processes (./client-process.ts) say over
// the IPC channel: every request carries a `seq`, answered once with the same `seq`.

/** Opens `count` graphql-ws sockets, each with one subscription to `query`. */
export interface OpenRequest {
  type: 'open';
  url: string;
  count: number;
  /** In-flight handshakes at a time, so the gateway's accept backlog is not what fails. */
  concurrency: number;
  query: string;
  variables: Record<string, unknown>;
}

/** The updates the measured edits will carry, in order: a delivery is matched by its update. */
export interface ExpectRequest {
  type: 'expect';
  updates: string[];
}

export type WorkerRequest =
  | OpenRequest
  | ExpectRequest
  /** How many sockets have heard an edit yet (probes included), and how many measured deliveries. */
  | { type: 'progress' }
  /** The measured deliveries, and the CPU this process spent since `expect`. */
  | { type: 'collect' }
  | { type: 'close' };

export interface OpenReply {
  open: number;
  /** Sockets that could not open or subscribe, with the first reasons. */
  failed: number;
  reasons: string[];
}

export interface ProgressReply {
  heard: number;
  delivered: number;
}

export interface CollectReply {
  sockets: number;
  edits: number;
  /** Wall-clock arrival of edit k at socket i at `i * edits + k`; NaN when it never arrived. */
  arrivals: Float64Array;
  /** Per socket, a hash of the order its edits arrived in. */
  orders: Uint32Array;
  /** A measured edit that arrived a second time on the same socket. */
  duplicates: number;
  /** An edit that arrived after one sent later, on the same socket (the edits' commits may reorder). */
  reordered: number;
  /** `DocumentEdited` events whose update was none of the expected ones. */
  unexpected: number;
  /** `next` payloads with errors, `error` messages, `complete`s and closes while measuring. */
  failures: number;
  firstFailure: string | undefined;
  /** CPU this process used since `expect`, and the wall time it spans. */
  cpuMs: number;
  wallMs: number;
}

export type WorkerMessage = { seq: number } & WorkerRequest;
export type WorkerReply<T = unknown> =
  | { seq: number; ok: true; value: T }
  | { seq: number; ok: false; error: string };
