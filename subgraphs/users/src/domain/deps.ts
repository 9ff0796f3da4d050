import type { BackgroundTasks, Database, EventBus, Logger, SessionRevocations, TokenSigner } from '@ukp/kit';
import type { Mailer } from './mailer.js';

export interface UsersConfig {
  /** Lifetime of a refresh token (each rotation starts a new one). */
  refreshTtlSeconds: number;
  /** A rotated token presented again within this window returns the current pair (two tabs). */
  refreshGraceSeconds: number;
  resetTtlSeconds: number;
  /** AES-256-GCM key for TOTP secrets at rest. */
  totpKey: Buffer;
  /** Shown in authenticator apps. */
  totpIssuer: string;
  /** Where the password-reset page lives; the token is appended as `?token=`. */
  resetUrl: string;
}

/** Everything the domain functions need, built once in the composition root. */
export interface UsersDeps {
  db: Database;
  signer: TokenSigner;
  /** Ends access tokens of ended sessions in every service (see endAccessTokens). */
  revocations: SessionRevocations;
  /** Work answers do not wait for (the password-reset mail); shutdown waits for it. */
  background: BackgroundTasks;
  bus: EventBus;
  mailer: Mailer;
  logger: Logger;
  now: () => Date;
  config: UsersConfig;
  /** A hash of a random password, verified for unknown emails so they take as long as known ones. */
  dummyHash: string;
}

/** Who asked, for the audit log. */
export interface RequestMeta {
  requestId: string;
  ip: string | null;
  actorId: string | null;
}
