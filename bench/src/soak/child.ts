// Bench-only entry: starts one real service (as its `src/main.ts` does) and answers IPC
// `{ type: 'stats' }` with a forced GC's memory, active handles, listeners. Nothing debug-only
// ships in the services; run with `--expose-gc` and an IPC channel (see ./processes.ts).
import { analyticsEnv, createAnalyticsServer } from '@ukp/analytics';
import { createGateway, gatewayEnv, subgraphUrlOverrides } from '@ukp/gateway';
import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { createKnowledgeServer, knowledgeEnv } from '@ukp/knowledge';
import { createMlServer, mlEnv } from '@ukp/ml';
import { createUsersServer, usersEnv } from '@ukp/users';
import { type ChildStats, STATS_REQUEST } from './stats.js';

const service = process.argv[2];
const source = processEnv();

async function start(): Promise<{ stop(): Promise<void> }> {
  if (service === 'users') {
    const env = parseEnv(usersEnv, source);
    return createUsersServer({
      env,
      logger: createLogger({ service, level: env.LOG_LEVEL, format: 'json' }),
    });
  }
  if (service === 'knowledge') {
    const env = parseEnv(knowledgeEnv, source);
    return createKnowledgeServer({
      env,
      logger: createLogger({ service, level: env.LOG_LEVEL, format: 'json' }),
    });
  }
  if (service === 'analytics') {
    const env = parseEnv(analyticsEnv, source);
    return createAnalyticsServer({
      env,
      logger: createLogger({ service, level: env.LOG_LEVEL, format: 'json' }),
    });
  }
  if (service === 'ml') {
    const env = parseEnv(mlEnv, source);
    return createMlServer({ env, logger: createLogger({ service, level: env.LOG_LEVEL, format: 'json' }) });
  }
  if (service === 'gateway') {
    const env = { ...parseEnv(gatewayEnv, source), subgraphUrlOverrides: subgraphUrlOverrides(source) };
    return createGateway({ env, logger: createLogger({ service, level: env.LOG_LEVEL, format: 'json' }) });
  }
  throw new Error(`unknown service ${service}`);
}

function stats(): ChildStats {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) resources[name] = (resources[name] ?? 0) + 1;
  let listeners = 0;
  for (const event of process.eventNames()) listeners += process.listenerCount(event);
  return {
    gc: Boolean(gc),
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    external: memory.external,
    sockets: (resources.TCPSocketWrap ?? 0) + (resources.TLSWrap ?? 0),
    servers: resources.TCPServerWrap ?? 0,
    timers: resources.Timeout ?? 0,
    immediates: resources.Immediate ?? 0,
    processListeners: listeners,
    resources,
  };
}

const server = await start();
process.on('message', (message) => {
  if ((message as { type?: string })?.type === STATS_REQUEST)
    process.send?.({ type: 'stats', stats: stats() });
});
exitOnSignals(server.stop, createLogger({ service: `${service}-soak`, level: 'warn', format: 'json' }));
process.send?.({ type: 'ready' });
