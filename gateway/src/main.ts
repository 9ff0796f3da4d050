import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { gatewayEnv, subgraphUrlOverrides } from './env.js';
import { createGateway } from './server.js';

const source = processEnv();
const env = { ...parseEnv(gatewayEnv, source), subgraphUrlOverrides: subgraphUrlOverrides(source) };
const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
const gateway = await createGateway({ env, logger });
exitOnSignals(gateway.stop, logger);
