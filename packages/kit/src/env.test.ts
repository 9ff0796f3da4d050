import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { authEnv, ConfigError, commonEnv, databaseEnv, envTypes, parseEnv, redisEnv } from './env.js';

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but parsing succeeded');
}

describe('parseEnv', () => {
  it('applies defaults when nothing is set', () => {
    const env = parseEnv({ ...commonEnv, ...databaseEnv, ...redisEnv, ...authEnv }, {});
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HOST: '0.0.0.0',
      DATA_DIR: '.data',
      DATABASE_POOL_MAX: 10,
      DATABASE_PREPARE: true,
      REDIS_KEY_PREFIX: 'ukp:',
      REDIS_STREAM_MAXLEN: 1_000_000,
      JWT_ALGORITHM: 'HS256',
      JWT_ISSUER: 'ukp',
      JWT_AUDIENCE: 'ukp-api',
      ACCESS_TOKEN_TTL_SECONDS: 900,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.JWT_SECRET).toBeUndefined();
  });

  it('coerces and keeps values that are set', () => {
    const env = parseEnv(
      { ...databaseEnv, PORT: envTypes.port, FLAG: envTypes.bool },
      {
        DATABASE_URL: 'postgres://u:p@db:5432/x',
        DATABASE_POOL_MAX: '3',
        DATABASE_PREPARE: 'false',
        PORT: '4001',
        FLAG: 'yes',
      },
    );
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      DATABASE_POOL_MAX: 3,
      DATABASE_PREPARE: false,
      PORT: 4001,
      FLAG: true,
    });
    expect(parseEnv({ FLAG: envTypes.bool }, { FLAG: '0' }).FLAG).toBe(false);
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ ...commonEnv, ...authEnv }, { LOG_LEVEL: '', JWT_SECRET: '', JWT_JWKS_URL: '' });
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.JWT_SECRET).toBeUndefined();
    expect(env.JWT_JWKS_URL).toBeUndefined();
  });

  it('an empty required variable is reported as missing, not accepted', () => {
    const error = configErrorOf(() => parseEnv({ REQUIRED: z.string() }, { REQUIRED: '' }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^REQUIRED: /);
  });

  it('reports every problem at once', () => {
    const error = configErrorOf(() =>
      parseEnv(
        { ...commonEnv, ...databaseEnv, ...redisEnv, ...authEnv, PORT: envTypes.port },
        {
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'http://db.example/x',
          REDIS_URL: 'not a url',
          JWT_SECRET: 'short',
          ACCESS_TOKEN_TTL_SECONDS: '5',
          PORT: '70000',
        },
      ),
    );
    expect(error.name).toBe('ConfigError');
    const named = error.problems.map((p) => p.split(':')[0]).sort();
    expect(named).toEqual(
      ['ACCESS_TOKEN_TTL_SECONDS', 'DATABASE_URL', 'JWT_SECRET', 'LOG_LEVEL', 'PORT', 'REDIS_URL'].sort(),
    );
    expect(error.problems.find((p) => p.startsWith('JWT_SECRET'))).toContain('at least 32 bytes');
    for (const problem of error.problems) expect(error.message).toContain(problem);
  });

  it('ignores variables no shape asks for', () => {
    const env = parseEnv({ HOST: commonEnv.HOST }, { HOST: 'h', PATH: '/usr/bin', SECRET_THING: 'x' });
    expect(env).toEqual({ HOST: 'h' });
  });
});
