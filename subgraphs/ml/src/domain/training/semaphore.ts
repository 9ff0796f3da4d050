/** At most `permits` holders at a time; the rest wait in order (or until their signal aborts). */
export class Semaphore {
  private readonly waiting: Array<{ grant(): void; signal?: AbortSignal | undefined; cancel(): void }> = [];

  constructor(private permits: number) {}

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.permits > 0) {
      this.permits -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', entry.cancel);
          resolve();
        },
        cancel: () => {
          const at = this.waiting.indexOf(entry);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', entry.cancel, { once: true });
      this.waiting.push(entry);
    });
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.grant();
    else this.permits += 1;
  }
}
