import { envTypes } from '@ukp/kit';
import { z } from 'zod';

const bytes = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(0)
    .max(16 * 1024 * 1024 * 1024)
    .default(fallback);

export const responseCacheEnv = {
  /** Cache public, anonymous query responses (Redis when REDIS_URL is set, else this process). */
  RESPONSE_CACHE_ENABLED: envTypes.bool.default(true),
  /** Let concurrent identical anonymous cacheable queries share one execution; benchmarks turn it off. */
  GATEWAY_DEDUP_INFLIGHT: envTypes.bool.default(true),
  /** Bytes the in-process cache may hold in all; least recently used entries go first. */
  RESPONSE_CACHE_MAX_BYTES: bytes(64 * 1024 * 1024),
  /** A response larger than this is never cached (in process or in Redis). */
  RESPONSE_CACHE_MAX_ENTRY_BYTES: bytes(1024 * 1024),
};
