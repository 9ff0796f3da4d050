import { envTypes, subgraphEnv } from '@ukp/kit';
import { z } from 'zod';

/** Every variable the knowledge service reads; `.env.example` documents them. */
export const knowledgeEnv = {
  ...subgraphEnv,
  KNOWLEDGE_PORT: envTypes.port.default(4002),
  /** Largest document body, in UTF-8 bytes of Markdown; a larger one is BAD_USER_INPUT. */
  KNOWLEDGE_BODY_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  /** Largest live-editing state of one document (encoded Yjs, bytes); unset: twice the body limit. */
  KNOWLEDGE_COLLAB_MAX_STATE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .optional(),
};

export type KnowledgeEnv = z.infer<z.ZodObject<typeof knowledgeEnv>>;
