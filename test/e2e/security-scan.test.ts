import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoginDocument, SetUserRolesDocument, SignUpDocument } from '@ukp/client/documents';
import { createTestDatabase, type TestDatabase, testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatReport,
  probes,
  runScan,
  type ScanTarget,
  targetFrom,
} from '../../scripts/security-scan/index.js';
import { decodeToken, hs256 } from '../../scripts/security-scan/jwt.js';
import { execute } from '../testkit/platform.js';
import { freePort, type ServiceProcess, startService } from '../testkit/processes.js';

/**
 * The scanner of scripts/security-scan, as an outside auditor would run it, against the whole
 * platform as a real production process (`pnpm start` with NODE_ENV=production): every probe
 * must pass. Timeouts the probes wait on are shortened for the process under test.
 */
describe('black-box security scan of the production gateway', () => {
  let database: TestDatabase;
  let platform: ServiceProcess;
  let dataDir = '';
  let target: ScanTarget;
  const jwtSecret = randomBytes(48).toString('base64url');
  const admin = {
    email: `scan-admin-${randomBytes(4).toString('hex')}@e2e.test`,
    password: `Admin-${randomBytes(18).toString('base64url')}`,
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ukp-scan-'));
    // Every service's port is picked free: the platform's default, the gateway's port + 1 … + 4,
    // may be any other socket's ephemeral port on a busy machine.
    const [port, usersPort, knowledgePort, analyticsPort, mlPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    platform = await startService('platform', 'platform/src/main.ts', port, {
      NODE_ENV: 'production',
      PORT: String(port),
      USERS_PORT: String(usersPort),
      KNOWLEDGE_PORT: String(knowledgePort),
      ANALYTICS_PORT: String(analyticsPort),
      ML_PORT: String(mlPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      JWT_SECRET: jwtSecret,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // The scan sends a few hundred requests from one address in seconds.
      RATE_LIMIT_POINTS: '1000000',
      SIGN_IN_FAILURES_PER_ADDRESS: '1000',
      // As behind one load balancer: the right-most X-Forwarded-For entry is the client, so the
      // scan's X-Forwarded-For probes meet the hop rule (the left-most entries are theirs to spoof).
      TRUST_PROXY_HOPS: '1',
      WS_MAX_SOCKETS_PER_ADDRESS: '20',
      WS_CONNECTION_INIT_TIMEOUT_MS: '1000',
      SUBSCRIPTIONS_MAX_PER_CONNECTION: '10',
      CORS_ORIGINS: 'https://app.example',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });

    // A low-privilege account of our own, as an auditor would be given one.
    const url = `http://127.0.0.1:${port}/graphql`;
    const email = `scan-${randomBytes(4).toString('hex')}@e2e.test`;
    const password = `Scan-${randomBytes(12).toString('base64url')}`;
    const signUp = await execute(url, SignUpDocument, { input: { email, password, displayName: 'Scanner' } });
    if (!signUp.data) throw new Error(`sign-up failed: ${JSON.stringify(signUp.errors)}`);
    const login = await execute(url, LoginDocument, { input: { email, password } });
    if (!login.data) throw new Error(`login failed: ${JSON.stringify(login.errors)}`);
    const token = login.data.login.accessToken;
    // Only the issuer can sign an expired token: the test holds the secret.
    const claims = decodeToken(token)?.payload ?? {};
    const now = Math.floor(Date.now() / 1000);
    const expiredToken = hs256({}, { ...claims, iat: now - 7200, exp: now - 3600 }, jwtSecret);
    // Signed the same way but still valid, it is accepted: so the expired one is refused for its age.
    const fresh = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${hs256({}, { ...claims, iat: now, exp: now + 600 }, jwtSecret)}`,
      },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    if (fresh.status !== 200) throw new Error(`a token signed by the test is refused: ${await fresh.text()}`);

    // An editor, as an auditor would be given one for the probes that store documents.
    const adminLogin = await execute(url, LoginDocument, { input: admin });
    if (!adminLogin.data) throw new Error(`admin login failed: ${JSON.stringify(adminLogin.errors)}`);
    const editor = { email: `scan-editor-${randomBytes(4).toString('hex')}@e2e.test`, password };
    const editorSignUp = await execute(url, SignUpDocument, {
      input: { ...editor, displayName: 'Scan editor' },
    });
    if (!editorSignUp.data) throw new Error(`sign-up failed: ${JSON.stringify(editorSignUp.errors)}`);
    const roles = await execute(
      url,
      SetUserRolesDocument,
      { userId: editorSignUp.data.signUp.user.id, roles: ['EDITOR'] },
      adminLogin.data.login.accessToken,
    );
    if (roles.errors) throw new Error(`setUserRoles failed: ${JSON.stringify(roles.errors)}`);
    const editorLogin = await execute(url, LoginDocument, { input: editor });
    if (!editorLogin.data) throw new Error(`editor login failed: ${JSON.stringify(editorLogin.errors)}`);

    target = targetFrom(url, {
      SCAN_TOKEN: token,
      SCAN_EDITOR_TOKEN: editorLogin.data.login.accessToken,
      SCAN_EXPIRED_TOKEN: expiredToken,
      SCAN_PRIVILEGED_QUERY: '{ users(first: 1) { totalCount } }',
      SCAN_ALLOWED_ORIGIN: 'https://app.example',
      SCAN_SUBSCRIPTION_FLOOD: '15',
      // The gateway's header timeout is 10 s, checked every second.
      SCAN_SLOW_HEADERS_MAX_MS: '15000',
      SCAN_WS_INIT_MAX_MS: '5000',
      SCAN_WS_SOCKET_CAP: '20',
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds nothing, and runs every probe', async () => {
    const results = await runScan(probes, target);
    const report = formatReport(results);
    const findings = results.filter((r) => r.status === 'FINDING');
    expect(
      findings.map((f) => `${f.name}: ${f.details.join('; ')}`),
      `${report}\n\nplatform output:\n${platform.output().slice(-4000)}`,
    ).toEqual([]);
    // The gateway verifies HS256 tokens and publishes no key: there is nothing to confuse it with.
    expect(results.filter((r) => r.status === 'SKIP').map((r) => r.name)).toEqual([
      'JWT algorithm confusion with the published key',
    ]);
    expect(results).toHaveLength(probes.length);
    // Hostile input is the client's fault: nothing a caller sends may produce an error-level log
    // line or a stack trace on the server's stderr (log flooding at will).
    const output = platform.output();
    expect(output.split('\n').filter((line) => /"level":(50|60)|Internal error|^\s+at /.test(line))).toEqual(
      [],
    );
  });
});
