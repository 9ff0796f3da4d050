import { envTypes } from '@ukp/kit';
import { z } from 'zod';

/** Metrics and request sampling at the gateway; `.env.example` documents each variable. */
export const observabilityEnv = {
  /** Serve Prometheus metrics on `/metrics`. */
  METRICS_ENABLED: envTypes.bool.default(true),
  /** When set, `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Share of requests (0–1) published on the bus as `gateway.request` for analytics; by default
   * every one (analytics weighs each sample by 1 / rate when it is lowered).
   */
  GATEWAY_METRICS_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(1),
};

export type ObservabilityEnv = z.infer<z.ZodObject<typeof observabilityEnv>>;
