import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTokenSigner, createTokenVerifier, type Role, type TokenConfig } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayMetrics } from './metrics.js';
import { metricsRoute } from './metrics-route.js';

const config: TokenConfig = {
  algorithm: 'HS256',
  issuer: 'ukp-users',
  audience: 'ukp',
  ttlSeconds: 60,
  secret: randomBytes(48).toString('base64url'),
};
const METRICS_TOKEN = randomBytes(24).toString('hex');

describe('/metrics behind METRICS_TOKEN', () => {
  let server: Server;
  let url = '';
  let sign: (roles: Role[], secret?: string) => Promise<string>;

  beforeAll(async () => {
    // The real verifier, as the gateway builds it from its JWT settings.
    const route = metricsRoute(createGatewayMetrics(), METRICS_TOKEN, await createTokenVerifier(config));
    server = createServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    sign = async (roles, secret = config.secret) =>
      (await (await createTokenSigner({ ...config, secret })).sign({ sub: 'u1', sid: 's1', roles })).token;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const status = async (authorization?: string) =>
    (await fetch(url, authorization ? { headers: { authorization } } : {})).status;

  it('answers the scrape token, and an ADMIN or ANALYST access token', async () => {
    expect(await status(`Bearer ${METRICS_TOKEN}`)).toBe(200);
    expect(await status(`Bearer ${await sign(['ADMIN'])}`)).toBe(200);
    expect(await status(`Bearer ${await sign(['ANALYST'])}`)).toBe(200);
  });

  it('refuses no token, a VIEWER or EDITOR token, and a token not signed with the JWT secret', async () => {
    expect(await status()).toBe(401);
    expect(await status('Bearer ')).toBe(401);
    expect(await status(`Bearer ${await sign(['VIEWER'])}`)).toBe(403);
    expect(await status(`Bearer ${await sign(['VIEWER', 'EDITOR'])}`)).toBe(403);
    expect(await status(`Bearer ${await sign(['ADMIN'], randomBytes(48).toString('base64url'))}`)).toBe(401);
    expect(await status(`Basic ${await sign(['ADMIN'])}`)).toBe(401);
  });

  it('stays closed to access tokens when the gateway has no verifier for it', async () => {
    const route = metricsRoute(createGatewayMetrics(), METRICS_TOKEN);
    const bare = createServer((req, res) => void route(req, res));
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(bare.address() as AddressInfo).port}/metrics`, {
        headers: { authorization: `Bearer ${await sign(['ADMIN'])}` },
      });
      expect(response.status).toBe(401);
    } finally {
      await new Promise<void>((resolve) => bare.close(() => resolve()));
    }
  });
});
