import { createLogger, parseEnv, processEnv } from '@ukp/kit';
import { runGateway } from './cluster.js';
import { gatewayEnv, subgraphUrlOverrides } from './env.js';

const source = processEnv();
const env = { ...parseEnv(gatewayEnv, source), subgraphUrlOverrides: subgraphUrlOverrides(source) };
const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
await runGateway({ workers: env.GATEWAY_WORKERS, logger }, async (serving) => {
  // Imported here so a primary that only supervises its workers never loads the gateway.
  const { createGateway } = await import('./server.js');
  const gateway = await createGateway({ env, logger: serving });
  return gateway.stop;
});
