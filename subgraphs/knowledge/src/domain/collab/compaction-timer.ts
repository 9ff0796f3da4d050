import type { Scheduler } from './scheduler.js';

export interface CompactionTiming {
  /** Quiet time after the last edit before compacting. */
  debounceMs: number;
  /** Longest an edit waits for compaction while editing never pauses. */
  maxWaitMs: number;
}

export const DEFAULT_COMPACTION: CompactionTiming = { debounceMs: 3000, maxWaitMs: 10_000 };

/**
 * When to compact a document: `debounceMs` after the last edit, but no later than `maxWaitMs`
 * after the first edit not yet compacted, so continuous typing still reaches the `body` column.
 */
export class CompactionTimer {
  private firstEditAt: number | null = null;
  private cancel: (() => void) | null = null;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly now: () => number,
    private readonly run: () => void,
    private readonly timing: CompactionTiming = DEFAULT_COMPACTION,
  ) {}

  /** An edit arrived: (re)arm the timer. */
  edited(): void {
    const at = this.now();
    this.firstEditAt ??= at;
    const delay = Math.max(
      0,
      Math.min(this.timing.debounceMs, this.firstEditAt + this.timing.maxWaitMs - at),
    );
    this.cancel?.();
    this.cancel = this.scheduler.after(delay, () => this.fire());
  }

  /** Edits are waiting for compaction. */
  get pending(): boolean {
    return this.firstEditAt !== null;
  }

  /** Runs now if anything is waiting (graceful stop, unloading). */
  flush(): void {
    if (this.pending) this.fire();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
    this.firstEditAt = null;
  }

  private fire(): void {
    this.cancel?.();
    this.cancel = null;
    this.firstEditAt = null;
    this.run();
  }
}
