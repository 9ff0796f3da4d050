/**
 * Background work started by timers and bus messages (compactions, sweeps, saves), tracked so
 * that stop() and tests can wait until it has finished instead of sleeping.
 */
export class Tasks {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(task: Promise<T>): Promise<T> {
    this.running.add(task);
    const forget = () => this.running.delete(task);
    task.then(forget, forget);
    return task;
  }

  /** Resolves when nothing is running, including work started by work that was running. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
