import { envTypes, subgraphEnv } from '@ukp/kit';
import { z } from 'zod';

/** Every variable the users service reads; `.env.example` documents them. */
export const usersEnv = {
  ...subgraphEnv,
  USERS_PORT: envTypes.port.default(4001),
  /** 32 bytes, base64 or hex: encrypts TOTP secrets at rest. Required in production. */
  TOTP_ENCRYPTION_KEY: z.string().optional(),
  TOTP_ISSUER: z.string().default('UKP'),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  PASSWORD_RESET_URL: z.url().default('http://localhost:4000/reset-password'),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().optional(),
};

export type UsersEnv = z.infer<z.ZodObject<typeof usersEnv>>;
