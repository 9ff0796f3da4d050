// The soak: users, knowledge and the gateway as separate processes on PostgreSQL and Redis, mixed
// traffic for `minutes`, each process sampled after a forced GC. Used by `pnpm bench:soak`
// (./main.ts) and the CI variant (test/e2e/soak.test.ts).
import { randomBytes } from 'node:crypto';
import { createTestDatabase, freePort, testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import postgres from 'postgres';
import { type SoakProcess, startSoakProcess } from './processes.js';
import {
  type Growth,
  growthOf,
  type Idle,
  idleOf,
  type Leak,
  leaksOf,
  type Sample,
  warmupSeconds,
} from './stats.js';
import { type Account, createTraffic, type OpCounts } from './traffic.js';

export interface SoakOptions {
  minutes: number;
  /** Seconds between samples; default: about 30 samples a run, 2–15 s apart. */
  sampleSeconds?: number;
  concurrency?: number;
  /** Seconds to wait after traffic stops before counting what is left. */
  settleSeconds?: number;
  log?: (line: string) => void;
}

export interface ServiceResult {
  service: string;
  heap: Growth;
  rss: Growth;
  idleBefore: Idle;
  idleAfter: Idle;
  leaks: Leak[];
  gc: boolean;
}

export interface SoakResult {
  durationS: number;
  samples: Sample[];
  services: ServiceResult[];
  ops: OpCounts;
  errors: string[];
  ok: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SERVICES = ['users', 'knowledge', 'analytics', 'ml', 'gateway'] as const;
const appName = (service: string, run: string) => `soak-${run}-${service}`;

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const durationS = Math.round(options.minutes * 60);
  const sampleS = options.sampleSeconds ?? Math.min(15, Math.max(2, Math.round(durationS / 30)));
  const settleMs = (options.settleSeconds ?? 6) * 1000;
  const warmS = warmupSeconds(durationS);
  const run = randomBytes(3).toString('hex');
  const database = await createTestDatabase();
  const monitor = postgres(database.url, {
    max: 1,
    onnotice: () => {},
    connection: { application_name: 'soak-monitor' },
  });
  const processes: SoakProcess[] = [];
  try {
    const withApp = (service: string) => {
      const u = new URL(database.url);
      u.searchParams.set('application_name', appName(service, run));
      return u.toString();
    };
    const admin = { email: `admin-${run}@soak.test`, password: `Adm1n-${randomBytes(12).toString('hex')}` };
    const common = {
      NODE_ENV: 'test',
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      RATE_LIMIT_POINTS: '10000000',
      SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS: '100000',
      SIGN_IN_FAILURES_PER_ADDRESS: '100000',
      REFRESH_RATE_LIMIT_PER_IP: '100000',
      SIGN_UP_RATE_LIMIT_PER_IP: '100000',
      // Every worker is one address, and a soak opens sockets faster than any one person would.
      WS_MAX_NEW_SOCKETS_PER_ADDRESS_PER_MINUTE: '1000000',
      WS_MAX_SOCKETS_PER_ADDRESS: '100000',
      WS_MAX_SOCKETS_PER_USER: '100000',
    };
    const [usersPort, knowledgePort, analyticsPort, mlPort, gatewayPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    log(`starting users, knowledge, analytics, ml, gateway (database ${database.name})`);
    const users = await startSoakProcess('users', usersPort, {
      ...common,
      DATABASE_URL: withApp('users'),
      USERS_PORT: String(usersPort),
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    processes.push(users);
    const knowledge = await startSoakProcess('knowledge', knowledgePort, {
      ...common,
      DATABASE_URL: withApp('knowledge'),
      KNOWLEDGE_PORT: String(knowledgePort),
    });
    processes.push(knowledge);
    const analytics = await startSoakProcess('analytics', analyticsPort, {
      ...common,
      DATABASE_URL: withApp('analytics'),
      ANALYTICS_PORT: String(analyticsPort),
    });
    processes.push(analytics);
    // The soak drives no training: the tag model is trained once, not leaked over time.
    const ml = await startSoakProcess('ml', mlPort, {
      ...common,
      DATABASE_URL: withApp('ml'),
      ML_PORT: String(mlPort),
      ML_KNOWLEDGE_URL: knowledge.url,
      ML_AUTO_TRAIN: 'false',
    });
    processes.push(ml);
    const gateway = await startSoakProcess('gateway', gatewayPort, {
      ...common,
      DATABASE_URL: withApp('gateway'),
      PORT: String(gatewayPort),
      SUBGRAPH_URLS: `users=${users.url},knowledge=${knowledge.url},analytics=${analytics.url},ml=${ml.url}`,
      RESPONSE_CACHE_ENABLED: 'false',
    });
    processes.push(gateway);

    const url = gateway.url;
    const post = async <T>(query: string, variables: Record<string, unknown>, token?: string) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown };
      if (!body.data) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    const login = async (email: string, password: string) =>
      (
        await post<{ login: { accessToken: string; user: { id: string } } }>(
          'mutation ($input: LoginInput!) { login(input: $input) { accessToken user { id } } }',
          { input: { email, password } },
        )
      ).login;
    const adminLogin = await login(admin.email, admin.password);
    const adminAccount: Account = { ...admin, token: adminLogin.accessToken, id: adminLogin.user.id };
    const editors: Account[] = [];
    for (let i = 0; i < 3; i += 1) {
      const email = `editor-${run}-${i}@soak.test`;
      const password = `pass-${randomBytes(12).toString('hex')}`;
      const { signUp } = await post<{ signUp: { user: { id: string } } }>(
        'mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }',
        { input: { email, password, displayName: `Soak editor ${i}` } },
      );
      await post(
        'mutation ($id: ID!) { setUserRoles(userId: $id, roles: [EDITOR]) { id } }',
        { id: signUp.user.id },
        adminAccount.token,
      );
      const l = await login(email, password);
      editors.push({ email, password, token: l.accessToken, id: signUp.user.id });
    }

    const dbCounts = async () => {
      const rows = await monitor<Array<{ app: string; n: number }>>`
        select application_name as app, count(*)::int as n from pg_stat_activity
        where datname = current_database() group by application_name`;
      return new Map(rows.map((r) => [r.app, r.n]));
    };
    const snapshot = async () => {
      const [stats, counts] = await Promise.all([Promise.all(processes.map((p) => p.stats())), dbCounts()]);
      return processes.map((p, i) => ({
        service: p.service,
        stats: stats[i]!,
        db: counts.get(appName(p.service, run)) ?? 0,
      }));
    };

    const samples: Sample[] = [];
    const traffic = createTraffic(url, { admin: adminAccount, editors });
    await traffic.init();
    let elapsedBefore = 0;
    /** Traffic from `from` to `to` seconds of traffic time, sampling as it goes. */
    const phase = async (from: number, to: number) => {
      const load = traffic.run(options.concurrency ?? 4);
      const started = Date.now();
      let next = from;
      try {
        for (;;) {
          const t = from + (Date.now() - started) / 1000;
          if (t >= next) {
            for (const s of await snapshot())
              samples.push({ t: Math.round(t), service: s.service, stats: s.stats, dbConnections: s.db });
            const line = samples
              .slice(-processes.length)
              .map(
                (s) =>
                  `${s.service} heap ${(s.stats.heapUsed / 2 ** 20).toFixed(1)} MB rss ${(s.stats.rss / 2 ** 20).toFixed(0)} MB`,
              );
            log(`t=${Math.round(t)}s ${line.join(' | ')}`);
            next += sampleS;
          }
          if (t >= to) break;
          await sleep(250);
        }
      } finally {
        await load.stop();
      }
      elapsedBefore = to;
    };
    const idle = async () => {
      await sleep(settleMs);
      return new Map((await snapshot()).map((s) => [s.service, idleOf(s.stats, s.db)]));
    };

    log(
      `warm-up ${warmS.toFixed(0)} s, then ${(durationS - warmS).toFixed(0)} s; a sample every ${sampleS} s`,
    );
    await phase(0, warmS);
    const before = await idle();
    log(`idle after warm-up: ${JSON.stringify(Object.fromEntries(before))}`);
    await phase(elapsedBefore, durationS);
    const after = await idle();
    log(`idle at the end: ${JSON.stringify(Object.fromEntries(after))}`);

    const services: ServiceResult[] = SERVICES.map((service) => {
      const own = samples.filter((s) => s.service === service);
      const idleBefore = before.get(service)!;
      const idleAfter = after.get(service)!;
      return {
        service,
        heap: growthOf(
          own.map((s) => ({ t: s.t, v: s.stats.heapUsed })),
          durationS,
        ),
        rss: growthOf(
          own.map((s) => ({ t: s.t, v: s.stats.rss })),
          durationS,
        ),
        idleBefore,
        idleAfter,
        leaks: leaksOf(idleBefore, idleAfter),
        gc: own.every((s) => s.stats.gc),
      };
    });
    const ok = services.every((s) => s.heap.ok && s.rss.ok && s.leaks.every((l) => l.ok) && s.gc);
    return { durationS, samples, services, ops: traffic.ops, errors: traffic.errors, ok };
  } finally {
    const codes = await Promise.all(processes.map((p) => p.stop()));
    log(`stopped: ${processes.map((p, i) => `${p.service} exit ${codes[i]}`).join(', ')}`);
    await monitor.end();
    await database.drop();
  }
}
