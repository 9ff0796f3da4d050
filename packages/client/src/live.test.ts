import { afterEach, describe, expect, it, vi } from 'vitest';
import { UkpError } from './errors.js';
import { keepAlive } from './live.js';

/** A subscription the test drives: `push` an event, `fail` or `end` it. */
function fakeSubscription<T>() {
  const queue: Array<IteratorResult<T> | Error> = [];
  let waiting: ((step: IteratorResult<T> | Error) => void) | undefined;
  let returned = false;
  const deliver = (step: IteratorResult<T> | Error) => {
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w(step);
    } else queue.push(step);
  };
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      const step = queue.shift() ?? (await new Promise<IteratorResult<T> | Error>((r) => (waiting = r)));
      if (step instanceof Error) throw step;
      return step;
    },
    async return() {
      returned = true;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return {
    iterator,
    push: (value: T) => deliver({ done: false, value }),
    fail: (error: Error) => deliver(error),
    end: () => deliver({ done: true, value: undefined }),
    get returned() {
      return returned;
    },
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('keepAlive', () => {
  it('reopens a subscription that failed, and says when it is running again', async () => {
    vi.useFakeTimers();
    const opened: Array<ReturnType<typeof fakeSubscription<number>>> = [];
    const events: string[] = [];
    const stop = keepAlive(
      () => {
        const sub = fakeSubscription<number>();
        opened.push(sub);
        return sub.iterator;
      },
      {
        data: (n) => events.push(`data ${n}`),
        interrupted: (e) => events.push(`interrupted ${(e as Error).message}`),
        resumed: () => events.push('resumed'),
        ended: () => events.push('ended'),
      },
      () => false,
      { settleMs: 1000 },
    );

    await vi.advanceTimersByTimeAsync(0);
    opened[0]!.push(1);
    await vi.advanceTimersByTimeAsync(0);
    opened[0]!.fail(new Error('upstream gone'));
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['data 1', 'interrupted upstream gone']);

    // The pause before the second attempt, then a refusal: still interrupted, a longer pause.
    await vi.advanceTimersByTimeAsync(500);
    expect(opened).toHaveLength(2);
    opened[1]!.fail(new Error('still down'));
    await vi.advanceTimersByTimeAsync(999);
    expect(opened).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(opened).toHaveLength(3);

    // Up again and quiet: running once it has not failed for settleMs, before any event.
    await vi.advanceTimersByTimeAsync(999);
    expect(events.at(-1)).toBe('interrupted still down');
    await vi.advanceTimersByTimeAsync(1);
    expect(events.at(-1)).toBe('resumed');
    opened[2]!.push(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(events.slice(-2)).toEqual(['resumed', 'data 2']);

    stop();
    await vi.advanceTimersByTimeAsync(0);
    expect(opened[2]!.returned).toBe(true);
    opened[2]!.push(3);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(events.at(-1)).toBe('data 2');
    expect(opened).toHaveLength(3);
  });

  it('reopens a subscription the server completed, and stops for good when the session is over', async () => {
    vi.useFakeTimers();
    const opened: Array<ReturnType<typeof fakeSubscription<number>>> = [];
    const ended: unknown[] = [];
    let signedIn = true;
    keepAlive(
      () => {
        const sub = fakeSubscription<number>();
        opened.push(sub);
        return sub.iterator;
      },
      { data: () => {}, ended: (e) => ended.push(e) },
      () => !signedIn,
    );
    await vi.advanceTimersByTimeAsync(0);
    opened[0]!.end();
    await vi.advanceTimersByTimeAsync(500);
    expect(opened).toHaveLength(2);

    signedIn = false;
    const refused = new UkpError('UNAUTHENTICATED', 'refresh refused');
    opened[1]!.fail(refused);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ended).toEqual([refused]);
    expect(opened).toHaveLength(2);
  });
});
