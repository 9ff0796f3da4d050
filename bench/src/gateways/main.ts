// `pnpm bench:gateways`: our gateway (createGateway, protections on, rate limit off) against a
// plain @apollo/gateway + @apollo/server over the same subgraphs and supergraph, in one run,
// alternating round by round. Each gateway runs in its own child process (CPU from /proc); the
// load generator, the subgraphs and the platform share this process.
// Cases: (a) the public federation-gateways benchmark (four in-memory subgraphs, nested fan-out
// query); (b)–(e) the platform's own subgraphs (users, knowledge) started in-process, once per
// backend in BENCH_PLATFORM_DB (PGlite, PostgreSQL in a fresh database), SQL per request counted.
// Bounded: BENCH_ROUNDS × gateways × BENCH_SECONDS per case, plus a 1 s warm-up each.
//
// Case (a) takes more contenders on request (each its own process, CPU counted with its children):
//   BENCH_PEERS=grafbase,hive,hive-dedup (or all)  other vendors' gateways (peers.ts: installed on
//                                                  first use into bench/.peers/, pinned)
//   BENCH_OURS_WORKERS=2                          ours again as GATEWAY_WORKERS=2 (`ours ×2`)
// BENCH_SHAPE=public runs the public federation-gateways benchmark's shape (settings.ts): 50
// connections, 3 × 20 s alternating rounds, case (a)'s gateways in production mode, ours' response
// cache off. With everything: BENCH_SHAPE=public BENCH_CASES=a BENCH_PEERS=all BENCH_OURS_WORKERS=2.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ukp/kit';
import { federationQuery, freePort } from '@ukp/kit/testing';
import { startPlatform } from '@ukp/platform';
import { benchPlatformEnv } from '../platform-env.js';
import { type BenchChild, gatewayNodeFlags, startChild } from './child.js';
import { writeSupergraph } from './compose.js';
import { startFederationSubgraphs, typeDefs } from './federation-subgraphs.js';
import { post, target } from './load.js';
import { selectedPeers, startPeers } from './peers.js';
import {
  backendLabel,
  createBenchDatabase,
  type PlatformBackend,
  platformBackends,
  sqlCounter,
} from './platform-db.js';
import { contendersTable, markdownTable, platformTable, type Row } from './report.js';
import { agreeing, type Case, type Contender, runCase } from './run-case.js';
import { loadShape } from './settings.js';

