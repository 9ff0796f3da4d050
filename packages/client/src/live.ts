export interface LiveHandlers<T> {
  /** Each event's `data`. */
  data(value: T): void;
  /** The subscription ended or failed and will be opened again after a pause. */
  interrupted?(error: unknown): void;
  /** After an interruption: the reopened subscription has delivered an event or stayed up `settleMs`. */
  resumed?(): void;
  /** It will not be opened again: the session is over (signed out, refresh refused) or FORBIDDEN. */
  ended?(error: unknown): void;
}

export interface LiveOptions {
  /** How long a reopened subscription must stay up without failing to count as resumed. Default 1000. */
  settleMs?: number;
  /** The longest pause between two attempts. Default 10000; pauses double from 500 ms up to it. */
  maxPauseMs?: number;
}

/** Stops a live subscription: no further handler is called. */
export type StopLive = () => void;

/**
 * Keeps a subscription open for as long as the caller wants it. A gateway ends a subscription while
 * its socket stays open — the access token expired, the subgraph behind it restarted — and a page
 * that only iterated once looked live with nothing running behind it. Each end is reported through
 * `interrupted` and the subscription opened again after a growing pause; `resumed` says when it is
 * running again. An event stream has no "started" message, so a subscription that has not failed
 * for `settleMs` is taken as running: that is when a refused one (subgraph down) would have failed.
 */
export function keepAlive<T>(
  open: () => AsyncIterableIterator<T>,
  handlers: LiveHandlers<T>,
  sessionOver: (error: unknown) => boolean,
  options: LiveOptions = {},
): StopLive {
  const settleMs = options.settleMs ?? 1000;
  const maxPauseMs = options.maxPauseMs ?? 10_000;
  let stopped = false;
  let current: AsyncIterableIterator<T> | undefined;
  let wake: (() => void) | undefined;
  let pause: ReturnType<typeof setTimeout> | undefined;

  const run = async () => {
    let failures = 0;
    let interrupted = false;
    while (!stopped) {
      let settle: ReturnType<typeof setTimeout> | undefined;
      const resume = () => {
        if (settle !== undefined) clearTimeout(settle);
        settle = undefined;
        if (!interrupted || stopped) return;
        interrupted = false;
        handlers.resumed?.();
      };
      let error: unknown;
      try {
        current = open();
        if (interrupted) settle = setTimeout(resume, settleMs);
        for await (const value of current) {
          if (stopped) return;
          failures = 0;
          resume();
          handlers.data(value);
        }
      } catch (thrown) {
        error = thrown;
      } finally {
        if (settle !== undefined) clearTimeout(settle);
      }
      if (stopped) return;
      if (error !== undefined && sessionOver(error)) {
        handlers.ended?.(error);
        return;
      }
      interrupted = true;
      handlers.interrupted?.(error ?? new Error('The subscription ended.'));
      failures += 1;
      await new Promise<void>((resolve) => {
        wake = resolve;
        pause = setTimeout(resolve, Math.min(maxPauseMs, 250 * 2 ** failures));
      });
    }
  };
  void run();

  return () => {
    if (stopped) return;
    stopped = true;
    if (pause !== undefined) clearTimeout(pause);
    wake?.();
    void current?.return?.();
  };
}
