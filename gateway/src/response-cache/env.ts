import { envTypes } from '@ukp/kit';

export const responseCacheEnv = {
  /** Cache public, anonymous query responses (Redis when REDIS_URL is set, else this process). */
  RESPONSE_CACHE_ENABLED: envTypes.bool.default(true),
  /** Let concurrent identical anonymous cacheable queries share one execution; benchmarks turn it off. */
  GATEWAY_DEDUP_INFLIGHT: envTypes.bool.default(true),
};
