import type { Logger } from '@ukp/kit';

/**
 * Work a request starts but does not wait for (so its answer takes the same time whatever the
 * work), tracked so that shutdown waits for it and a failure is logged rather than lost.
 */
export class BackgroundWork {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  run(what: string, work: () => Promise<unknown>): void {
    const task: Promise<void> = work()
      .then(
        () => {},
        (error: unknown) => {
          this.logger.error({ err: error, what }, 'background work failed');
        },
      )
      .finally(() => {
        this.running.delete(task);
      });
    this.running.add(task);
  }

  get pending(): number {
    return this.running.size;
  }

  /** Resolves when everything started so far (and anything it started) has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
