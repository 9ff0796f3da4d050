import type { Writable } from 'node:stream';
import type { Logger } from '@ukp/kit';
import type { ExecutionResult } from 'graphql';
import WebSocket from 'ws';
import { EventQueue } from './event-queue.js';
import { textFrames } from './text-frames.js';

/**
 * One event's result, serialised once for every subscriber of a shared stream. Only a result
 * without errors qualifies: errors carry each subscriber's own `requestId`, so they are formatted
 * per subscriber by graphql-ws's `onNext`.
 */
export class EncodedResult {
  private encoded: Buffer | undefined;

  private constructor(private readonly payload: { data?: unknown }) {}

  /** The shared encoding, or undefined when the result must be formatted per subscriber. */
  static of(result: ExecutionResult): EncodedResult | undefined {
    if (result.errors?.length) return undefined;
    // What `format.result` returns for a result without errors, key for key.
    return new EncodedResult(result.data !== undefined ? { data: result.data } : {});
  }

  /** `<payload>}`: what follows a subscriber's own `{"id":…,"type":"next","payload":`. */
  tail(): Buffer {
    this.encoded ??= Buffer.from(`${JSON.stringify(this.payload)}}`);
    return this.encoded;
  }
}

/** Writes the outboxes of many streams a slice at a time (see ./outbox-flusher.ts). */
export interface Flusher {
  add(stream: ClientStream): void;
}

export interface DirectTarget {
  /** The client's WebSocket: only written to while it is open. */
  socket: WebSocket;
  /** Its TCP socket, which `socket` frames onto; written with whole frames, never mid-frame. */
  tcp: Writable;
  /** The graphql-ws id of this subscription. */
  id: string;
  flusher: Flusher;
  logger: Logger;
}

/**
 * A client subscription's stream of results. graphql-ws pulls results one at a time and writes
 * each as a `next` message through its hooks: per subscriber and event, a promise chain, a
 * formatting, a serialisation and a socket write. When graphql-ws is idle on this stream (it has
 * sent everything it was given and waits for more), a result every subscriber receives unchanged
 * goes to an outbox instead, and the flusher writes it as the very bytes graphql-ws would have
 * sent: the serialisation is shared, and what piled up while the flusher was busy with other
 * sockets leaves in one write. Anything else (errors, the last result) first flushes the outbox,
 * then goes through graphql-ws, so the client reads every message in order.
 */
export class ClientStream extends EventQueue<ExecutionResult> {
  private target: (DirectTarget & { head: Buffer }) | undefined;
  private outbox: EncodedResult[] = [];
  /** Messages written and not yet handed to the kernel: the client has not taken them. */
  private unwritten = 0;

  /** Lets results bypass graphql-ws, as the `next` messages of subscription `target.id`. */
  writeTo(target: DirectTarget): void {
    this.target = {
      ...target,
      head: Buffer.from(`{"id":${JSON.stringify(target.id)},"type":"next","payload":`),
    };
  }

  /** Results the client has not taken yet: in the outbox, queued here, or in Node's buffers. */
  get backlog(): number {
    return this.size + this.outbox.length + this.unwritten;
  }

  /**
   * Delivers `result`, with `encoded` when every subscriber receives it unchanged; false, and
   * nothing delivered, when `maxBacklog` results already wait for this client.
   */
  deliver(result: ExecutionResult, encoded: EncodedResult | undefined, maxBacklog: number): boolean {
    const outbox = this.outbox;
    if (this.size + outbox.length + this.unwritten >= maxBacklog) return false;
    const target = this.target;
    // While the outbox holds anything, graphql-ws is idle: everything else flushes it first.
    if (encoded && target && (outbox.length > 0 || this.drained)) {
      if (outbox.push(encoded) === 1) target.flusher.add(this);
      return true;
    }
    this.flush();
    this.push(result);
    return true;
  }

  override end(last?: ExecutionResult): void {
    this.flush();
    super.end(last);
  }

  override return(): Promise<IteratorResult<ExecutionResult, undefined>> {
    this.outbox.length = 0;
    return super.return();
  }

  /** Writes what the outbox holds in one write: one WebSocket text frame per message. */
  flush(): void {
    const { outbox, target } = this;
    if (outbox.length === 0 || !target) return;
    this.outbox = [];
    // graphql-ws skips sends on a socket that is closing; so does this (its close ends the stream).
    if (target.socket.readyState !== WebSocket.OPEN) return;
    const count = outbox.length;
    this.unwritten += count;
    target.tcp.write(
      textFrames(
        target.head,
        outbox.map((encoded) => encoded.tail()),
      ),
      (error) => {
        this.unwritten -= count;
        if (error) target.logger.info({ err: error }, 'websocket send failed: the client is gone');
      },
    );
  }
}
