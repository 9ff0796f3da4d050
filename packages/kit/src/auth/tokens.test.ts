import { generateKeyPairSync } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { importPKCS8, SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenSigner, createTokenVerifier, type TokenConfig, type TokenVerifier } from './tokens.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const hs256: TokenConfig = {
  algorithm: 'HS256',
  issuer: 'ukp',
  audience: 'ukp-api',
  ttlSeconds: 900,
  secret: SECRET,
};

function ed25519Pem() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}
const keys = ed25519Pem();
const eddsa: TokenConfig = { ...hs256, algorithm: 'EdDSA', secret: undefined, ...keys };

const claims = { sub: 'user-1', sid: 'session-1', roles: ['EDITOR', 'ANALYST'] as const };

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** A payload every verifier accepts, to break one claim at a time. */
function validPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sub: 'user-1',
    sid: 'session-1',
    roles: ['VIEWER'],
    jti: 'jti-1',
    iss: 'ukp',
    aud: 'ukp-api',
    iat: now(),
    exp: now() + 600,
    ...overrides,
  };
}

async function hsToken(payload: Record<string, unknown>, secret = SECRET): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}

async function rejection(verifier: TokenVerifier, token: string): Promise<GraphQLError> {
  const error = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GraphQLError)) throw new Error(`expected a GraphQLError, got ${String(error)}`);
  return error;
}

async function expectUnauthenticated(verifier: TokenVerifier, token: string): Promise<GraphQLError> {
  const error = await rejection(verifier, token);
  expect(error.extensions.code).toBe('UNAUTHENTICATED');
  return error;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('HS256 tokens', () => {
  it('sign and verify round-trip the claims', async () => {
    const signer = await createTokenSigner(hs256);
    const { token, expiresIn, jti } = await signer.sign({ ...claims, roles: [...claims.roles] });
    expect(expiresIn).toBe(900);
    const verified = await signer.verify(token);
    expect(verified).toEqual({ sub: 'user-1', sid: 'session-1', roles: ['EDITOR', 'ANALYST'], jti });
    // A verifier that only shares the secret agrees.
    const verifier = await createTokenVerifier(hs256);
    expect(await verifier.verify(token)).toEqual(verified);
    const [header, payload] = token.split('.');
    expect(JSON.parse(Buffer.from(header ?? '', 'base64url').toString())).toMatchObject({
      alg: 'HS256',
      typ: 'JWT',
    });
    const body = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, number>;
    expect((body.exp ?? 0) - (body.iat ?? 0)).toBe(900);
    expect(await signer.jwks()).toBeNull();
  });

  it('gives every token its own jti', async () => {
    const signer = await createTokenSigner(hs256);
    const a = await signer.sign({ ...claims, roles: ['VIEWER'] });
    const b = await signer.sign({ ...claims, roles: ['VIEWER'] });
    expect(a.jti).not.toBe(b.jti);
  });

  it('rejects a token signed with another secret', async () => {
    const verifier = await createTokenVerifier(hs256);
    await expectUnauthenticated(
      verifier,
      await hsToken(validPayload(), 'another-secret-that-is-also-long-enough!!'),
    );
    // The same payload with the right secret passes, so it is the signature that failed.
    await expect(verifier.verify(await hsToken(validPayload()))).resolves.toMatchObject({ sub: 'user-1' });
  });

  it('rejects alg=none', async () => {
    const verifier = await createTokenVerifier(hs256);
    const unsigned = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(validPayload())}.`;
    await expectUnauthenticated(verifier, unsigned);
  });

  it('rejects a tampered payload', async () => {
    const signer = await createTokenSigner(hs256);
    const { token } = await signer.sign({ ...claims, roles: ['VIEWER'] });
    const [header, payload, signature] = token.split('.');
    const decoded = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = `${header}.${b64url({ ...decoded, roles: ['ADMIN'] })}.${signature}`;
    await expectUnauthenticated(signer, forged);
  });

  it('rejects an expired token with its own message', async () => {
    const signer = await createTokenSigner({ ...hs256, ttlSeconds: 30 });
    const { token } = await signer.sign({ ...claims, roles: ['VIEWER'] });
    await expect(signer.verify(token)).resolves.toMatchObject({ sub: 'user-1' });
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    const error = await expectUnauthenticated(signer, token);
    expect(error.message).toBe('Access token expired.');
  });

  it('checks a token’s signature once, its expiry at every verification', async () => {
    const verifier = await createTokenVerifier(hs256);
    const token = await hsToken(validPayload({ exp: now() + 30 }));
    const subtleVerify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    try {
      const first = await verifier.verify(token);
      first.roles.push('ADMIN');
      // The second time is answered from what the first proved, and the first caller's change is not in it.
      await expect(verifier.verify(token)).resolves.toEqual({
        sub: 'user-1',
        sid: 'session-1',
        roles: ['VIEWER'],
        jti: 'jti-1',
      });
      expect(subtleVerify).toHaveBeenCalledTimes(1);
      // A different signature on the same header and payload is checked, and refused.
      const [header, payload, signature] = token.split('.');
      const flipped = `${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
      await expectUnauthenticated(verifier, `${header}.${payload}.${flipped}`);
      expect(subtleVerify).toHaveBeenCalledTimes(2);
    } finally {
      subtleVerify.mockRestore();
    }
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 31_000);
    const error = await expectUnauthenticated(verifier, token);
    expect(error.message).toBe('Access token expired.');
  });

  it.each([
    ['wrong issuer', { iss: 'someone-else' }],
    ['wrong audience', { aud: 'another-api' }],
    ['missing sid', { sid: undefined }],
    ['missing roles', { roles: undefined }],
    ['unknown role', { roles: ['VIEWER', 'SUPERUSER'] }],
    ['roles not a list', { roles: 'ADMIN' }],
    ['missing jti', { jti: undefined }],
    ['missing sub', { sub: undefined }],
    ['missing exp', { exp: undefined }],
    ['missing iat', { iat: undefined }],
  ])('rejects a token with %s', async (_name, overrides) => {
    const verifier = await createTokenVerifier(hs256);
    const error = await expectUnauthenticated(verifier, await hsToken(validPayload(overrides)));
    expect(error.message).toBe('Invalid or expired access token.');
  });

  it('rejects garbage and oversized tokens', async () => {
    const verifier = await createTokenVerifier(hs256);
    await expectUnauthenticated(verifier, 'not-a-jwt');
    await expectUnauthenticated(verifier, '');
    await expectUnauthenticated(verifier, await hsToken(validPayload({ pad: 'x'.repeat(9000) })));
  });

  it('refuses a secret shorter than 32 bytes', async () => {
    await expect(createTokenVerifier({ ...hs256, secret: 'short' })).rejects.toThrow(/at least 32 bytes/);
    await expect(createTokenSigner({ ...hs256, secret: undefined })).rejects.toThrow(/JWT_SECRET/);
    // 31 ASCII bytes fail, 32 pass.
    await expect(createTokenVerifier({ ...hs256, secret: 'x'.repeat(31) })).rejects.toThrow(
      /at least 32 bytes/,
    );
    await expect(createTokenVerifier({ ...hs256, secret: 'x'.repeat(32) })).resolves.toBeDefined();
  });
});

