import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { usersEnv } from './env.js';
import { createUsersServer } from './server.js';

const env = parseEnv(usersEnv, processEnv());
const logger = createLogger({ service: 'users', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
const server = await createUsersServer({ env, logger });
exitOnSignals(server.stop, logger);
