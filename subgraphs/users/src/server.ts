import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  createTokenSigner,
  readSdl,
  type SubgraphHostOptions,
  startSubgraph,
  type TracingOverrides,
  tokenConfigFromEnv,
} from '@ukp/kit';
import { createUsersContext, type UsersContext } from './context.js';
import type { UsersDeps } from './domain/deps.js';
import { createOutboxMailer } from './domain/mailer.js';
import { hashPassword } from './domain/passwords.js';
import { parseKey } from './domain/secret-box.js';
import type { UsersEnv } from './env.js';
import { permissions } from './permissions.js';
import { resolvers } from './resolvers/index.js';
import { ensureAdmin, ensureDemoAccounts, type SeededAccount } from './seed.js';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));
const typeDefs = readSdl(new URL('./schema.graphql', import.meta.url));

export interface UsersServerOptions extends SubgraphHostOptions {
  env: UsersEnv;
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

/** The users subgraph on the kit's runtime: its signer, its deps, its seeding and its JWKS route. */
export async function createUsersServer(options: UsersServerOptions): Promise<UsersServer> {
  const { env } = options;
  if (!env.TOTP_ENCRYPTION_KEY) throw new Error('TOTP_ENCRYPTION_KEY must be set (32 bytes, base64 or hex)');
  const totpKey = parseKey(env.TOTP_ENCRYPTION_KEY);
  // The signer verifies with its own key, never a remote JWKS (it is the JWKS).
  const signer = await createTokenSigner({ ...tokenConfigFromEnv(env), jwksUrl: undefined });

  return startSubgraph<UsersContext, Pick<UsersServer, 'deps' | 'demoAccounts'>>({
    ...options,
    name: 'users',
    port: options.port ?? env.USERS_PORT,
    migrations: MIGRATIONS_FOLDER,
    typeDefs,
    tokenVerifier: signer,
    async setup({ database, bus, revocations, background, logger }) {
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
          totpKey,
          totpIssuer: env.TOTP_ISSUER,
          resetUrl: env.PASSWORD_RESET_URL,
        },
      };
      if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) await ensureAdmin(deps, env.ADMIN_EMAIL, env.ADMIN_PASSWORD);
      const demoAccounts = options.seedDemo ? await ensureDemoAccounts(deps, env.DATA_DIR) : [];
      return {
        resolvers,
        permissions,
        context: (base) => createUsersContext(base, deps),
        routes: {
          '/.well-known/jwks.json': async (_req, res) => {
            const jwks = await signer.jwks();
            res.writeHead(jwks ? 200 : 404, { 'content-type': 'application/json' });
            res.end(JSON.stringify(jwks ?? { keys: [] }));
          },
        },
        expose: { deps, demoAccounts },
      };
    },
  });
}