describe('EdDSA tokens', () => {
  it('sign and verify round-trip with the public key', async () => {
    const signer = await createTokenSigner(eddsa);
    const { token, jti } = await signer.sign({ ...claims, roles: ['ADMIN'] });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toMatchObject({
      alg: 'EdDSA',
    });
    const expected = { sub: 'user-1', sid: 'session-1', roles: ['ADMIN'], jti };
    expect(await signer.verify(token)).toEqual(expected);
    const verifier = await createTokenVerifier({ ...eddsa, privateKey: undefined });
    expect(await verifier.verify(token)).toEqual(expected);
  });

  it('publishes its public key as a JWKS', async () => {
    const signer = await createTokenSigner(eddsa);
    const jwks = await signer.jwks();
    expect(jwks?.keys).toHaveLength(1);
    const [key] = jwks?.keys ?? [];
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    expect(key?.kid).toMatch(/^[\w-]{16}$/);
    expect(key).not.toHaveProperty('d'); // never the private part
    const { token } = await signer.sign({ ...claims, roles: ['VIEWER'] });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()).kid).toBe(key?.kid);
  });

  it('rejects a token signed by another key', async () => {
    const other = await createTokenSigner({ ...eddsa, ...ed25519Pem() });
    const { token } = await other.sign({ ...claims, roles: ['VIEWER'] });
    const verifier = await createTokenVerifier({ ...eddsa, privateKey: undefined });
    await expectUnauthenticated(verifier, token);
  });

  it('rejects an HS256 token, even one keyed with the public key text (algorithm confusion)', async () => {
    const verifier = await createTokenVerifier({ ...eddsa, privateKey: undefined });
    await expectUnauthenticated(verifier, await hsToken(validPayload()));
    await expectUnauthenticated(verifier, await hsToken(validPayload(), keys.publicKey));
    await expectUnauthenticated(verifier, `${b64url({ alg: 'none' })}.${b64url(validPayload())}.`);
  });

  it('rejects an EdDSA token presented to an HS256 verifier', async () => {
    const signer = await createTokenSigner(eddsa);
    const { token } = await signer.sign({ ...claims, roles: ['VIEWER'] });
    await expectUnauthenticated(await createTokenVerifier(hs256), token);
  });

  it('rejects expired and mis-addressed EdDSA tokens', async () => {
    const key = await importPKCS8(keys.privateKey, 'EdDSA');
    const verifier = await createTokenVerifier({ ...eddsa, privateKey: undefined });
    const sign = (payload: Record<string, unknown>) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA' }).sign(key);
    await expect(verifier.verify(await sign(validPayload()))).resolves.toMatchObject({ sid: 'session-1' });
    await expectUnauthenticated(verifier, await sign(validPayload({ exp: now() - 10, iat: now() - 100 })));
    await expectUnauthenticated(verifier, await sign(validPayload({ aud: 'elsewhere' })));
    await expectUnauthenticated(verifier, await sign(validPayload({ roles: ['ROOT'] })));
  });

  it('needs the keys it uses', async () => {
    await expect(createTokenSigner({ ...eddsa, privateKey: undefined })).rejects.toThrow(/JWT_PRIVATE_KEY/);
    await expect(
      createTokenVerifier({ ...eddsa, privateKey: undefined, publicKey: undefined }),
    ).rejects.toThrow(/JWT_PUBLIC_KEY or JWT_JWKS_URL/);
  });
});
