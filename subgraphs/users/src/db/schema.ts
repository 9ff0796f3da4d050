import type { Role } from '@ukp/kit';
import { getTableColumns, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const users = pgSchema('users');

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const accounts = users.table(
  'accounts',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    email: text('email').notNull(),
    /** Lower-cased and trimmed: the sign-in name. */
    emailKey: text('email_key').notNull(),
    displayName: text('display_name').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull().default(sql`array['VIEWER']::text[]`),
    /** AES-256-GCM sealed TOTP secrets: the active one, and one awaiting confirmation. */
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    /** The last TOTP time step accepted, so a code works once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    twoFactorEnabled: boolean('two_factor_enabled').notNull().default(false),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('accounts_email_key_idx').on(t.emailKey),
    index('accounts_created_at_idx').on(t.createdAt, t.id),
  ],
);

/** Refresh tokens, stored as SHA-256 hashes only, grouped in families (one per sign-in). */
export const refreshTokens = users.table(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    familyId: uuid('family_id').notNull(),
    parentId: uuid('parent_id'),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    rotatedAt: timestamp('rotated_at', { withTimezone: true, mode: 'date' }),
    /**
     * The child token, sealed with a key derived from THIS token, kept only for the grace window:
     * a second tab presenting this token moments after rotation gets the same child back.
     */
    childSealed: text('child_sealed'),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    revokeReason: text('revoke_reason'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_idx').on(t.tokenHash),
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_user_idx').on(t.userId),
  ],
);

/** Failed sign-ins per email (known or not, so a lock reveals nothing about existence). */
export const loginThrottle = users.table('login_throttle', {
  emailKey: text('email_key').primaryKey(),
  /** How many failures are in `failureTimes`: those of the last twelve hours. */
  failures: integer('failures').notNull().default(0),
  /** The oldest failure still in the window. */
  firstFailureAt: timestamp('first_failure_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** When each failure of the window happened (a sliding window: older ones are dropped as they age out). */
  failureTimes: timestamp('failure_times', { withTimezone: true, mode: 'date' })
    .array()
    .notNull()
    .default(sql`'{}'::timestamptz[]`),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  ...timestamps,
});

export const recoveryCodes = users.table(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    /** Codes from a setup that is not confirmed yet are inactive. */
    active: boolean('active').notNull().default(false),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

export const passwordResets = users.table(
  'password_resets',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [uniqueIndex('password_resets_hash_idx').on(t.tokenHash)],
);

export const auditEvents = users.table(
  'audit_events',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    target: text('target'),
    ip: text('ip'),
    detail: jsonb('detail'),
    ...timestamps,
  },
  (t) => [
    index('audit_events_at_idx').on(t.at, t.id),
    index('audit_events_actor_idx').on(t.actorId),
    index('audit_events_action_idx').on(t.action),
  ],
);

/** Mail waiting to be sent; the development mailer only writes here (and to the log). */
export const mailOutbox = users.table(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    to: text('to_address').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    ...timestamps,
  },
  (t) => [index('mail_outbox_to_idx').on(t.to)],
);

/**
 * An account as the API reads it: every column but the secrets (password hash, TOTP secrets and
 * step), which only signing in and two-factor setup read, through their own statements.
 */
const {
  passwordHash: _hash,
  totpSecret: _secret,
  totpPendingSecret: _pending,
  totpLastStep: _step,
  ...apiColumns
} = getTableColumns(accounts);
export const accountColumns = apiColumns;

export type AccountRow = Omit<
  typeof accounts.$inferSelect,
  'passwordHash' | 'totpSecret' | 'totpPendingSecret' | 'totpLastStep'
>;
export type AuditRow = typeof auditEvents.$inferSelect;
