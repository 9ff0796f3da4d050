import { z } from 'zod';
import { addressListProblems, parseAddressList } from '../address-list.js';
import { envTypes } from '../env.js';
import type { ProxyTrust } from './forwarded.js';

/** For every service: the key the gateway signs client addresses with (see signed.ts). */
export const clientAddressEnv = {
  /**
   * Secret (≥ 32 bytes) shared by the gateway and the subgraphs; unset: JWT_SECRET. With EdDSA
   * tokens and neither set, subgraphs see only the gateway's address.
   */
  CLIENT_ADDRESS_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
};

/** The secret to derive the client-address key from, if there is one. */
export function clientAddressSecret(env: {
  CLIENT_ADDRESS_SECRET?: string | undefined;
  JWT_SECRET?: string | undefined;
}): string | undefined {
  return env.CLIENT_ADDRESS_SECRET ?? env.JWT_SECRET;
}

/** For the edge (the gateway): which proxies in front of it may say who the client is. */
export const proxyTrustEnv = {
  /** Proxies in front of the service, counted from it: their X-Forwarded-For entries are believed. */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(16).optional(),
  /** Deprecated: `true` is TRUST_PROXY_HOPS=1. */
  TRUST_PROXY: envTypes.bool.default(false),
  /** Addresses and CIDR ranges of trusted proxies, skipped wherever they are in the chain. */
  TRUSTED_PROXY_CIDRS: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      for (const message of addressListProblems(value)) ctx.addIssue({ code: 'custom', message });
    }),
};

export type ProxyTrustEnv = z.infer<z.ZodObject<typeof proxyTrustEnv>>;

/** The trust the env asks for; TRUST_PROXY_HOPS wins over the deprecated TRUST_PROXY. */
export function proxyTrustFromEnv(env: ProxyTrustEnv): ProxyTrust {
  return {
    hops: env.TRUST_PROXY_HOPS ?? (env.TRUST_PROXY ? 1 : 0),
    proxies: parseAddressList(env.TRUSTED_PROXY_CIDRS),
  };
}
