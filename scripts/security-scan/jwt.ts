import { createHmac, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

export interface DecodedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/** The parts of a JWT, unverified. */
export function decodeToken(token: string): DecodedToken | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || signature === undefined) return undefined;
  try {
    return {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>,
      signature,
    };
  } catch {
    return undefined;
  }
}

/**
 * The claims a forged token carries: a real token's claims when the scanner has one (so only the
 * forgery differs), otherwise what an attacker would guess — every role, a far expiry.
 */
export function forgedClaims(token: string | undefined): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const real = token ? decodeToken(token)?.payload : undefined;
  return {
    sub: randomUUID(),
    sid: randomUUID(),
    jti: randomUUID(),
    iss: 'ukp',
    aud: 'ukp-api',
    ...real,
    roles: ['ADMIN', 'EDITOR', 'ANALYST', 'VIEWER'],
    role: 'admin',
    admin: true,
    iat: now,
    exp: now + 3600,
  };
}

export function unsigned(header: object, payload: object, signature = ''): string {
  return `${b64url(header)}.${b64url(payload)}.${signature}`;
}

export function hs256(header: object, payload: object, key: string | Buffer): string {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', ...header })}.${b64url(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

/** An RS256 token signed with a fresh key pair of ours, with that key announced in the header. */
export function selfSignedRs256(header: (jwk: object) => object, payload: object): string {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'scan', alg: 'RS256', use: 'sig' };
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', ...header(jwk) })}.${b64url(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The token with one character of its signature changed. */
export function flipSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = token.slice(dot + 1);
  const first = signature[0] === 'A' ? 'B' : 'A';
  return `${token.slice(0, dot + 1)}${first}${signature.slice(1)}`;
}

/** The token's payload changed (roles raised), its original header and signature kept. */
export function tamperPayload(token: string, change: (payload: Record<string, unknown>) => object): string {
  const decoded = decodeToken(token);
  if (!decoded) return token;
  const [header, , signature] = token.split('.');
  return `${header}.${b64url(change(decoded.payload))}.${signature}`;
}
