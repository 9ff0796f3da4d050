import { analyticsEnv } from '@ukp/analytics';
import { gatewayEnv, subgraphUrlOverrides } from '@ukp/gateway';
import { ConfigError, type EnvSource, envTypes, loadDevSecrets, parseEnv } from '@ukp/kit';
import { knowledgeEnv } from '@ukp/knowledge';
import { mlEnv } from '@ukp/ml';
import { usersEnv } from '@ukp/users';
import { z } from 'zod';

const platformEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: envTypes.port.default(4000),
  DATA_DIR: z.string().default('.data'),
  LOG_LEVEL: z.string().default('info'),
};

/**
 * One environment for the whole platform in one process: the gateway on PORT and each subgraph
 * on the next ports unless its own variable says otherwise. Outside production, secrets nobody
 * set are generated once into DATA_DIR (development only).
 */
export function platformConfig(source: EnvSource) {
  const base = parseEnv(platformEnv, source);
  const production = base.NODE_ENV === 'production';
  const filled: EnvSource = { LOG_FORMAT: production ? 'json' : 'pretty', ...source };
  const missing: string[] = [];
  if (production) {
    if (!source.JWT_SECRET && !source.JWT_PRIVATE_KEY) missing.push('JWT_SECRET: required in production');
    if (!source.TOTP_ENCRYPTION_KEY) missing.push('TOTP_ENCRYPTION_KEY: required in production');
  } else if ((!source.JWT_SECRET && !source.JWT_PRIVATE_KEY) || !source.TOTP_ENCRYPTION_KEY) {
    const dev = loadDevSecrets(base.DATA_DIR);
    filled.JWT_SECRET ??= dev.jwtSecret;
    filled.TOTP_ENCRYPTION_KEY ??= dev.totpEncryptionKey;
  }
  if (missing.length > 0) throw new ConfigError(missing);
  const port = base.PORT;
  // Port 0 (tests) gives every service a free port of its own.
  filled.USERS_PORT ??= String(port === 0 ? 0 : port + 1);
  filled.KNOWLEDGE_PORT ??= String(port === 0 ? 0 : port + 2);
  filled.ANALYTICS_PORT ??= String(port === 0 ? 0 : port + 3);
  filled.ML_PORT ??= String(port === 0 ? 0 : port + 4);

  const users = parseEnv(usersEnv, filled);
  const knowledge = parseEnv(knowledgeEnv, filled);
  const analytics = parseEnv(analyticsEnv, filled);
  const ml = parseEnv(mlEnv, filled);
  const gateway = { ...parseEnv(gatewayEnv, filled), subgraphUrlOverrides: subgraphUrlOverrides(filled) };
  return {
    ...base,
    production,
    seedDemo: base.NODE_ENV === 'development',
    users,
    knowledge,
    analytics,
    ml,
    gateway,
  };
}

export type PlatformConfig = ReturnType<typeof platformConfig>;

/** Every service's environment schema, the platform's own first (`pnpm env:check` reads them). */
export const ENV_SCHEMAS = {
  platform: platformEnv,
  users: usersEnv,
  knowledge: knowledgeEnv,
  analytics: analyticsEnv,
  ml: mlEnv,
  gateway: gatewayEnv,
};
