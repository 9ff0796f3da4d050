import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeOf, type Role } from '@ukp/kit';
import { eq } from 'drizzle-orm';
import { accounts } from './db/schema.js';
import { createAccount } from './domain/accounts.js';
import type { UsersDeps } from './domain/deps.js';
import { emailKey } from './domain/validate.js';

export interface DemoAccount {
  email: string;
  password: string;
  roles: Role[];
  displayName: string;
}

export interface SeededAccount extends DemoAccount {
  id: string;
}

/** Creates the account unless the email exists already (another instance may be doing the same). */
async function ensureAccount(deps: UsersDeps, account: DemoAccount): Promise<boolean> {
  const [existing] = await deps.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.emailKey, emailKey(account.email)))
    .limit(1);
  if (existing) return false;
  try {
    await createAccount(deps, account, account.roles);
    return true;
  } catch (error) {
    if (codeOf(error) === 'CONFLICT') return false;
    throw error;
  }
}

/** The first ADMIN, from ADMIN_EMAIL / ADMIN_PASSWORD; an existing account is left as it is. */
export async function ensureAdmin(deps: UsersDeps, email: string, password: string): Promise<void> {
  try {
    const created = await ensureAccount(deps, {
      email,
      password,
      roles: ['ADMIN'],
      displayName: 'Administrator',
    });
    if (created) deps.logger.info({ email }, 'created the first admin from ADMIN_EMAIL');
  } catch (error) {
    throw new Error(`ADMIN_EMAIL/ADMIN_PASSWORD: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * DEVELOPMENT ONLY: one account per role, with passwords generated on the first start and kept
 * in the data folder, so the laptop demo has logins to print and nothing secret is committed.
 */
export async function ensureDemoAccounts(deps: UsersDeps, dataDir: string): Promise<SeededAccount[]> {
  const file = join(dataDir, 'demo-accounts.json');
  let demo: DemoAccount[] | undefined;
  try {
    demo = JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[];
  } catch {}
  if (!demo) {
    const password = () => `demo-${randomBytes(9).toString('base64url')}`;
    demo = [
      { email: 'admin@ukp.local', displayName: 'Ada Admin', roles: ['ADMIN'], password: password() },
      { email: 'editor@ukp.local', displayName: 'Eddie Editor', roles: ['EDITOR'], password: password() },
      { email: 'analyst@ukp.local', displayName: 'Ana Analyst', roles: ['ANALYST'], password: password() },
      { email: 'viewer@ukp.local', displayName: 'Vic Viewer', roles: ['VIEWER'], password: password() },
    ];
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `${JSON.stringify(demo, null, 2)}\n`, { mode: 0o600 });
  }
  const seeded: SeededAccount[] = [];
  for (const account of demo) {
    await ensureAccount(deps, account);
    const [row] = await deps.db
      .select({ id: accounts.id })
      .from(accounts)
      .where(eq(accounts.emailKey, emailKey(account.email)))
      .limit(1);
    seeded.push({ ...account, id: row!.id });
  }
  return seeded;
}
