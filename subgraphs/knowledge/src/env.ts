import { authEnv, commonEnv, databaseEnv, envTypes, redisEnv, tracingEnv } from '@ukp/kit';
import type { z } from 'zod';

/** Every variable the knowledge service reads; `.env.example` documents them. */
export const knowledgeEnv = {
  ...commonEnv,
  ...databaseEnv,
  ...redisEnv,
  ...authEnv,
  ...tracingEnv,
  KNOWLEDGE_PORT: envTypes.port.default(4002),
  TRUST_PROXY: envTypes.bool.default(true),
};

export type KnowledgeEnv = z.infer<z.ZodObject<typeof knowledgeEnv>>;
