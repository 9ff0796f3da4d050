import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';

/**
 * The header in which the gateway tells a subgraph who its client is:
 * `<ip>;<unix seconds>;<HMAC-SHA256 of "ip;seconds">`, base64url. A subgraph believes it only
 * when the MAC is right and the time is within `maxSkewSeconds`, so a caller that reaches a
 * subgraph directly cannot choose the address its audit log records.
 */
export const CLIENT_ADDRESS_HEADER = 'x-ukp-client-address';

const LABEL = 'ukp client-address v1';

export interface ClientAddressSigner {
  /** The header value for `ip`, signed now. */
  sign(ip: string): string;
  /** The address in a header value when it is authentic and fresh; undefined otherwise. */
  verify(value: string | undefined): string | undefined;
}

export interface SignerOptions {
  /** How far the header's time may be from ours, either way (clock skew plus transit). */
  maxSkewSeconds?: number;
  now?: () => number;
}

/**
 * A signer under a key derived from `secret` with HKDF and a label of its own, so the MAC key is
 * never the secret that signs access tokens (JWT_SECRET is what every service already shares).
 */
export function createClientAddressSigner(secret: string, options: SignerOptions = {}): ClientAddressSigner {
  const key = Buffer.from(hkdfSync('sha256', secret, 'ukp', LABEL, 32));
  const maxSkew = options.maxSkewSeconds ?? 60;
  const now = options.now ?? Date.now;
  const mac = (message: string) => createHmac('sha256', key).update(message).digest();
  // A request fans out to several subgraph fetches within the same second: sign once for them.
  let last = { ip: '', seconds: -1, value: '' };
  // The gateway signs once a second per client, so a subgraph sees the same value on a burst of
  // requests: the last value whose MAC was right (only an exact match skips the MAC).
  let lastVerified = '';
  return {
    sign(ip) {
      const seconds = Math.floor(now() / 1000);
      if (last.ip === ip && last.seconds === seconds) return last.value;
      const message = `${ip};${seconds}`;
      const value = `${message};${mac(message).toString('base64url')}`;
      last = { ip, seconds, value };
      return value;
    },
    verify(value) {
      if (!value || value.length > 200) return undefined;
      const [ip, secondsText, given, ...rest] = value.split(';');
      if (!ip || !secondsText || !given || rest.length > 0 || isIP(ip) === 0) return undefined;
      if (!/^\d{1,12}$/.test(secondsText)) return undefined;
      // Freshness is judged at every request, the MAC once per exact header value.
      if (Math.abs(Math.floor(now() / 1000) - Number(secondsText)) > maxSkew) return undefined;
      if (value === lastVerified) return ip;
      const expected = mac(`${ip};${secondsText}`);
      const actual = Buffer.from(given, 'base64url');
      if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
      lastVerified = value;
      return ip;
    },
  };
}

/**
 * A subgraph's view of its client: the address the gateway vouched for, or else the socket's
 * (a direct caller, or a gateway without a key). `X-Forwarded-For` is never read.
 */
export function verifiedClientAddress(
  headers: IncomingHttpHeaders,
  socketAddress: string | undefined,
  signer: ClientAddressSigner | undefined,
): string | null {
  const value = headers[CLIENT_ADDRESS_HEADER];
  const vouched = signer?.verify(typeof value === 'string' ? value : undefined);
  return vouched ?? socketAddress ?? null;
}
