import type { BusEvent, EventBus } from '../bus/event-bus.js';

/**
 * Resolves with the first event on `topic` that `match` accepts, or rejects after `timeoutMs`.
 * Subscribes before returning, so the caller may act right after awaiting it.
 */
export async function nextEvent<T>(
  bus: EventBus,
  topic: string,
  match: (data: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<{ event: Promise<BusEvent<T>> }> {
  let settle: { resolve(event: BusEvent<T>): void; reject(error: Error): void } | undefined;
  const event = new Promise<BusEvent<T>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = await bus.subscribe<T>(topic, (received) => {
    if (done || !match(received.data)) return;
    done = true;
    clearTimeout(timer);
    void unsubscribe().finally(() => settle?.resolve(received));
  });
  timer = setTimeout(() => {
    if (done) return;
    done = true;
    void unsubscribe().finally(() => settle?.reject(new Error(`no ${topic} event within ${timeoutMs} ms`)));
  }, timeoutMs);
  return { event };
}
