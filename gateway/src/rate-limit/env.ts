import { envTypes } from '@ukp/kit';
import { z } from 'zod';
import { addressListProblems } from './address-list.js';

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const addressList = z
  .string()
  .default('')
  .superRefine((value, ctx) => {
    for (const message of addressListProblems(value)) ctx.addIssue({ code: 'custom', message });
  });

/** Rate limiting at the gateway; `.env.example` documents each variable. */
export const rateLimitEnv = {
  RATE_LIMIT_ENABLED: envTypes.bool.default(true),
  /** Points per caller (user, or address when anonymous) per window; an operation costs 1 + its root fields. */
  RATE_LIMIT_POINTS: count(10_000_000).default(1000),
  RATE_LIMIT_WINDOW_SECONDS: count(86_400).default(60),
  /** Attempts per minute at login, signUp, requestPasswordReset and refreshSession, per address… */
  LOGIN_RATE_LIMIT_PER_IP: count(1_000_000).default(10),
  /** …and per email (the mutation's `email` / `input.email`). */
  LOGIN_RATE_LIMIT_PER_EMAIL: count(1_000_000).default(5),
  /** Comma-separated addresses and CIDR ranges (IPv4 and IPv6) that are never limited. */
  RATE_LIMIT_ALLOW_CIDRS: addressList,
  /** Comma-separated addresses and CIDR ranges that are always refused with FORBIDDEN. */
  RATE_LIMIT_DENY_CIDRS: addressList,
};

export type RateLimitEnv = z.infer<z.ZodObject<typeof rateLimitEnv>>;
