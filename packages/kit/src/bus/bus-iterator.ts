import type { BusEvent, EventBus } from './event-bus.js';

/**
 * What happens when a consumer falls more than `maxQueued` events behind:
 * - `error` (the default): the queue is discarded, the bus subscription ends at once and the next
 *   `next()` rejects with `BusOverflowError`. For streams where a gap corrupts the consumer's
 *   state (live-editing updates): failing loudly makes the client resynchronise instead of
 *   silently diverging.
 * - `drop-oldest`: the oldest queued event is discarded and counted in `dropped`. For feeds where
 *   only recent events matter.
 */
export type OverflowPolicy = 'error' | 'drop-oldest';

export interface BusIteratorOptions<T> {
  /** Runs in the bus handler, before queueing: events it refuses cost no memory. */
  filter?: (event: BusEvent<T>) => boolean;
  /** Events held for a slow consumer before `overflow` applies; default 256. */
  maxQueued?: number | undefined;
  overflow?: OverflowPolicy;
  /** Called exactly once when the iterator ends, whatever ended it (metrics, logs). */
  onEnd?: () => void;
}

export interface BusIterator<T> extends AsyncIterableIterator<BusEvent<T>> {
  next(): Promise<IteratorResult<BusEvent<T>, undefined>>;
  return(): Promise<IteratorResult<BusEvent<T>, undefined>>;
  throw(error?: unknown): Promise<IteratorResult<BusEvent<T>, undefined>>;
  /** Events discarded under `drop-oldest`. */
  readonly dropped: number;
}

/** The consumer fell more than `maxQueued` events behind under the `error` policy. */
export class BusOverflowError extends Error {
  constructor(readonly maxQueued: number) {
    super(`more than ${maxQueued} events were waiting for a slow consumer; the subscription was ended`);
    this.name = 'BusOverflowError';
  }
}

const DONE: IteratorResult<never, undefined> = { done: true, value: undefined };

/**
 * Turns bus subscriptions (one or more topics) into an async iterator for GraphQL subscriptions.
 * Resolves once every topic's subscription is live, so an event published after that is
 * delivered. Written with explicit `next`/`return` rather than an async generator: a generator
 * only notices `return()` at its next `yield`, which left the bus subscription open until one
 * more event arrived. Here `return()` unsubscribes at once and settles any pending `next()`.
 */
export async function busIterator<T>(
  bus: EventBus,
  topics: string | readonly string[],
  options: BusIteratorOptions<T> = {},
): Promise<BusIterator<T>> {
  const maxQueued = options.maxQueued ?? 256;
  const overflow = options.overflow ?? 'error';
  const queue: BusEvent<T>[] = [];
  const waiting: Array<{
    resolve(r: IteratorResult<BusEvent<T>, undefined>): void;
    reject(e: unknown): void;
  }> = [];
  let ended = false;
  let failure: unknown;
  let dropped = 0;
  let unsubscribes: Array<() => Promise<void>> = [];
  let unsubscribing: Promise<void> | undefined;

  /** Ends the iterator: stops delivery now, then unsubscribes (once, however often it is called). */
  const end = (error?: unknown): Promise<void> => {
    if (!ended) {
      ended = true;
      failure = error;
      queue.length = 0;
      // The first pending next() gets the error (if any); the rest, and later calls, the end.
      const first = waiting.shift();
      if (first && error !== undefined) {
        first.reject(error);
        failure = undefined;
      } else first?.resolve(DONE);
      for (const waiter of waiting.splice(0)) waiter.resolve(DONE);
      try {
        options.onEnd?.();
      } catch {
        // A metrics hook must not keep the subscription open.
      }
    }
    unsubscribing ??= Promise.all(unsubscribes.map((u) => u().catch(() => undefined))).then(() => undefined);
    return unsubscribing;
  };

  const handler = (event: BusEvent<T>) => {
    if (ended) return;
    let wanted: boolean;
    try {
      wanted = options.filter ? options.filter(event) : true;
    } catch (error) {
      void end(error);
      return;
    }
    if (!wanted) return;
    const waiter = waiting.shift();
    if (waiter) {
      waiter.resolve({ done: false, value: event });
      return;
    }
    queue.push(event);
    if (queue.length <= maxQueued) return;
    if (overflow === 'drop-oldest') {
      queue.shift();
      dropped += 1;
    } else {
      void end(new BusOverflowError(maxQueued));
    }
  };

  const list = typeof topics === 'string' ? [topics] : [...topics];
  const results = await Promise.allSettled(list.map((topic) => bus.subscribe<T>(topic, handler)));
  unsubscribes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    ended = true;
    await Promise.all(unsubscribes.map((u) => u().catch(() => undefined)));
    throw failed.reason;
  }

  const iterator: BusIterator<T> = {
    get dropped() {
      return dropped;
    },
    next() {
      const event = queue.shift();
      if (event) return Promise.resolve({ done: false, value: event });
      if (ended) {
        if (failure === undefined) return Promise.resolve(DONE);
        const error = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    async return() {
      await end();
      return DONE;
    },
    async throw(error?: unknown) {
      await end();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
