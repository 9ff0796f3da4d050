import { createRedis, type Logger, type Redis, type RedisEnv } from '@ukp/kit';
import { parseAddressList } from './address-list.js';
import { memoryBuckets, redisBuckets } from './buckets.js';
import type { RateLimitEnv } from './env.js';
import type { OperationCharge } from './operation.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';

export { type AddressList, parseAddressList } from './address-list.js';
export { AUTH_FIELDS, SIGN_IN_FAILURE_CODES } from './auth-rules.js';
export { type RateLimitEnv, rateLimitEnv } from './env.js';
export { type LimitedOperation, type OperationCharge, rootFieldCharge } from './operation.js';
export { rateLimitPlugin } from './plugin.js';
export type { RateLimitDecision, RateLimiter, SignInAttempts } from './rate-limiter.js';

export interface RunningRateLimiter {
  limiter: RateLimiter;
  /** Its connection, when the buckets are in Redis (for readiness and metrics). */
  redis: Redis | undefined;
  close(): Promise<void>;
}

export interface RateLimiterDeps {
  logger: Logger;
  onRejected?: (rule: string) => void;
  charge?: OperationCharge;
}

/**
 * The limiter the env asks for, or undefined when RATE_LIMIT_ENABLED is false: buckets in Redis
 * (on a connection of its own, so a slow bus never delays a request) when REDIS_URL is set,
 * in this process otherwise.
 */
export async function startRateLimiter(
  env: RateLimitEnv & RedisEnv,
  deps: RateLimiterDeps,
): Promise<RunningRateLimiter | undefined> {
  if (!env.RATE_LIMIT_ENABLED) return undefined;
  const redis = env.REDIS_URL
    ? await createRedis({
        url: env.REDIS_URL,
        logger: deps.logger,
        name: 'gateway-rate-limit',
        commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
      })
    : undefined;
  const limiter = createRateLimiter({
    buckets: redis ? redisBuckets(redis, env.REDIS_KEY_PREFIX) : memoryBuckets(),
    points: env.RATE_LIMIT_POINTS,
    windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
    auth: {
      failuresPerAccountAddress: env.SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS,
      failuresPerAddress: env.SIGN_IN_FAILURES_PER_ADDRESS,
      failureWindowSeconds: env.SIGN_IN_FAILURE_WINDOW_SECONDS,
      refreshPerAddress: env.REFRESH_RATE_LIMIT_PER_IP,
      signUpPerAddress: env.SIGN_UP_RATE_LIMIT_PER_IP,
      resetPerAddress: env.PASSWORD_RESET_RATE_LIMIT_PER_IP,
      resetPerEmail: env.PASSWORD_RESET_RATE_LIMIT_PER_EMAIL,
    },
    allow: parseAddressList(env.RATE_LIMIT_ALLOW_CIDRS),
    deny: parseAddressList(env.RATE_LIMIT_DENY_CIDRS),
    logger: deps.logger,
    ...(deps.onRejected ? { onRejected: deps.onRejected } : {}),
    ...(deps.charge ? { charge: deps.charge } : {}),
  });
  return {
    limiter,
    redis,
    close: async () => {
      if (redis) await redis.quit();
    },
  };
}
