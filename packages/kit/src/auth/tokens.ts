import { createHash, randomUUID } from 'node:crypto';
import {
  type CryptoKey,
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  importPKCS8,
  importSPKI,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { appError } from '../errors.js';
import { isRole, type Role } from '../roles.js';
import { VerifiedTokens } from './verified-tokens.js';

export interface AccessClaims {
  /** The user id. */
  sub: string;
  /** The session (refresh-token family) the token was issued for. */
  sid: string;
  roles: Role[];
  jti: string;
}

export interface TokenConfig {
  algorithm: 'HS256' | 'EdDSA';
  issuer: string;
  audience: string;
  ttlSeconds: number;
  /** HS256: the shared secret (≥ 32 bytes). */
  secret?: string | undefined;
  /** EdDSA: PKCS#8 PEM; only the service that signs (users) needs it. */
  privateKey?: string | undefined;
  /** EdDSA: SPKI PEM, or… */
  publicKey?: string | undefined;
  /** …a JWKS URL (users serves one at `/.well-known/jwks.json`). */
  jwksUrl?: string | undefined;
}

export interface TokenVerifier {
  /** Resolves with the claims, or rejects with an `UNAUTHENTICATED` GraphQL error. */
  verify(token: string): Promise<AccessClaims>;
}

export interface TokenSigner extends TokenVerifier {
  sign(claims: Omit<AccessClaims, 'jti'>): Promise<{ token: string; expiresIn: number; jti: string }>;
  /** The public keys as a JWKS document (EdDSA), or null for HS256 where there is nothing public. */
  jwks(): Promise<JSONWebKeySet | null>;
}

function invalid(message = 'Invalid or expired access token.') {
  return appError('UNAUTHENTICATED', message);
}

function checkConfig(config: TokenConfig, needPrivate: boolean) {
  if (config.algorithm === 'HS256') {
    if (!config.secret || Buffer.byteLength(config.secret) < 32) {
      throw new Error('JWT_SECRET must be set to at least 32 bytes for HS256');
    }
  } else if (needPrivate && !config.privateKey) {
    throw new Error('JWT_PRIVATE_KEY (PKCS#8 PEM) must be set to sign EdDSA tokens');
  } else if (!needPrivate && !config.publicKey && !config.jwksUrl && !config.privateKey) {
    throw new Error('JWT_PUBLIC_KEY or JWT_JWKS_URL must be set to verify EdDSA tokens');
  }
}

function keyId(material: string): string {
  return createHash('sha256').update(material).digest('base64url').slice(0, 16);
}

/**
 * The HS256 secret as a CryptoKey, imported once: given raw bytes, jose imports them again on
 * every verification (~6% of a subgraph request's CPU in a profile).
 */
function hmacKey(secret: string | undefined, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

async function verificationKey(config: TokenConfig): Promise<Uint8Array | CryptoKey | JWTVerifyGetKey> {
  if (config.algorithm === 'HS256') return hmacKey(config.secret, 'verify');
  if (config.jwksUrl) return createRemoteJWKSet(new URL(config.jwksUrl));
  if (config.publicKey) return importSPKI(config.publicKey, 'EdDSA');
  // A signer holding only the private key derives its public half.
  const { createPublicKey } = await import('node:crypto');
  const spki = createPublicKey(config.privateKey!).export({ format: 'pem', type: 'spki' }).toString();
  return importSPKI(spki, 'EdDSA');
}

export async function createTokenVerifier(config: TokenConfig): Promise<TokenVerifier> {
  checkConfig(config, false);
  const key = await verificationKey(config);
  const verified = new VerifiedTokens();
  return {
    async verify(token) {
      if (token.length > 8192) throw invalid();
      const known = verified.recall(token);
      if (known.state === 'valid') return known.claims;
      if (known.state === 'expired') throw invalid('Access token expired.');
      try {
        // Passing a single algorithm is what makes `alg: none` and algorithm confusion fail.
        const { payload } = await jwtVerify(token, key as Uint8Array, {
          algorithms: [config.algorithm],
          issuer: config.issuer,
          audience: config.audience,
          requiredClaims: ['exp', 'iat', 'sub', 'jti'],
        });
        const roles = payload.roles;
        if (
          typeof payload.sid !== 'string' ||
          !Array.isArray(roles) ||
          !roles.every(isRole) ||
          typeof payload.sub !== 'string'
        ) {
          throw invalid();
        }
        const claims: AccessClaims = { sub: payload.sub, sid: payload.sid, roles, jti: String(payload.jti) };
        // `exp` is a required claim, and jose has checked it is a number.
        verified.remember(token, claims, payload.exp as number);
        return claims;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_JWT_EXPIRED') throw invalid('Access token expired.');
        throw invalid();
      }
    },
  };
}

export async function createTokenSigner(config: TokenConfig): Promise<TokenSigner> {
  checkConfig(config, true);
  const verifier = await createTokenVerifier({ ...config, jwksUrl: undefined });
  const signingKey =
    config.algorithm === 'HS256'
      ? await hmacKey(config.secret, 'sign')
      : await importPKCS8(config.privateKey!, 'EdDSA', { extractable: true });
  const kid = keyId(config.algorithm === 'HS256' ? 'hs256' : config.privateKey!);

  return {
    verify: verifier.verify,
    async sign(claims) {
      const jti = randomUUID();
      const token = await new SignJWT({ sid: claims.sid, roles: claims.roles })
        .setProtectedHeader({ alg: config.algorithm, kid, typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setIssuedAt()
        .setJti(jti)
        .setExpirationTime(`${config.ttlSeconds}s`)
        .sign(signingKey);
      return { token, expiresIn: config.ttlSeconds, jti };
    },
    async jwks() {
      if (config.algorithm === 'HS256') return null;
      const { createPublicKey } = await import('node:crypto');
      const publicKey = createPublicKey(config.privateKey!);
      const jwk = await exportJWK(publicKey);
      return { keys: [{ ...jwk, kid, alg: 'EdDSA', use: 'sig' }] };
    },
  };
}

export { createLocalJWKSet };

/** The token settings from the parsed auth environment (see `authEnv`). */
export function tokenConfigFromEnv(env: {
  JWT_ALGORITHM: 'HS256' | 'EdDSA';
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
  ACCESS_TOKEN_TTL_SECONDS: number;
  JWT_SECRET?: string | undefined;
  JWT_PRIVATE_KEY?: string | undefined;
  JWT_PUBLIC_KEY?: string | undefined;
  JWT_JWKS_URL?: string | undefined;
}): TokenConfig {
  return {
    algorithm: env.JWT_ALGORITHM,
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    ttlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    secret: env.JWT_SECRET,
    privateKey: env.JWT_PRIVATE_KEY,
    publicKey: env.JWT_PUBLIC_KEY,
    jwksUrl: env.JWT_JWKS_URL,
  };
}
