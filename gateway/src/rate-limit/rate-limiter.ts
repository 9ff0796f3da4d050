import { appError, type Logger } from '@ukp/kit';
import { type GraphQLError, OperationTypeNode } from 'graphql';
import type { AddressList } from './address-list.js';
import type { Bucket, BucketFactory, BucketState } from './buckets.js';
import {
  emailArgument,
  type LimitedOperation,
  type OperationCharge,
  rootFieldCharge,
  rootFields,
} from './operation.js';
import { addressKey, emailKey, type RateLimitSubject, subjectKey } from './subject.js';

/** Mutations that guess or spray credentials; each gets its own buckets per address and per email. */
export const AUTH_FIELDS = ['login', 'signUp', 'requestPasswordReset', 'refreshSession'] as const;

/** Lower-case names: Apollo's HeaderMap lower-cases them anyway. */
export type RateLimitHeaders = Record<string, string>;

export type RateLimitDecision =
  | { allowed: true; headers: RateLimitHeaders }
  | { allowed: false; status: 403 | 429; error: GraphQLError; headers: RateLimitHeaders };

export interface RateLimiter {
  /**
   * Charges one operation to its caller's buckets. Both transports call it once per operation:
   * the Apollo plugin for HTTP (and for queries and mutations sent over the socket, which run
   * through Apollo), the subscription server for subscriptions.
   */
  consume(subject: RateLimitSubject, operation: LimitedOperation): Promise<RateLimitDecision>;
}

export interface RateLimiterOptions {
  buckets: BucketFactory;
  /** Points per caller per window (RATE_LIMIT_POINTS / RATE_LIMIT_WINDOW_SECONDS). */
  points: number;
  windowSeconds: number;
  /** Attempts at each of AUTH_FIELDS per address and per email, per `authWindowSeconds`. */
  authPerIp: number;
  authPerEmail: number;
  authWindowSeconds?: number;
  /** Never limited. */
  allow: AddressList;
  /** Always refused with FORBIDDEN. */
  deny: AddressList;
  /** What an operation costs; swap in the cost estimator once it exists. */
  charge?: OperationCharge;
  logger: Logger;
  /** Called once per rule that refused a request (`deny`, `operations`, `login:ip`, …). */
  onRejected?: (rule: string) => void;
}

type Charge = { bucket: Bucket; key: string; points: number };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function headersOf(state: BucketState): RateLimitHeaders {
  return {
    'ratelimit-limit': String(state.limit),
    'ratelimit-remaining': String(state.remaining),
    'ratelimit-reset': String(seconds(state.msBeforeReset)),
  };
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { logger } = options;
  const charge = options.charge ?? rootFieldCharge;
  const authWindow = options.authWindowSeconds ?? 60;
  const operations = options.buckets('operations', options.points, options.windowSeconds);
  const auth = new Map<string, { ip: Bucket; email: Bucket }>(
    AUTH_FIELDS.map((field) => [
      field,
      {
        ip: options.buckets(`${field}:ip`, options.authPerIp, authWindow),
        email: options.buckets(`${field}:email`, options.authPerEmail, authWindow),
      },
    ]),
  );

  // One charge per bucket and key: `a: login(…) b: login(…)` from one address costs that address 2.
  function authCharges(subject: RateLimitSubject, operation: LimitedOperation): Charge[] {
    if (operation.operation.operation !== OperationTypeNode.MUTATION) return [];
    const charges = new Map<string, Charge>();
    const add = (bucket: Bucket, key: string) => {
      const id = `${bucket.name} ${key}`;
      const existing = charges.get(id);
      if (existing) existing.points += 1;
      else charges.set(id, { bucket, key, points: 1 });
    };
    for (const field of rootFields(operation)) {
      const buckets = auth.get(field.name.value);
      if (!buckets) continue;
      add(buckets.ip, addressKey(subject.ip));
      const email = emailArgument(field, operation.variables);
      if (email) add(buckets.email, emailKey(email));
    }
    return [...charges.values()];
  }

  return {
    async consume(subject, operation) {
      if (options.deny.has(subject.ip)) {
        options.onRejected?.('deny');
        return {
          allowed: false,
          status: 403,
          error: appError('FORBIDDEN', 'Requests from this address are not accepted.'),
          headers: {},
        };
      }
      if (options.allow.has(subject.ip)) return { allowed: true, headers: {} };

      // A swapped-in estimator may return 0 or a fraction; the store takes positive integers.
      const points = Math.max(1, Math.ceil(charge(operation)));
      const charges = [
        { bucket: operations, key: subjectKey(subject), points },
        ...authCharges(subject, operation),
      ];
      let states: BucketState[];
      try {
        states = await Promise.all(charges.map((c) => c.bucket.take(c.key, c.points)));
      } catch (error) {
        // Limits protect the service; an unreachable store must not take the service down with it.
        logger.warn({ err: error }, 'rate limiter failed: request let through');
        return { allowed: true, headers: {} };
      }

      const limited = states.filter((state) => state.limited);
      if (limited.length === 0) {
        // The headers describe the bucket closest to running out: the one the client will hit first.
        const tightest = states.reduce((a, b) =>
          b.remaining < a.remaining || (b.remaining === a.remaining && b.msBeforeReset > a.msBeforeReset)
            ? b
            : a,
        );
        return { allowed: true, headers: headersOf(tightest) };
      }
      for (const state of limited) options.onRejected?.(state.bucket);
      const binding = limited.reduce((a, b) => (b.msBeforeReset > a.msBeforeReset ? b : a));
      const retryAfterSeconds = seconds(binding.msBeforeReset);
      logger.debug({ rules: limited.map((s) => s.bucket), retryAfterSeconds }, 'rate limited');
      return {
        allowed: false,
        status: 429,
        error: appError('RATE_LIMITED', `Too many requests. Retry in ${retryAfterSeconds} seconds.`, {
          retryAfterSeconds,
        }),
        headers: { ...headersOf(binding), 'retry-after': String(retryAfterSeconds) },
      };
    },
  };
}
