import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCompose, RemoteGraphQLDataSource } from '@apollo/gateway';
import {
  createMemoryBus,
  createTokenSigner,
  type EventBus,
  parseEnv,
  type Role,
  silentLogger,
  type TokenSigner,
} from '@ukp/kit';
import { type WsClient, type WsClientOptions, wsClient } from '@ukp/kit/testing';
import { parse } from 'graphql';
import { gatewayEnv } from '../../env.js';
import { createGateway, type RunningGateway } from '../../server.js';
import type { FixtureSubgraph } from './fixture-subgraph.js';
import { type ReviewsFixture, startAccounts, startReviews } from './fixtures.js';

export interface World {
  gateway: RunningGateway;
  wsUrl: string;
  reviews: ReviewsFixture;
  accounts: FixtureSubgraph;
  signer: TokenSigner;
  secret: string;
  /** The gateway's event bus (in-process): what the users service would announce on. */
  bus: EventBus;
  /** A valid access token for `userId`. */
  token(userId: string, roles?: Role[]): Promise<string>;
  /** A token signed here by hand, for claims the kit's signer will not make (short `exp`). */
  rawToken(claims: Record<string, unknown>, secret?: string): string;
  /**
   * A graphql-ws client to the gateway, disposed by `stop()`. Lazy by default (the socket closes
   * when its last subscription ends); `lazy: false` keeps one socket open throughout.
   */
  client(token?: string, options?: Omit<WsClientOptions, 'params'>): WsClient;
  stop(): Promise<void>;
}

/** Composes subgraphs the way `schema/` does, through the gateway's own LocalCompose. */
export async function composeSupergraph(subgraphs: FixtureSubgraph[]): Promise<string> {
  const { supergraphSdl } = await new LocalCompose({
    localServiceList: subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.typeDefs) })),
  }).initialize({
    update: () => {},
    healthCheck: async () => {},
    getDataSource: ({ url }) => new RemoteGraphQLDataSource(url ? { url } : {}),
  });
  return supergraphSdl;
}

/** Two fixture subgraphs (reviews, accounts), their supergraph and a real gateway in front. */
export async function startWorld(extraEnv: Record<string, string> = {}): Promise<World> {
  const secret = randomBytes(32).toString('base64url');
  const signer = await createTokenSigner({
    algorithm: 'HS256',
    issuer: 'ukp',
    audience: 'ukp-api',
    ttlSeconds: 900,
    secret,
  });
  const leftovers: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    while (leftovers.length > 0) await leftovers.pop()?.();
  };
  try {
    const reviews = await startReviews(signer);
    leftovers.push(() => reviews.stop());
    const accounts = await startAccounts(signer);
    leftovers.push(() => accounts.stop());

    const dir = mkdtempSync(join(tmpdir(), 'ukp-subscriptions-'));
    leftovers.push(() => rmSync(dir, { recursive: true, force: true }));
    const supergraphPath = join(dir, 'supergraph.graphql');
    writeFileSync(supergraphPath, await composeSupergraph([reviews, accounts]));

    const env = {
      ...parseEnv(gatewayEnv, {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        JWT_SECRET: secret,
        SUPERGRAPH_PATH: supergraphPath,
        ...extraEnv,
      }),
      subgraphUrlOverrides: { reviews: reviews.url, accounts: accounts.url },
    };
    const bus = createMemoryBus();
    leftovers.push(() => bus.close());
    const gateway = await createGateway({ env, port: 0, logger: silentLogger(), bus });
    leftovers.push(() => gateway.stop());
    const wsUrl = `ws://127.0.0.1:${gateway.port}/graphql`;

    return {
      gateway,
      wsUrl,
      reviews,
      accounts,
      signer,
      secret,
      bus,
      token: async (userId, roles = ['VIEWER']) =>
        (await signer.sign({ sub: userId, sid: randomUUID(), roles })).token,
      rawToken: (claims, key = secret) => signHs256(key, claims),
      client: (token, options = {}) => {
        const client = wsClient(wsUrl, token, options);
        leftovers.push(() => client.dispose());
        return client;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Claims a verifier would accept, expiring `ttlSeconds` from now (negative: already expired). */
export function accessClaims(userId: string, ttlSeconds: number): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userId,
    sid: randomUUID(),
    roles: ['VIEWER'],
    iss: 'ukp',
    aud: 'ukp-api',
    iat: now,
    exp: now + ttlSeconds,
    jti: randomUUID(),
  };
}

function signHs256(secret: string, claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
