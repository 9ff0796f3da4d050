import type { Logger } from 'pino';

/**
 * Every resource a service opens is registered here and closed in reverse order on stop, so a
 * half-started service still releases what it did open.
 */
export class Resources {
  private readonly stack: Array<{ name: string; close: () => Promise<void> | void }> = [];
  private closing: Promise<void> | undefined;

  constructor(private readonly logger?: Logger) {}

  add(name: string, close: () => Promise<void> | void): void {
    this.stack.push({ name, close });
  }

  /**
   * The resource a caller shares (not ours to close, as when the platform runs every service in
   * one process), or a new one opened here and closed with the rest.
   */
  async provide<T>(
    name: string,
    shared: T | undefined,
    open: () => Promise<T>,
    close: (value: T) => Promise<void> | void,
  ): Promise<T> {
    if (shared !== undefined) return shared;
    const value = await open();
    this.add(name, () => close(value));
    return value;
  }

  closeAll(): Promise<void> {
    this.closing ??= (async () => {
      while (this.stack.length > 0) {
        const entry = this.stack.pop()!;
        try {
          await entry.close();
        } catch (error) {
          this.logger?.warn({ err: error, resource: entry.name }, 'closing a resource failed');
        }
      }
    })();
    return this.closing;
  }
}
