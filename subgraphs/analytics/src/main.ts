import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { analyticsEnv } from './env.js';
import { createAnalyticsServer } from './server.js';

const env = parseEnv(analyticsEnv, processEnv());
const logger = createLogger({ service: 'analytics', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
const server = await createAnalyticsServer({ env, logger });
exitOnSignals(server.stop, logger);
