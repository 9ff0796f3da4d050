export type { UsersDeps } from './domain/deps.js';
export { totpCode } from './domain/totp.js';
export { type UsersEnv, usersEnv } from './env.js';
export type { DemoAccount, SeededAccount } from './seed.js';
export { createUsersServer, MIGRATIONS_FOLDER, type UsersServer, type UsersServerOptions } from './server.js';
