import type { Database } from '@ukp/kit';
import { auditEvents } from '../db/schema.js';
import type { RequestMeta } from './deps.js';

export type AuditAction =
  | 'user.signed_up'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.locked'
  | 'session.refresh_reused'
  | 'session.logout'
  | 'session.logout_everywhere'
  | 'user.roles_changed'
  | 'user.deactivated'
  | '2fa.setup_started'
  | '2fa.enabled'
  | '2fa.disabled'
  | '2fa.disable_failed'
  | '2fa.disable_locked'
  | '2fa.recovery_code_used'
  | 'password.reset_requested'
  | 'password.reset'
  | 'password.rehashed';

export async function audit(
  db: Database,
  meta: RequestMeta,
  action: AuditAction,
  entry: { target?: string | null; detail?: Record<string, unknown>; actorId?: string | null } = {},
): Promise<void> {
  await db.insert(auditEvents).values({
    action,
    actorId: entry.actorId !== undefined ? entry.actorId : meta.actorId,
    target: entry.target ?? null,
    ip: meta.ip,
    detail: { ...entry.detail, requestId: meta.requestId },
  });
}
