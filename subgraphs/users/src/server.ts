import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  applyShield,
  attachGraphqlWs,
  clientAddressSecret,
  createClientAddressSigner,
  createDatabase,
  createEventBus,
  createLogger,
  createTokenSigner,
  type DatabaseHandle,
  type EventBus,
  type Logger,
  Resources,
  requestLogger,
  runMigrations,
  SessionRevocations,
  startServiceServer,
  startSubgraphApollo,
  type TracingOverrides,
  tokenConfigFromEnv,
  tracingFromEnv,
  verifiedClientAddress,
  viewerFromAuthorization,
  withSessionRevocations,
} from '@ukp/kit';
import { parse } from 'graphql';
import { createUsersContext, type UsersContext } from './context.js';
import { BackgroundWork } from './domain/background.js';
import type { UsersDeps } from './domain/deps.js';
import { createOutboxMailer } from './domain/mailer.js';
import { hashPassword } from './domain/passwords.js';
import { parseKey } from './domain/secret-box.js';
import type { UsersEnv } from './env.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { ensureAdmin, ensureDemoAccounts, type SeededAccount } from './seed.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

export interface UsersServerOptions {
  env: UsersEnv;
  logger?: Logger;
  /** Share a database or bus with other services in one process (the laptop platform). */
  database?: DatabaseHandle;
  bus?: EventBus;
  /** Port to listen on; defaults to USERS_PORT (tests pass 0). */
  port?: number;
  /** Injectable clock for lockout and token-window tests. */
  now?: () => Date;
  /** DEVELOPMENT ONLY: create one demo account per role. */
  seedDemo?: boolean;
  /** Span processors (tests: in-memory exporters) and the service name, besides the OTEL_* env. */
  tracing?: TracingOverrides;
}

export interface UsersServer {
  url: string;
  port: number;
  deps: UsersDeps;
  demoAccounts: SeededAccount[];
  stop(): Promise<void>;
}

/** Composition root: env → db (+ migrations) → bus → domain deps → shielded schema → HTTP + WS. */
export async function createUsersServer(options: UsersServerOptions): Promise<UsersServer> {
  const { env } = options;
  const logger =
    options.logger ??
    createLogger({ service: 'users', level: env.LOG_LEVEL, format: env.LOG_FORMAT ?? 'json' });
  const resources = new Resources(logger);
  try {
    if (!env.TOTP_ENCRYPTION_KEY)
      throw new Error('TOTP_ENCRYPTION_KEY must be set (32 bytes, base64 or hex)');
    const database = await resources.provide(
      'database',
      options.database,
      () =>
        createDatabase({
          url: env.DATABASE_URL,
          dataDir: env.DATA_DIR,
          poolMax: env.DATABASE_POOL_MAX,
          logger,
        }),
      (d) => d.close(),
    );
    await runMigrations(database.db, { folder: MIGRATIONS_FOLDER, schema: 'users', logger });

    const bus = await resources.provide(
      'event bus',
      options.bus,
      () =>
        createEventBus({
          redisUrl: env.REDIS_URL,
          prefix: env.REDIS_KEY_PREFIX,
          logger,
          name: 'users',
        }),
      (b) => b.close(),
    );

    // The signer verifies with its own key, never a remote JWKS (it is the JWKS).
    const tokenConfig = tokenConfigFromEnv(env);
    const signer = await createTokenSigner({ ...tokenConfig, jwksUrl: undefined });
    const revocations = await SessionRevocations.start({ bus, ttlSeconds: tokenConfig.ttlSeconds, logger });
    resources.add('session revocations', () => revocations.stop());
    const verifier = withSessionRevocations(signer, revocations);
    // Drained before the bus and the database close (resources close in reverse order).
    const background = new BackgroundWork(logger);
    resources.add('background work', () => background.drain());

    const deps: UsersDeps = {
      db: database.db,
      signer,
      revocations,
      background,
      bus,
      logger,
      now: options.now ?? (() => new Date()),
      mailer: createOutboxMailer(database.db, logger, env.NODE_ENV !== 'production'),
      dummyHash: await hashPassword(randomBytes(18).toString('base64')),
      config: {
        refreshTtlSeconds: env.REFRESH_TOKEN_TTL_DAYS * 86_400,
        refreshGraceSeconds: 10,
        resetTtlSeconds: 30 * 60,
        totpKey: parseKey(env.TOTP_ENCRYPTION_KEY),
        totpIssuer: env.TOTP_ISSUER,
        resetUrl: env.PASSWORD_RESET_URL,
      },
    };

    if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) await ensureAdmin(deps, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
    const demoAccounts = options.seedDemo ? await ensureDemoAccounts(deps, env.DATA_DIR) : [];

    const schema = applyShield(buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }), permissions);
    const apollo = await startSubgraphApollo<UsersContext>({ schema, logger });
    resources.add('apollo', () => apollo.stop());

    const tracing = tracingFromEnv(env, 'users', options.tracing);
    resources.add('tracing', () => tracing.shutdown());
    // The client's address comes only from the gateway, signed (x-ukp-client-address); without a
    // valid signature it is the socket's, so a direct caller cannot choose what the audit log records.
    const secret = clientAddressSecret(env);
    const addressSigner = secret ? createClientAddressSigner(secret) : undefined;

    const contextFor = async (
      headers: Record<string, string | string[] | undefined>,
      requestId: string,
      ip: string | null,
      traceId?: string,
    ) =>
      createUsersContext(
        {
          requestId,
          ip,
          viewer: await viewerFromAuthorization(
            typeof headers.authorization === 'string' ? headers.authorization : undefined,
            verifier,
          ),
          logger: requestLogger(logger, requestId, traceId),
        },
        deps,
      );

    const server = await startServiceServer<UsersContext>({
      name: 'users',
      port: options.port ?? env.USERS_PORT,
      host: env.HOST,
      logger,
      apollo,
      tracing,
      context: (req, requestId, span) =>
        contextFor(
          req.headers,
          requestId,
          verifiedClientAddress(req.headers, req.socket.remoteAddress, addressSigner),
          span?.traceId,
        ),
      readiness: { postgres: () => database.ping(), bus: () => bus.ping() },
      routes: {
        '/.well-known/jwks.json': async (_req, res) => {
          const jwks = await signer.jwks();
          res.writeHead(jwks ? 200 : 404, { 'content-type': 'application/json' });
          res.end(JSON.stringify(jwks ?? { keys: [] }));
        },
      },
      websocket: attachGraphqlWs({
        schema,
        logger,
        context: (params) => {
          const authorization = typeof params?.authorization === 'string' ? params.authorization : undefined;
          return contextFor(
            { authorization },
            String(params?.requestId ?? randomBytes(8).toString('hex')),
            null,
          );
        },
      }),
    });
    resources.add('http server', () => server.stop());
    logger.info({ url: server.url, database: database.kind, bus: bus.kind }, 'users subgraph ready');

    return { url: server.url, port: server.port, deps, demoAccounts, stop: () => resources.closeAll() };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
