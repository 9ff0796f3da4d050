import { createLogger, exitOnSignals, parseEnv, processEnv } from '@ukp/kit';
import { knowledgeEnv } from './env.js';
import { createKnowledgeServer } from './server.js';

const env = parseEnv(knowledgeEnv, processEnv());
const logger = createLogger({ service: 'knowledge', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
const server = await createKnowledgeServer({ env, logger });
exitOnSignals(server.stop, logger);
