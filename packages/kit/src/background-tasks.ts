import type { Logger } from 'pino';

/**
 * Work nobody waits for: what a request starts but does not await (so its answer takes the same
 * time whatever the work does), and what timers and bus messages start. Tracked so that `stop()`
 * and tests can wait until it has finished instead of sleeping, and so a failure is logged rather
 * than lost as an unhandled rejection.
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly logger?: Logger) {}

  /** Starts `work` without waiting for it; a failure is logged with `what`, never thrown. */
  run(what: string, work: () => Promise<unknown>): void {
    void this.track(
      work().catch((error: unknown) => {
        this.logger?.error({ err: error, what }, 'background work failed');
      }),
    );
  }

  /** Counts `task` as running until it settles; the caller still handles its result and errors. */
  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  get pending(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running, including work started by work that was running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
