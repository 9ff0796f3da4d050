import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { KeepAlive } from './keepalive.js';

/** A socket that counts pings and answers them when told to. */
class FakeSocket extends EventEmitter {
  readyState: number = WebSocket.OPEN;
  pings = 0;
  terminated = false;
  constructor(private readonly answers: boolean) {
    super();
  }
  ping() {
    this.pings += 1;
    if (this.answers) queueMicrotask(() => this.emit('pong'));
  }
  terminate() {
    this.terminated = true;
    this.readyState = WebSocket.CLOSED;
    this.emit('close');
  }
}

const watch = (keepAlive: KeepAlive, socket: FakeSocket) => keepAlive.watch(socket as unknown as WebSocket);

describe('KeepAlive', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pings every socket once an interval and terminates the one whose ping went unanswered', async () => {
    const keepAlive = new KeepAlive(1600);
    const healthy = new FakeSocket(true);
    const silent = new FakeSocket(false);
    watch(keepAlive, healthy);
    watch(keepAlive, silent);
    await vi.advanceTimersByTimeAsync(1600);
    expect([healthy.pings, silent.pings]).toEqual([1, 1]);
    expect(silent.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1600);
    expect(silent.terminated).toBe(true);
    expect(healthy.terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1600 * 3);
    expect(healthy.pings).toBe(5);
    expect(silent.pings).toBe(1);
    keepAlive.stop();
  });

  it('leaves closed sockets alone and stops pinging when stopped', async () => {
    const keepAlive = new KeepAlive(1600);
    const closing = new FakeSocket(true);
    const open = new FakeSocket(true);
    watch(keepAlive, closing);
    watch(keepAlive, open);
    closing.readyState = WebSocket.CLOSING;
    await vi.advanceTimersByTimeAsync(1600);
    expect([closing.pings, open.pings]).toEqual([0, 1]);
    keepAlive.stop();
    await vi.advanceTimersByTimeAsync(1600 * 2);
    expect(open.pings).toBe(1);
  });

  it('does nothing with an interval of 0', async () => {
    const keepAlive = new KeepAlive(0);
    const socket = new FakeSocket(false);
    watch(keepAlive, socket);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.pings).toBe(0);
  });
});
