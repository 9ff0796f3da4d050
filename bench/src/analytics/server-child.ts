// Bench-only entry: the analytics subgraph in a process of its own, as it runs in production, counting
// every SQL statement it issues (`onQuery`) and every batch its pipeline commits. IPC
// `{ type: 'stats' }` answers the counters and this process's CPU time (see ./server-process.ts).
import { analyticsEnv, createAnalyticsServer } from '@ukp/analytics';
import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';

export interface ServerCounters {
  statements: number;
  /** Transactions the pipeline committed (trackEvents calls, feed batches). */
  batches: number;
  /** Events those batches counted. */
  events: number;
  /** user + system CPU seconds of this process. */
  cpuSeconds: number;
}

const counters = { statements: 0, batches: 0, events: 0 };
const env = parseEnv(analyticsEnv, processEnv());
const logger = createLogger({ service: 'analytics', level: env.LOG_LEVEL, format: 'json' });
const server = await createAnalyticsServer({
  env,
  logger,
  port: 0,
  onQuery: () => {
    counters.statements += 1;
  },
});
server.pipeline.onCommitted((result) => {
  counters.batches += 1;
  counters.events += result.accepted;
});

process.on('message', (message) => {
  if ((message as { type?: string })?.type !== 'stats') return;
  const { user, system } = process.cpuUsage();
  const stats: ServerCounters = { ...counters, cpuSeconds: (user + system) / 1e6 };
  process.send?.({ type: 'stats', stats });
});
exitOnSignals(server.stop, logger);
process.send?.({ type: 'ready', url: server.url });
