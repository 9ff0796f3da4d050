/** What a leader hands its followers: the single result it sent, and its HTTP status. */
export interface SharedResult {
  body: string;
  status: number | undefined;
}

export interface Leader {
  share(result: SharedResult | undefined): void;
  release(): void;
}

/**
 * Executions in progress by cache key, so identical concurrent queries wait for the first instead
 * of each reaching the subgraphs (a burst on a cold key is one execution, not N). Per process:
 * sharing across instances would need a distributed lock, and the cache covers that afterwards.
 */
export class InflightRequests {
  private readonly pending = new Map<string, Promise<SharedResult | undefined>>();

  /** The leader's result for `key` when one is running, else undefined. */
  follow(key: string): Promise<SharedResult | undefined> | undefined {
    return this.pending.get(key);
  }

  /**
   * Registers the caller as the leader. `share` hands followers the result; `release` (once the
   * result is in the cache, or will not be) lets the next request lead. Holding the slot until the
   * store is done means a request that missed the cache just before the store still follows.
   */
  lead(key: string): Leader {
    let resolve: (result: SharedResult | undefined) => void = () => {};
    const promise = new Promise<SharedResult | undefined>((r) => {
      resolve = r;
    });
    this.pending.set(key, promise);
    return {
      share: resolve,
      release: () => {
        resolve(undefined); // harmless once shared: a promise settles once
        if (this.pending.get(key) === promise) this.pending.delete(key);
      },
    };
  }

  get size(): number {
    return this.pending.size;
  }
}
