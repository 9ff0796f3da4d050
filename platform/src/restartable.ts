/** What the platform needs of a service to restart it in place. */
export interface RestartableService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export type Restartable<S extends RestartableService> = S & {
  /**
   * Stops the service (if it still runs) and starts a fresh one on the same port, so callers that
   * know its URL — the gateway — reach it again without being told. As a process supervisor
   * would restart a crashed service; what it shares (the platform's database and bus) stays open.
   */
  restart(): Promise<void>;
};

/**
 * Starts a service and returns a handle that always reads the running instance: its properties
 * (URL, port, deps, stop, …) follow each restart.
 */
export async function startRestartable<S extends RestartableService>(
  start: (port?: number) => Promise<S>,
): Promise<Restartable<S>> {
  let current = await start();
  const port = current.port;
  const handle = {} as Restartable<S>;
  for (const key of Object.keys(current) as Array<keyof S>) {
    Object.defineProperty(handle, key, { enumerable: true, get: () => current[key] });
  }
  let restarting: Promise<void> | undefined;
  handle.restart = () => {
    restarting ??= (async () => {
      try {
        // `stop()` of a stopped service resolves at once (its resources close only once).
        await current.stop();
        current = await start(port);
      } finally {
        restarting = undefined;
      }
    })();
    return restarting;
  };
  return handle;
}
