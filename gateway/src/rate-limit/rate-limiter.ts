import { appError, type Logger } from '@ukp/kit';
import { type GraphQLError, OperationTypeNode } from 'graphql';
import type { AddressList } from './address-list.js';
import { type AuthLimits, type AuthRule, authRules } from './auth-rules.js';
import type { Bucket, BucketFactory, BucketState } from './buckets.js';
import { type LimitedOperation, type OperationCharge, rootFieldCharge, rootFields } from './operation.js';
import { type RateLimitSubject, subjectKey } from './subject.js';

/** Lower-case names: Apollo's HeaderMap lower-cases them anyway. */
export type RateLimitHeaders = Record<string, string>;

/**
 * The sign-in attempts of an allowed operation, each holding a point in its failure buckets
 * while it runs. The caller settles them once the answer is known: the attempts that did not
 * fail get their points back, so only failures count.
 */
export interface SignInAttempts {
  settle(failed: (responseKey: string) => boolean): Promise<void>;
}

export type RateLimitDecision =
  | { allowed: true; headers: RateLimitHeaders; attempts?: SignInAttempts | undefined }
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
  /** The sign-in, sign-up, reset and refresh limits (auth-rules.ts). */
  auth: AuthLimits;
  /** Never limited. */
  allow: AddressList;
  /** Always refused with FORBIDDEN. */
  deny: AddressList;
  /** What an operation costs; swap in the cost estimator once it exists. */
  charge?: OperationCharge;
  logger: Logger;
  /** Called once per rule that refused a request (`deny`, `operations`, `signIn:address`, …). */
  onRejected?: (rule: string) => void;
  now?: () => number;
}

type Charge = {
  bucket: Bucket;
  key: string;
  points: number;
  /** For failure rules: the response key of each attempt charged here. */
  attempts?: string[];
};

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
  const now = options.now ?? Date.now;
  const operations = options.buckets('operations', options.points, options.windowSeconds);
  const auth = authRules(options.buckets, options.auth);

  // One charge per bucket and key: `a: login(…) b: login(…)` from one address costs that address 2.
  function authCharges(subject: RateLimitSubject, operation: LimitedOperation): Charge[] {
    if (operation.operation.operation !== OperationTypeNode.MUTATION) return [];
    const charges = new Map<string, Charge>();
    const add = (rule: AuthRule, key: string, responseKey: string) => {
      const id = `${rule.bucket.name} ${key}`;
      let found = charges.get(id);
      if (!found) {
        found = { bucket: rule.bucket, key, points: 0, ...(rule.failures ? { attempts: [] } : {}) };
        charges.set(id, found);
      }
      found.points += 1;
      found.attempts?.push(responseKey);
    };
    for (const field of rootFields(operation)) {
      const rules = auth.get(field.name.value);
      if (!rules) continue;
      const responseKey = field.alias?.value ?? field.name.value;
      for (const rule of rules) {
        const key = rule.key(subject, field, operation.variables);
        if (key !== undefined) add(rule, key, responseKey);
      }
    }
    return [...charges.values()];
  }

  /**
   * Gives back the points of attempts that did not fail, but only within the window they were
   * taken in: a refund in the next window would be a credit there.
   */
  function attemptsOf(charges: Charge[], states: BucketState[]): SignInAttempts | undefined {
    const held = charges.flatMap((c, i) =>
      c.attempts ? [{ charge: c, until: now() + (states[i]?.msBeforeReset ?? 0) }] : [],
    );
    if (held.length === 0) return undefined;
    return {
      async settle(failed) {
        await Promise.all(
          held.map(async ({ charge: c, until }) => {
            const refund = c.attempts?.filter((key) => !failed(key)).length ?? 0;
            if (refund === 0 || now() >= until) return;
            try {
              await c.bucket.refund(c.key, refund);
            } catch (error) {
              logger.warn({ err: error, bucket: c.bucket.name }, 'rate limiter refund failed');
            }
          }),
        );
      },
    };
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
      const charges: Charge[] = [
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
        return { allowed: true, headers: headersOf(tightest), attempts: attemptsOf(charges, states) };
      }
      // Nothing runs: attempts that held a point in a failure bucket have not failed.
      await attemptsOf(charges, states)?.settle(() => false);
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
