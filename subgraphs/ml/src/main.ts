import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { mlEnv } from './env.js';
import { createMlServer } from './server.js';

const env = parseEnv(mlEnv, processEnv());
const logger = createLogger({ service: 'ml', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
const server = await createMlServer({ env, logger });
exitOnSignals(server.stop, logger);
