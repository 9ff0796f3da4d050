import { Secret, TOTP } from 'otpauth';

/** RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift either way. */
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, account: string, issuer: string): string {
  return new TOTP({
    issuer,
    label: account,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret,
  }).toString();
}

/** The time step the code belongs to, or null when it matches none within ±1 step of `now`. */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The current code for a secret (tests, and the demo's instructions). */
export function totpCode(secret: string, now: Date): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: PERIOD, secret }).generate({
    timestamp: now.getTime(),
  });
}
