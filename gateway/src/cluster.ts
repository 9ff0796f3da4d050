// GATEWAY_WORKERS > 1: several gateway processes on one port. Node 20's net.listen has no
// `reusePort` (it arrived in 22.12), so node:cluster does it: the primary owns the listening socket
// and hands each new connection to a worker (round-robin, or the kernel's choice with
// NODE_CLUSTER_SCHED_POLICY=none). The primary serves nothing; it forks, restarts and drains.
import cluster, { type Worker } from 'node:cluster';
import { exitOnSignals, type Logger } from '@ukp/kit';

/**
 * Starts one gateway and returns its `stop`. Called once in a single-process gateway, once per
 * worker otherwise, never in the primary (it does not even load the gateway's modules).
 */
export type Serve = (logger: Logger) => Promise<() => Promise<void>>;

export interface ClusterOptions {
  workers: number;
  logger: Logger;
  /** The first restart of a dead worker waits this long; each early death in a row doubles it. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** A worker that lived this long before dying restarts after `restartDelayMs` again. */
  stableAfterMs?: number;
  /** How long workers may drain after SIGTERM; the primary kills what is left a little later. */
  shutdownTimeoutMs?: number;
}

/**
 * The primary asks a worker to drain with a message rather than a signal: a Ctrl-C reaches every
 * process of the group, and to `exitOnSignals` a second signal means "exit now, drop requests".
 */
const DRAIN = 'ukp:drain';

export async function runGateway(options: ClusterOptions, serve: Serve): Promise<void> {
  const timeoutMs = options.shutdownTimeoutMs ?? 30_000;
  if (options.workers <= 1) {
    const stop = await serve(options.logger);
    exitOnSignals(stop, options.logger, timeoutMs);
    return;
  }
  if (cluster.isWorker) {
    await runWorker(options.logger, serve, timeoutMs);
    return;
  }
  supervise({ ...options, shutdownTimeoutMs: timeoutMs });
}

async function runWorker(parent: Logger, serve: Serve, timeoutMs: number): Promise<void> {
  // `pid` tells the workers' lines apart (createLogger drops pino's own pid from its base).
  const logger = parent.child({ worker: cluster.worker?.id, pid: process.pid });
  let stop: (() => Promise<void>) | undefined;
  let stopping: Promise<void> | undefined;
  let drainAsked = false;
  const stopOnce = () => {
    stopping ??= stop ? stop() : Promise.resolve();
    return stopping;
  };
  const drain = () => {
    if (stopping) return;
    logger.info('draining: the primary is shutting down');
    setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs).unref();
    stopOnce().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // Listening before the gateway is up: a drain asked for while it starts is not lost.
  process.on('message', (message) => {
    if (message !== DRAIN) return;
    if (stop) drain();
    else drainAsked = true;
  });
  stop = await serve(logger);
  exitOnSignals(stopOnce, logger, timeoutMs);
  if (drainAsked) drain();
}

interface Slot {
  worker?: Worker | undefined;
  startedAt: number;
  listened: boolean;
  /** Early deaths in a row: the exponent of the next restart delay. */
  failures: number;
  restart?: NodeJS.Timeout | undefined;
}

function supervise(options: ClusterOptions & { shutdownTimeoutMs: number }): void {
  const logger = options.logger.child({ role: 'primary', pid: process.pid });
  const restartDelayMs = options.restartDelayMs ?? 1000;
  const maxRestartDelayMs = options.maxRestartDelayMs ?? 30_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  const slots: Slot[] = Array.from({ length: options.workers }, () => ({
    startedAt: 0,
    listened: false,
    failures: 0,
  }));
  let anyListened = false;
  let announced = false;
  let stopping = false;
  let exitCode = 0;

  const live = () => slots.flatMap((s) => (s.worker ? [s.worker] : []));

  const fork = (slot: Slot) => {
    const worker = cluster.fork();
    Object.assign(slot, { worker, startedAt: Date.now(), listened: false, restart: undefined });
    logger.info({ worker: worker.id, workerPid: worker.process.pid }, 'worker started');
    worker.once('listening', (address) => {
      slot.listened = true;
      anyListened = true;
      logger.info(
        { worker: worker.id, workerPid: worker.process.pid, port: address.port },
        'worker listening',
      );
      if (!announced && slots.every((s) => s.listened)) {
        announced = true;
        logger.info({ workers: slots.length, port: address.port }, 'all workers listening');
      }
    });
    worker.once('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null) => {
    slot.worker = undefined;
    const fields = { worker: worker.id, workerPid: worker.process.pid, code, signal };
    if (stopping) {
      if (code !== 0) exitCode = 1;
      logger.info(fields, 'worker stopped');
      if (live().length === 0) finish();
      return;
    }
    if (!slot.listened && !anyListened) {
      // No worker ever came up: a configuration or startup error that restarting cannot fix.
      // Exiting lets the orchestrator see the failure instead of a primary that looks alive.
      logger.error(fields, 'worker died before listening and none is serving: stopping');
      shutdown(1);
      return;
    }
    if (Date.now() - slot.startedAt >= stableAfterMs) slot.failures = 0;
    const delayMs = Math.min(maxRestartDelayMs, restartDelayMs * 2 ** slot.failures);
    slot.failures += 1;
    logger.warn({ ...fields, restartInMs: delayMs }, 'worker died: restarting');
    slot.restart = setTimeout(() => fork(slot), delayMs);
  };

  const finish = () => {
    logger.info({ exitCode }, 'stopped');
    process.exit(exitCode);
  };

  const shutdown = (code: number) => {
    stopping = true;
    exitCode = Math.max(exitCode, code);
    for (const slot of slots) clearTimeout(slot.restart);
    const workers = live();
    if (workers.length === 0) return finish();
    for (const worker of workers) {
      if (worker.isConnected()) worker.send(DRAIN);
      else worker.process.kill('SIGTERM');
    }
    // The workers time out on their own; this is for one that hangs before it can.
    setTimeout(() => {
      logger.error({ timeoutMs: options.shutdownTimeoutMs }, 'workers did not stop: killing them');
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }, options.shutdownTimeoutMs + 5000).unref();
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: killing the workers');
      for (const worker of live()) worker.process.kill('SIGKILL');
      process.exit(1);
    }
    logger.info({ signal, workers: live().length }, 'shutting down: draining the workers');
    shutdown(0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  logger.info({ workers: slots.length }, 'starting workers');
  for (const slot of slots) fork(slot);
}
