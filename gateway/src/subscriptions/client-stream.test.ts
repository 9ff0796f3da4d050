import { Writable } from 'node:stream';
import type { Logger } from '@ukp/kit';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { ClientStream, type DirectTarget, EncodedResult, type Flusher } from './client-stream.js';
import { textFrames } from './text-frames.js';

// ws's own frame parser, which its clients read with; @types/ws does not declare the export.
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => Writable };

const ID = '0b6f4d3c-1d0e-4a51-9a57-0d3c4a1f7e21';

/** The bytes a socket received, as the messages a client reads from them. */
function messagesOf(chunks: Buffer[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false });
    const messages: string[] = [];
    receiver.on('message', (data: Buffer) => messages.push(data.toString()));
    receiver.on('error', reject);
    receiver.write(Buffer.concat(chunks), () => resolve(messages));
  });
}

/** What graphql-ws sends for a result (formatted as `format.result` does). */
function graphqlWsNext(result: ExecutionResult): string {
  const payload = {
    ...(result.data !== undefined ? { data: result.data } : {}),
    ...(result.errors?.length ? { errors: result.errors.map((e) => ({ message: e.message })) } : {}),
  };
  return JSON.stringify({ id: ID, type: 'next', payload });
}

function setup(options: { open?: boolean; acknowledge?: boolean } = {}) {
  const chunks: Buffer[] = [];
  const pendingCallbacks: Array<() => void> = [];
  const tcp = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      if (options.acknowledge === false) pendingCallbacks.push(() => callback());
      else callback();
    },
  });
  const queued: ClientStream[] = [];
  const flusher: Flusher & { run(): void } = {
    add: (stream) => queued.push(stream),
    run: () => {
      for (const stream of queued.splice(0)) stream.flush();
    },
  };
  const socket = { readyState: options.open === false ? ws.WebSocket.CLOSED : ws.WebSocket.OPEN };
  const stream = new ClientStream();
  const logger = { info: () => {} } as unknown as Logger;
  stream.writeTo({ socket: socket as DirectTarget['socket'], tcp, id: ID, flusher, logger });
  /** graphql-ws's loop: pull a result, send it, and only then pull the next. */
  const consumed = (async () => {
    for await (const result of stream) {
      await new Promise<void>((resolve) =>
        tcp.write(textFrames(Buffer.alloc(0), [Buffer.from(graphqlWsNext(result))]), () => resolve()),
      );
    }
  })();
  return { stream, flusher, chunks, consumed, pendingCallbacks };
}

const edited = (n: number): ExecutionResult => ({ data: { documentEvents: { update: `u${n}` } } });
const failed: ExecutionResult = { data: null, errors: [new GraphQLError('boom')] };
const deliver = (stream: ClientStream, result: ExecutionResult, maxBacklog = 1000) =>
  stream.deliver(result, EncodedResult.of(result), maxBacklog);
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ClientStream', () => {
  it('writes a result as the very message graphql-ws would send, several in one write', async () => {
    const { stream, flusher, chunks } = setup();
    await tick();
    deliver(stream, edited(1));
    deliver(stream, edited(2));
    expect(chunks).toHaveLength(0);
    flusher.run();
    expect(chunks).toHaveLength(1);
    expect(await messagesOf(chunks)).toEqual([graphqlWsNext(edited(1)), graphqlWsNext(edited(2))]);
  });

  it('keeps the order when a result with errors goes through graphql-ws between direct ones', async () => {
    const { stream, flusher, chunks } = setup();
    await tick();
    deliver(stream, edited(1));
    deliver(stream, failed);
    // graphql-ws is sending the error: this one waits for it.
    deliver(stream, edited(2));
    await tick();
    await tick();
    deliver(stream, edited(3));
    flusher.run();
    await tick();
    expect(await messagesOf(chunks)).toEqual([
      graphqlWsNext(edited(1)),
      graphqlWsNext(failed),
      graphqlWsNext(edited(2)),
      graphqlWsNext(edited(3)),
    ]);
  });

  it('sends what the outbox holds before the last result, then ends', async () => {
    const { stream, chunks, consumed } = setup();
    await tick();
    deliver(stream, edited(1));
    stream.end(failed);
    await consumed;
    expect(await messagesOf(chunks)).toEqual([graphqlWsNext(edited(1)), graphqlWsNext(failed)]);
  });

  it('counts what the client has not taken (outbox, unacknowledged writes) and refuses past the bound', async () => {
    const { stream, flusher, pendingCallbacks } = setup({ acknowledge: false });
    await tick();
    deliver(stream, edited(1));
    deliver(stream, edited(2));
    expect(stream.backlog).toBe(2);
    flusher.run();
    expect(stream.backlog).toBe(2);
    expect(deliver(stream, edited(3), 2)).toBe(false);
    expect(stream.backlog).toBe(2);
    for (const acknowledge of pendingCallbacks.splice(0)) acknowledge();
    await tick();
    expect(stream.backlog).toBe(0);
    expect(deliver(stream, edited(3), 2)).toBe(true);
  });

  it('drops the outbox when the client leaves, and writes nothing to a closed socket', async () => {
    const left = setup();
    await tick();
    deliver(left.stream, edited(1));
    await left.stream.return();
    left.flusher.run();
    expect(left.chunks).toHaveLength(0);

    const closed = setup({ open: false });
    await tick();
    deliver(closed.stream, edited(1));
    closed.flusher.run();
    expect(closed.chunks).toHaveLength(0);
  });
});
