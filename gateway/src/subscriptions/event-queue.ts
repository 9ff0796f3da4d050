/**
 * A push-driven async iterator with an explicit `next`/`return`. Not an `async function*`: a
 * generator suspended in `await` cannot run its `finally` until one more value arrives, so an
 * unsubscribe would leave the upstream subscription open until the next event. Here `return()`
 * settles a pending `next()` at once and runs `onFinish` synchronously.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly buffer: T[] = [];
  private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
  /** No more values will be accepted (ended or returned). */
  private closed = false;
  private finished = false;

  /** @param onFinish runs exactly once: on `return()`, or when `end()` is called. */
  constructor(private readonly onFinish: () => void = () => {}) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Values waiting for the consumer. */
  get size(): number {
    return this.buffer.length;
  }

  /** The consumer is waiting for a value and nothing is buffered: it has handled all it was given. */
  get drained(): boolean {
    return this.waiting !== undefined && this.buffer.length === 0 && !this.closed;
  }

  push(value: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
    } else {
      this.buffer.push(value);
    }
  }

  /** Delivers what is buffered (and `last`, if given), then reports done. */
  end(last?: T): void {
    if (this.closed) return;
    if (last !== undefined) this.push(last);
    this.closed = true;
    this.finish();
    if (this.waiting && this.buffer.length === 0) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T, undefined>> {
    const value = this.buffer.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.closed = true;
    this.buffer.length = 0;
    this.finish();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.onFinish();
  }
}
