const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * An async iterator fed by `push`, holding only the newest value for a slow consumer: suggestions
 * are a level, and an older list is worth nothing once a newer one exists. Explicit
 * `next`/`return` (see STACK-NOTES): `return()` settles a pending `next()` and calls `onClose` at
 * once. `fail` ends it with an error, delivered by the next `next()`.
 */
export class LatestSlot<T> implements AsyncIterableIterator<T> {
  private value: { v: T } | null = null;
  private waiter: { resolve(r: IteratorResult<T, undefined>): void; reject(e: unknown): void } | null = null;
  private failure: { error: unknown } | null = null;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  get ended(): boolean {
    return this.closed;
  }

  push(value: T): void {
    if (this.closed) return;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter.resolve({ done: false, value });
    else this.value = { v: value };
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.close();
    this.value = null;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter.reject(error);
    else this.failure = { error };
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.value) {
      const { v } = this.value;
      this.value = null;
      return Promise.resolve({ done: false, value: v });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.closed) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T, undefined>> {
    this.close();
    this.value = null;
    this.failure = null;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve(DONE);
    return Promise.resolve(DONE);
  }

  throw(error?: unknown): Promise<IteratorResult<T, undefined>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