const settings = loadShape();
const responseCache = process.env.BENCH_RESPONSE_CACHE ?? settings.responseCache;
/** `K=V,K2=V2` as an object. */
const settingPairs = (value: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (value ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
  );
// Rate limiting would throttle the closed loop, and in-flight dedup would fold the identical
// concurrent requests into one execution: both off so every request is really served. The response
// cache stays at the gateway's default unless BENCH_RESPONSE_CACHE (or the shape) says otherwise.
const oursOverrides: Record<string, string> = {
  RATE_LIMIT_ENABLED: 'false',
  GATEWAY_DEDUP_INFLIGHT: 'false',
  ...(responseCache ? { RESPONSE_CACHE_ENABLED: responseCache } : {}),
  // Any other setting of ours to try, e.g. BENCH_OURS_ENV=GATEWAY_ENTITY_BATCHING=false.
  ...settingPairs(process.env.BENCH_OURS_ENV),
};
// An A/B of ours in one run: `ours B` is ours again with these settings and Node flags on top,
// alternated round by round with `ours` (e.g. BENCH_OURS_B_FLAGS=--max-semi-space-size=32).
const oursB =
  process.env.BENCH_OURS_B_ENV || process.env.BENCH_OURS_B_FLAGS
    ? {
        env: settingPairs(process.env.BENCH_OURS_B_ENV),
        flags: (process.env.BENCH_OURS_B_FLAGS ?? '').split(' ').filter(Boolean),
      }
    : undefined;
// BENCH_PLAIN=false leaves plain @apollo/gateway out (an A/B of ours alone runs twice as often).
const withPlain = process.env.BENCH_PLAIN !== 'false';
const oursWorkers = Number(process.env.BENCH_OURS_WORKERS ?? 1);
if (!Number.isInteger(oursWorkers) || oursWorkers < 1 || oursWorkers > 64) {
  throw new Error(`BENCH_OURS_WORKERS=${process.env.BENCH_OURS_WORKERS}: a whole number from 1 to 64`);
}
const peers = selectedPeers();
/** Case (a)'s extra contenders: versions, where they were installed, and any left out and why. */
const contenderNotes: string[] = [];
if (oursB) {
  contenderNotes.push(
    `ours B: ours with ${[...Object.entries(oursB.env).map(([k, v]) => `${k}=${v}`), ...oursB.flags].join(' ')}`,
  );
}
const workDir = mkdtempSync(join(tmpdir(), 'ukp-bench-gateways-'));
const stops: Array<() => Promise<void>> = [];

/** Production mode needs real secrets; these are the run's own (case a has no signed-in callers). */
function productionEnv(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
}

/** Starts ours and plain over one supergraph; ours gets every protection but the rate limit. */
async function contenders(env: Record<string, string>, stopList = stops): Promise<Contender[]> {
  const started: Array<[Contender['name'], BenchChild]> = [
    ['ours', await startChild('ours', 'ours.ts', { ...env, ...oursOverrides })],
  ];
  if (oursB) {
    const b = await startChild('ours B', 'ours.ts', { ...env, ...oursOverrides, ...oursB.env }, oursB.flags);
    started.push(['ours B', b]);
  }
  if (withPlain) started.push(['plain', await startChild('plain', 'plain.ts', env)]);
  return started.map(([name, child]) => {
    const t = target(child.url, settings.concurrency);
    stopList.push(async () => {
      t.agent.destroy();
      await child.stop();
    });
    return { name, child, target: t };
  });
}

/** Case (a)'s opt-in contenders: ours as several processes on one port, then the peers. */
async function extraContenders(env: Record<string, string>, supergraph: string, dir: string) {
  const started: Array<Omit<Contender, 'target'>> = [];
  if (oursWorkers > 1) {
    const workers = await startChild(`ours-x${oursWorkers}`, 'ours-workers.ts', {
      ...env,
      ...oursOverrides,
      GATEWAY_WORKERS: String(oursWorkers),
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      // The standalone entry reads no development secrets from DATA_DIR, as ours.ts does.
      JWT_SECRET: env.JWT_SECRET ?? randomBytes(32).toString('hex'),
    });
    contenderNotes.push(
      `ours ×${oursWorkers}: gateway/src/main.ts with GATEWAY_WORKERS=${oursWorkers} (node:cluster, one port), ours' settings`,
    );
    started.push({ name: `ours ×${oursWorkers}`, child: workers });
  }
  for (const peer of await startPeers(peers, supergraph, dir, contenderNotes)) {
    started.push({ name: peer.name, child: peer.child, optional: true });
  }
  return started.map((c): Contender => {
    const t = target(c.child.url, settings.concurrency);
    stops.push(async () => {
      t.agent.destroy();
      await c.child.stop();
    });
    return { ...c, target: t };
  });
}

const urlPairs = (urls: Record<string, string>) =>
  Object.entries(urls)
    .map(([name, url]) => `${name}=${url}`)
    .join(',');

interface FederationSubgraphs {
  urls: Record<string, string>;
  requests(): number | Promise<number>;
  cpuMs?: () => number;
}

/**
 * The four benchmark subgraphs: each in its own process (the default, as the public benchmark
 * runs them: four single-threaded subgraphs in one process would queue every gateway's fetches
 * behind each other and behind the load generator), or all in this one (BENCH_SUBGRAPHS=inline).
 */
async function federationSubgraphs(): Promise<FederationSubgraphs> {
  if (process.env.BENCH_SUBGRAPHS === 'inline') {
    const inline = await startFederationSubgraphs();
    stops.push(() => inline.stop());
    return inline;
  }
  const children = await Promise.all(
    Object.keys(typeDefs).map(async (name) => {
      const child = await startChild(`subgraph ${name}`, 'subgraph-child.ts', { SUBGRAPH: name });
      stops.push(() => child.stop());
      return [name, child] as const;
    }),
  );
  return {
    urls: Object.fromEntries(children.map(([name, child]) => [name, child.url])),
    requests: async () => {
      const counts = await Promise.all(
        children.map(async ([, child]) =>
          Number(await (await fetch(new URL('/requests', child.url))).text()),
        ),
      );
      return counts.reduce((sum, n) => sum + n, 0);
    },
    cpuMs: () => children.reduce((sum, [, child]) => sum + child.cpuMs(), 0),
  };
}

async function federationCase(): Promise<Row[]> {
  const subgraphs = await federationSubgraphs();
  const dir = mkdtempSync(join(workDir, 'federation-'));
  const supergraph = writeSupergraph(
    dir,
    Object.fromEntries(
      Object.entries(subgraphs.urls).map(([n, url]) => [n, { url, typeDefs: typeDefs[n]! }]),
    ),
  );
  const env = {
    DATA_DIR: dir,
    SUPERGRAPH_PATH: supergraph,
    SUBGRAPH_URLS: urlPairs(subgraphs.urls),
    // The list-size estimate (unbounded lists assumed 10 long) puts this query at ~11.7k items,
    // over the 10k default: raised, not turned off, so the check still runs on every request.
    LIMIT_MAX_LIST_ITEMS: '50000',
    ...(settings.production ? productionEnv() : {}),
  };
  const gateways = [...(await contenders(env)), ...(await extraContenders(env, supergraph, dir))];
  const c: Case = {
    name: '(a) federation-bench fan-out',
    query: federationQuery,
    downstream: subgraphs.requests,
    downstreamLabel: 'subgraph',
    ...(subgraphs.cpuMs ? { helperCpuMs: subgraphs.cpuMs } : {}),
  };
  return runCase(c, await agreeing(c, gateways, contenderNotes), settings);
}

/** Statements one request of each case ran, per backend and gateway (bench-results/gateways-sql.md). */
const statementLists: string[] = [];
const databaseNotes: string[] = [];

/**
 * Cases (b)–(e) on one backend: a platform of their own (PGlite in a fresh folder, or PostgreSQL
 * in a fresh database, dropped after), both gateways started over it, SQL counted at the client.
 */
async function platformCases(backend: PlatformBackend): Promise<Row[]> {
  const label = backendLabel[backend];
  const dataDir = mkdtempSync(join(workDir, `platform-${backend}-`));
  const local: Array<() => Promise<void>> = [];
  try {
    const env = benchPlatformEnv(dataDir);
    delete env.DATABASE_URL;
    if (backend === 'pglite') databaseNotes.push('embedded PGlite');
    if (backend === 'postgres') {
      const database = await createBenchDatabase();
      local.push(() => database.drop());
      env.DATABASE_URL = database.url;
      databaseNotes.push(`PostgreSQL ${database.version} (a fresh database, dropped after)`);
    }
    const counter = await sqlCounter();
    const platform = await startPlatform(env, { logger: silentLogger(), onQuery: counter.onQuery });
    local.push(() => platform.stop());
    const gateways = await contenders(
      {
        // Same DATA_DIR: our gateway then verifies the platform's development-signed tokens.
        DATA_DIR: dataDir,
        SUPERGRAPH_PATH: platform.config.gateway.SUPERGRAPH_PATH,
        SUBGRAPH_URLS: urlPairs({
          users: platform.subgraphs.users.url,
          knowledge: platform.subgraphs.knowledge.url,
        }),
      },
      local,
    );
    const token = await editorToken(platform.url, dataDir);
    const auth = { authorization: `Bearer ${token}` };
    const documentId = await collaborationDocument(platform.url, auth);
    const base = {
      downstream: () => counter.counts.statements,
      downstreamLabel: 'sql' as const,
      sql: () => counter.counts,
    };
    // Presence ends 30 s after the last heartbeat, and the cases before (e) take longer than that:
    // joined again just before it, so every heartbeat is the usual one-statement refresh (an
    // expired one answers false after a read under RLS — another path, not the one to measure).
    const rejoin = async () => {
      await platformGql(
        platform.url,
        'mutation ($id: ID!) { joinDocument(id: $id) { state } }',
        { id: documentId },
        auth,
      );
      const { documentHeartbeat } = await platformGql<{ documentHeartbeat: boolean }>(
        platform.url,
        'mutation ($id: ID!) { documentHeartbeat(id: $id) }',
        { id: documentId },
        auth,
      );
      if (!documentHeartbeat) throw new Error('setup failed: a heartbeat right after joining answered false');
    };
    const cases: Array<Case & { group: string; before?: () => Promise<void> }> = [
      {
        ...base,
        group: '(b) one hop: documents(first: 5)',
        name: '',
        query: '{ documents(first: 5) { edges { node { id title } } } }',
      },
      {
        ...base,
        group: '(c) across subgraphs: documents + author',
        name: '',
        query: '{ documents(first: 10) { edges { node { id title author { displayName } } } } }',
      },
      {
        ...base,
        group: '(d) search("backup")',
        name: '',
        // No `score`: it decays with time, so two answers a moment apart differ in its last digits.
        query: '{ search(query: "backup") { snippet document { id title } } }',
      },
      {
        ...base,
        group: '(e) mutation: documentHeartbeat (auth)',
        name: '',
        query: 'mutation ($id: ID!) { documentHeartbeat(id: $id) }',
        variables: { id: documentId },
        headers: auth,
        before: rejoin,
      },
    ];
    const rows: Row[] = [];
    for (const c of cases) {
      await c.before?.();
      c.name = `${c.group} · ${label}`;
      const body = JSON.stringify({ query: c.query, variables: c.variables ?? {} });
      for (const g of gateways) {
        // One request alone, its statements listed: what the next session reads for redundancy.
        const statements = await counter.capture(() => post(g.target, body, c.headers));
        statementLists.push(
          `### ${c.name} · ${g.name} (${statements.length} lines)`,
          '',
          '```sql',
          ...statements,
          '```',
          '',
        );
      }
      const caseRows = await runCase(c, gateways, settings);
      for (const r of caseRows) {
        r.group = c.group;
        r.backend = label;
      }
      rows.push(...caseRows);
    }
    return rows;
  } finally {
    for (const stop of local.reverse()) await stop();
  }
}

async function platformGql<T>(url: string, query: string, variables = {}, headers = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(`setup failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** One login (argon2 is deliberately slow, so never under load) for the mutation case. */
async function editorToken(url: string, dataDir: string): Promise<string> {
  const accounts = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{
    email: string;
    password: string;
    roles: string[];
  }>;
  const editor = accounts.find((a) => a.roles.includes('EDITOR'))!;
  const { login } = await platformGql<{ login: { accessToken: string } }>(
    url,
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: editor.email, password: editor.password } },
  );
  return login.accessToken;
}

/** A published document the editor has joined, so documentHeartbeat is a valid cheap write. */
async function collaborationDocument(url: string, auth: Record<string, string>): Promise<string> {
  const { createDocument } = await platformGql<{ createDocument: { id: string } }>(
    url,
    'mutation { createDocument(input: { title: "Gateway bench", body: "" }) { id } }',
    {},
    auth,
  );
  const id = createDocument.id;
  await platformGql(url, 'mutation ($id: ID!) { publishDocument(id: $id) { id } }', { id }, auth);
  await platformGql(url, 'mutation ($id: ID!) { joinDocument(id: $id) { state } }', { id }, auth);
  return id;
}

try {
  // BENCH_CASES=a measures only the federation case; =platform only (b)–(e).
  const only = process.env.BENCH_CASES;
  const rows: Row[] = [...(only === undefined || only === 'a' ? await federationCase() : [])];
  if (only === undefined || only === 'platform') {
    for (const backend of platformBackends()) rows.push(...(await platformCases(backend)));
  }
  const errors = rows.filter((r) => r.errors > 0);
  const fanout = rows.filter((r) => r.case.startsWith('(a)'));
  const report = [
    `# Gateway comparison (${new Date().toISOString()})`,
    '',
    `Ours = createGateway (protections on; rate limit and in-flight dedup off; response cache ${oursOverrides.RESPONSE_CACHE_ENABLED ?? 'default (on)'}); plain = @apollo/gateway + @apollo/server standalone. Each gateway in its own child process (CPU-ms/req from /proc utime+stime, its children's included); the Node gateways (ours, plain, Hive) all run with ${gatewayNodeFlags.join(' ')}, our gateway's default young generation${process.env.BENCH_NODE_FLAGS ? ` (then ${process.env.BENCH_NODE_FLAGS}; Hive excepted)` : ''}; load generator, subgraphs and platform (${databaseNotes.join('; ') || 'not run'}) in the parent. Closed loop, ${settings.concurrency} connections, ${settings.rounds} alternating rounds × ${settings.seconds} s per gateway per case (shape ${settings.name}${settings.production ? "; case (a)'s gateways in production mode" : ''}).`,
    '',
    markdownTable(rows),
    '',
    ...(fanout.length > 0
      ? [
          "## (a) fan-out, per contender (× plain: RPS over plain @apollo/gateway's in the same run; subgraph CPU: the four subgraph processes)",
          '',
          contendersTable(fanout),
          '',
          ...contenderNotes.map((note) => `- ${note}`),
          ...(contenderNotes.length > 0 ? [''] : []),
        ]
      : []),
    ...(rows.some((r) => r.sql)
      ? [
          "Platform cases side by side. SQL/req: statements drizzle ran (the platform's `onQuery`), but the analytics subgraph's; tx/req: BEGINs on the wire (BEGIN and COMMIT are not drizzle statements); round trips/req: read off the wire (PostgreSQL: flushes the platform sent; PGlite: calls into the engine); background: the analytics subgraph ingesting the platform's events.",
          '',
          platformTable(rows),
          '',
        ]
      : []),
    ...errors.map((r) => `- ${r.case} / ${r.gateway}: ${r.errors} errors, first: ${r.firstError}`),
    '',
  ].join('\n');
  console.log(report);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'gateways.md'), report);
  if (statementLists.length > 0) {
    writeFileSync(
      join('bench-results', 'gateways-sql.md'),
      ['# SQL of one request per platform case', '', ...statementLists].join('\n'),
    );
  }
  if (errors.length > 0) process.exitCode = 1;
} finally {
  for (const stop of stops.reverse()) await stop();
  rmSync(workDir, { recursive: true, force: true });
}
