/** What a step makes of one source value: pass on a value, drop it, or end the stream. */
export type MapStep<R> = { emit: R } | 'skip' | 'end';

export interface MappedIterator<R> extends AsyncIterableIterator<R> {
  next(): Promise<IteratorResult<R, undefined>>;
  return(): Promise<IteratorResult<R, undefined>>;
  throw(error?: unknown): Promise<IteratorResult<R, undefined>>;
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * Runs an async step (an authorization check, a load) on each value as the consumer pulls it, in
 * order. A step that throws ends the stream with that error, and the source is returned first:
 * for-await does not call `return()` after a rejected `next()`, so nobody else would close it.
 * Explicit `next`/`return` for the same reason as `busIterator`: `return()` reaches the source at
 * once, even while a `next()` is pending.
 */
export function mapIterator<T, R>(
  source: AsyncIterator<T>,
  step: (value: T) => Promise<MapStep<R>> | MapStep<R>,
  /** Turns whatever ends the stream with an error (source or step) into what the consumer sees. */
  mapError: (error: unknown) => unknown = (error) => error,
): MappedIterator<R> {
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await source.return?.();
  };
  return {
    async next() {
      while (!closed) {
        let result: IteratorResult<T>;
        try {
          result = await source.next();
        } catch (error) {
          closed = true;
          throw mapError(error);
        }
        if (result.done || closed) {
          closed = true;
          return DONE;
        }
        let outcome: MapStep<R>;
        try {
          outcome = await step(result.value);
        } catch (error) {
          await close().catch(() => undefined);
          throw mapError(error);
        }
        // return() may have been called while the step ran: deliver nothing after it.
        if (closed) return DONE;
        if (outcome === 'skip') continue;
        if (outcome === 'end') {
          await close();
          return DONE;
        }
        return { done: false, value: outcome.emit };
      }
      return DONE;
    },
    async return() {
      await close();
      return DONE;
    },
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
