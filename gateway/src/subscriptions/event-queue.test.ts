import { describe, expect, it, vi } from 'vitest';
import { EventQueue } from './event-queue.js';

describe('EventQueue', () => {
  it('hands out pushed values in order, buffered or awaited', async () => {
    const queue = new EventQueue<number>();
    queue.push(1);
    const second = queue.next().then(() => queue.next());
    queue.push(2);
    expect(await second).toEqual({ value: 2, done: false });
  });

  it('settles a pending next and finishes at once on return, without another value', async () => {
    const onFinish = vi.fn();
    const queue = new EventQueue<number>(onFinish);
    const pending = queue.next();
    await queue.return();
    expect(onFinish).toHaveBeenCalledTimes(1);
    expect(await pending).toEqual({ value: undefined, done: true });
    queue.push(3);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });

  it('delivers what is buffered and the last value before reporting done on end', async () => {
    const onFinish = vi.fn();
    const queue = new EventQueue<string>(onFinish);
    queue.push('a');
    queue.end('last');
    expect(onFinish).toHaveBeenCalledTimes(1);
    const seen: string[] = [];
    for await (const value of queue) seen.push(value);
    expect(seen).toEqual(['a', 'last']);
    await queue.return();
    expect(onFinish).toHaveBeenCalledTimes(1);
  });

  it('ends a waiting consumer when end is called with nothing left', async () => {
    const queue = new EventQueue<number>();
    const pending = queue.next();
    queue.end();
    expect(await pending).toEqual({ value: undefined, done: true });
  });
});
