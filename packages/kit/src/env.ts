import { z } from 'zod';

/**
 * The only module that reads `process.env`. Each concern declares a zod shape; services merge the
 * shapes they need and parse once, so every problem is reported together before anything starts.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type EnvSource = Record<string, string | undefined>;

/** `process.env` as a plain record; call it only from a `main.ts`. */
export function processEnv(): EnvSource {
  return { ...process.env };
}

export function parseEnv<S extends z.ZodRawShape>(shape: S, source: EnvSource): z.infer<z.ZodObject<S>> {
  // An empty variable means "unset", as it does for most tools people already use.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  return result.data;
}

const port = z.coerce.number().int().min(0).max(65535);
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envTypes = { port, bool };

export const commonEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  HOST: z.string().default('0.0.0.0'),
};

export const databaseEnv = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATA_DIR: z.string().default('.data'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Prepared statements on PostgreSQL; off behind a pooler that cannot keep them (PgBouncer < 1.21). */
  DATABASE_PREPARE: bool.default(true),
};

export const redisEnv = {
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  REDIS_KEY_PREFIX: z.string().default('ukp:'),
  /** A Redis command unanswered this long fails to its local fallback instead of holding a request. */
  REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(10).max(10_000).default(200),
  /** Entries each durable event family's Redis Stream keeps (trimmed approximately as it grows). */
  REDIS_STREAM_MAXLEN: z.coerce.number().int().min(1_000).max(1_000_000_000).default(1_000_000),
};

export const authEnv = {
  JWT_ALGORITHM: z.enum(['HS256', 'EdDSA']).default('HS256'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 bytes').optional(),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_ISSUER: z.string().default('ukp'),
  JWT_AUDIENCE: z.string().default('ukp-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(900),
};

export type CommonEnv = z.infer<z.ZodObject<typeof commonEnv>>;
export type DatabaseEnv = z.infer<z.ZodObject<typeof databaseEnv>>;
export type RedisEnv = z.infer<z.ZodObject<typeof redisEnv>>;
export type AuthEnv = z.infer<z.ZodObject<typeof authEnv>>;
