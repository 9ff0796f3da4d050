import { z } from 'zod';

export const apqEnv = {
  /** How long an automatic persisted query stays registered, in seconds. */
  APQ_TTL_SECONDS: z.coerce.number().int().min(60).max(2_592_000).default(86_400),
};
