/**
 * Timers for live editing (compaction, presence sweeps), injectable so tests drive them with a
 * clock of their own instead of sleeping for 30 seconds.
 */
export interface Scheduler {
  /** Runs `fn` once after `ms`; the returned function cancels it (harmless when already run). */
  after(ms: number, fn: () => void): () => void;
}

/** Real timers, unref'd: a pending compaction never keeps a stopping process alive. */
export const realScheduler: Scheduler = {
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface ManualScheduler extends Scheduler {
  /**
   * Moves the clock forward by `ms`, running every timer that falls due on the way, in order,
   * with the clock set to its due time. `settle` runs after each timer (await the background work
   * it started there, so work that schedules more timers is seen within the same advance).
   */
  advance(ms: number, settle?: () => Promise<void>): Promise<void>;
  /** Timers not yet run or cancelled. */
  pending(): number;
}

interface Entry {
  due: number;
  order: number;
  fn: () => void;
}

/** A scheduler on a clock the test owns: `clock.now` moves only when `advance` moves it. */
export function createManualScheduler(clock: { now: Date }): ManualScheduler {
  const entries = new Set<Entry>();
  let order = 0;
  return {
    after(ms, fn) {
      const entry: Entry = { due: clock.now.getTime() + Math.max(0, ms), order: order++, fn };
      entries.add(entry);
      return () => entries.delete(entry);
    },
    async advance(ms, settle) {
      const target = clock.now.getTime() + ms;
      for (;;) {
        let next: Entry | undefined;
        for (const entry of entries) {
          if (entry.due > target) continue;
          if (!next || entry.due < next.due || (entry.due === next.due && entry.order < next.order))
            next = entry;
        }
        if (!next) break;
        entries.delete(next);
        if (next.due > clock.now.getTime()) clock.now = new Date(next.due);
        next.fn();
        await settle?.();
      }
      clock.now = new Date(target);
    },
    pending: () => entries.size,
  };
}
