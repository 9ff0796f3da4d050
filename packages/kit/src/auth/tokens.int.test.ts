import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenSigner, createTokenVerifier, type TokenConfig, type TokenSigner } from './tokens.js';

function ed25519Pem() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKey: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

describe('EdDSA verification through a JWKS URL', () => {
  const config: TokenConfig = {
    algorithm: 'EdDSA',
    issuer: 'ukp',
    audience: 'ukp-api',
    ttlSeconds: 900,
    privateKey: ed25519Pem().privateKey,
  };
  let signer: TokenSigner;
  let server: Server;
  let jwksUrl: string;
  let requests = 0;

  beforeAll(async () => {
    signer = await createTokenSigner(config);
    const jwks = JSON.stringify(await signer.jwks());
    server = createServer((req, res) => {
      requests += 1;
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  const verifier = () => createTokenVerifier({ ...config, privateKey: undefined, jwksUrl });

  it('accepts a token from the signer that serves the JWKS', async () => {
    const { token, jti } = await signer.sign({ sub: 'u1', sid: 's1', roles: ['VIEWER', 'ADMIN'] });
    const before = requests;
    expect(await (await verifier()).verify(token)).toEqual({
      sub: 'u1',
      sid: 's1',
      roles: ['VIEWER', 'ADMIN'],
      jti,
    });
    expect(requests).toBeGreaterThan(before); // the key really came from the URL
  });

  it('rejects tokens from another key and HS256 tokens', async () => {
    const stranger = await createTokenSigner({ ...config, privateKey: ed25519Pem().privateKey });
    const { token } = await stranger.sign({ sub: 'u1', sid: 's1', roles: ['VIEWER'] });
    const v = await verifier();
    for (const bad of [
      token,
      await new SignJWT({ sid: 's1', roles: ['VIEWER'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('u1')
        .setIssuer('ukp')
        .setAudience('ukp-api')
        .setIssuedAt()
        .setJti('j')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('a-test-secret-that-is-long-enough-0123456789')),
    ]) {
      const error = await v.verify(bad).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
    }
  });
});
