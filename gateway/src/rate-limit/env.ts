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
  /** Failed sign-ins (login, disableTwoFactor) per account from one address, per failure window… */
  SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS: count(1_000_000).default(5),
  /** …and from one address across all accounts (password spraying); successes are never counted. */
  SIGN_IN_FAILURES_PER_ADDRESS: count(1_000_000).default(100),
  SIGN_IN_FAILURE_WINDOW_SECONDS: count(86_400).default(900),
  /** refreshSession calls per address per minute: an office refreshes every few minutes per person. */
  REFRESH_RATE_LIMIT_PER_IP: count(1_000_000).default(600),
  /** signUp calls per address per minute. */
  SIGN_UP_RATE_LIMIT_PER_IP: count(1_000_000).default(30),
  /** requestPasswordReset calls per address per minute… */
  PASSWORD_RESET_RATE_LIMIT_PER_IP: count(1_000_000).default(30),
  /** …and per email (its `email` argument) per hour: nobody's inbox gets flooded. */
  PASSWORD_RESET_RATE_LIMIT_PER_EMAIL: count(1_000_000).default(10),
  /** Comma-separated addresses and CIDR ranges (IPv4 and IPv6) that are never limited. */
  RATE_LIMIT_ALLOW_CIDRS: addressList,
  /** Comma-separated addresses and CIDR ranges that are always refused with FORBIDDEN. */
  RATE_LIMIT_DENY_CIDRS: addressList,
};

export type RateLimitEnv = z.infer<z.ZodObject<typeof rateLimitEnv>>;
