// `pnpm bench:one-hop` (issue 14): what the gateway adds to a one-hop query. The platform in this
// process, started as `bench:latency` starts it (development mode, demo corpus, embedded database
// or BENCH_DATABASE_URL), with the gateway's response cache off (it would answer the repeated
// query without running it). Signed in once as the demo editor, the same
// `documents(first: 5) { edges { node { id title } } }` is sent sequentially
//   (a) straight to the knowledge subgraph, as the gateway sends it: the body the gateway's plan
//       produced and the headers its subgraph client sets (content-type, accept, a fresh
//       x-request-id, the caller's authorization, the client address signed with the platform's
//       secret), both recorded from one request the gateway made (undici's diagnostics channel);
//   (b) through the gateway,
// each with its own `{ __typename }` baseline, in interleaved rounds. Reported: p50/p99 of each,
// the added p50 (gateway − direct) against the goal of ≤ 1 ms, and the ratio gateway / direct.
// Then, since latency on a shared machine is noisy, what each documents path costs the process in
// CPU and SQL per request, the work it leaves behind included (the gateway's analytics sample,
// stored by analytics in this same process): interleaved blocks of requests, each followed by a
// pause long enough for that work to finish, less the process's idle CPU over as long.
import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, hostname, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import {
  CLIENT_ADDRESS_HEADER,
  clientAddressSecret,
  createClientAddressSigner,
  silentLogger,
} from '@ukp/kit';
import { startPlatform } from '@ukp/platform';
import { interleave, type Stats } from './measure.js';
import { benchPlatformEnv } from './platform-env.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const perRound = Number(process.env.BENCH_PER_ROUND ?? 50);
const warmup = Number(process.env.BENCH_WARMUP ?? 200);
const cpuRounds = Number(process.env.BENCH_CPU_ROUNDS ?? 6);
const cpuRuns = Number(process.env.BENCH_CPU_RUNS ?? 50);
/** Longer than the gateway's sample flush (1 s) plus analytics storing the burst. */
const SETTLE_MS = 1500;
const profileDir = process.env.ONE_HOP_CPU_PROF;
const profileRuns = Number(process.env.ONE_HOP_PROF_RUNS ?? 500);
/** Issue 14's bound on the gateway's added p50, in ms. */
const GOAL_MS = 1;
const DOCUMENTS = '{ documents(first: 5) { edges { node { id title } } } }';
const BASELINE = '{ __typename }';

const log = (line: string) => console.error(`[bench:one-hop] ${line}`);
const ms = (x: number) => x.toFixed(2);
const dataDir = mkdtempSync(join(tmpdir(), 'ukp-bench-one-hop-'));
const started = new Date();
const loadAtStart = loadavg()[0]!;
// BENCH_ONE_HOP_ENV: extra platform settings, `K=V,K2=V2` (e.g. GATEWAY_METRICS_SAMPLE_RATE=0 to
// see what the gateway's per-request analytics sample costs); they appear in the report.
const extraEnv = Object.fromEntries(
  (process.env.BENCH_ONE_HOP_ENV ?? '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()]),
);
let statements = 0;
const platform = await startPlatform(
  { ...benchPlatformEnv(dataDir), RESPONSE_CACHE_ENABLED: 'false', ...extraEnv },
  {
    logger: silentLogger(),
    onQuery: () => {
      statements += 1;
    },
  },
);
const knowledgeUrl = platform.subgraphs.knowledge.url;

interface Answer {
  status: number;
  text: string;
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

/** A measured request: the whole answer read, and refused unless it is 200 with data and no errors first. */
async function timed(url: string, headers: Record<string, string>, body: string): Promise<void> {
  const { status, text } = await post(url, headers, body);
  if (status !== 200 || !text.startsWith('{"data":'))
    throw new Error(`${url} answered ${status}: ${text.slice(0, 300)}`);
}

const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, msToWait));
const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/** What one block of requests cost the process, and the SQL it ran. */
interface Block {
  runs: number;
  cpuMs: number;
  statements: number;
}

/**
 * `runs` sequential requests of `task` and a pause for the work they leave behind; the CPU the
 * idle process burns over as long a pause (measured just before) is taken off pro rata.
 */
async function block(task: () => Promise<void>, runs: number): Promise<Block> {
  const idleStart = process.cpuUsage();
  await sleep(SETTLE_MS);
  const idleShare = cpuMs(process.cpuUsage(idleStart)) / SETTLE_MS;
  const before = process.cpuUsage();
  const started = performance.now();
  statements = 0;
  for (let i = 0; i < runs; i += 1) await task();
  await sleep(SETTLE_MS);
  const cpu = cpuMs(process.cpuUsage(before)) - idleShare * (performance.now() - started);
  return { runs, cpuMs: cpu, statements };
}

const perRequest = (blocks: readonly Block[], of: (b: Block) => number) =>
  blocks.reduce((sum, b) => sum + of(b), 0) / blocks.reduce((sum, b) => sum + b.runs, 0);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function dataOf(answer: Answer, what: string): unknown {
  const parsed = JSON.parse(answer.text) as { data?: unknown; errors?: unknown };
  if (answer.status !== 200 || parsed.errors || !parsed.data)
    throw new Error(`${what} failed (${answer.status}): ${answer.text.slice(0, 500)}`);
  return parsed.data;
}

/** A V8 CPU profile of `runs` sequential requests of `task` and the pause after them, written to `file`. */
async function profile(task: () => Promise<void>, runs: number, file: string): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    // 100 µs: fine enough for a request of a few ms, coarse enough not to dominate it.
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    for (let i = 0; i < runs; i += 1) await task();
    await sleep(SETTLE_MS);
    const { profile: result } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(result));
  } finally {
    session.disconnect();
  }
}

/** Headers and body of the first request the gateway's subgraph client sends to `origin` while `run` runs. */
async function recordSubgraphRequest(origin: string, run: () => Promise<unknown>) {
  const seen: Array<{ headers: Record<string, string>; body: string; path: string }> = [];
  const onCreate = (message: unknown) => {
    const { request } = message as {
      request: { origin: unknown; path: string; headers: unknown; body: unknown };
    };
    if (String(request.origin) !== origin) return;
    const flat = Array.isArray(request.headers) ? (request.headers as unknown[]) : [];
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) headers[String(flat[i]).toLowerCase()] = String(flat[i + 1]);
    const body =
      typeof request.body === 'string'
        ? request.body
        : Buffer.isBuffer(request.body)
          ? request.body.toString('utf8')
          : '';
    // Only the query's own fetch (nothing else in this process should call knowledge now).
    if (body.includes('documents')) seen.push({ headers, body, path: request.path });
  };
  subscribe('undici:request:create', onCreate);
  try {
    await run();
  } finally {
    unsubscribe('undici:request:create', onCreate);
  }
  if (seen.length !== 1)
    throw new Error(`expected the gateway to send one request to knowledge, saw ${seen.length}`);
  return seen[0]!;
}

try {
  // Auto-train trains document-tags on start in a worker, reading knowledge: let it finish first.
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await platform.subgraphs.ml.inference.resolve('document-tags');
      break;
    } catch (error) {
      if (Date.now() > deadline) {
        log(`auto-train not done after 120 s (${String(error)}); measuring anyway`);
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const editor = platform.demoAccounts.find((a) => a.roles.includes('EDITOR'))!;
  const login = await post(
    platform.url,
    { 'content-type': 'application/json' },
    JSON.stringify({
      query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
      variables: { input: { email: editor.email, password: editor.password } },
    }),
  );
  const token = (dataOf(login, 'login') as { login: { accessToken: string } }).login.accessToken;
  const clientHeaders = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const gatewayBody = JSON.stringify({ query: DOCUMENTS });
  const gatewayBaselineBody = JSON.stringify({ query: BASELINE });

  // What the gateway sends knowledge for this query, recorded from one real request.
  let viaGateway: Answer | undefined;
  const recorded = await recordSubgraphRequest(new URL(knowledgeUrl).origin, async () => {
    viaGateway = await post(platform.url, clientHeaders, gatewayBody);
  });
  const gatewayData = dataOf(viaGateway!, 'documents through the gateway');
  if (recorded.path !== new URL(knowledgeUrl).pathname)
    throw new Error(`the gateway called ${recorded.path}, not ${knowledgeUrl}`);
  if (recorded.headers.authorization !== clientHeaders.authorization)
    throw new Error('the gateway did not pass the caller’s authorization on to knowledge');

  // The client address: the same secret as the gateway's (its header must verify under ours),
  // signed afresh per request as the gateway does (a signature is good for 60 s).
  const secret = clientAddressSecret(platform.config.gateway);
  const signer = secret ? createClientAddressSigner(secret) : undefined;
  const signedAddress = recorded.headers[CLIENT_ADDRESS_HEADER];
  const clientIp = signedAddress ? signer?.verify(signedAddress) : undefined;
  if (signedAddress && !clientIp)
    throw new Error('the gateway’s client-address header does not verify under our key');
  // Every other header the gateway set is sent as recorded (the request id is fresh per request).
  const fixed = Object.fromEntries(
    Object.entries(recorded.headers).filter(
      ([name]) => name !== 'x-request-id' && name !== CLIENT_ADDRESS_HEADER,
    ),
  );
  const internalHeaders = (): Record<string, string> => ({
    ...fixed,
    'x-request-id': randomUUID(),
    ...(clientIp && signer ? { [CLIENT_ADDRESS_HEADER]: signer.sign(clientIp) } : {}),
  });
  const directBaselineBody = JSON.stringify({ query: BASELINE, variables: {} });

  // Both paths answer the same data before anything is measured.
  const directData = dataOf(await post(knowledgeUrl, internalHeaders(), recorded.body), 'documents direct');
  if (!isDeepStrictEqual(gatewayData, directData))
    throw new Error(
      `the paths answer differently:\n gateway ${JSON.stringify(gatewayData)}\n direct  ${JSON.stringify(directData)}`,
    );
  dataOf(await post(knowledgeUrl, internalHeaders(), directBaselineBody), 'baseline direct');
  log(`knowledge is sent ${recorded.body} with headers ${Object.keys(recorded.headers).sort().join(', ')}`);

  const cases = [
    {
      name: 'gateway: baseline { __typename }',
      task: () => timed(platform.url, clientHeaders, gatewayBaselineBody),
    },
    { name: 'gateway: documents(first: 5)', task: () => timed(platform.url, clientHeaders, gatewayBody) },
    {
      name: 'knowledge direct: baseline { __typename }',
      task: () => timed(knowledgeUrl, internalHeaders(), directBaselineBody),
    },
    {
      name: 'knowledge direct: documents(first: 5)',
      task: () => timed(knowledgeUrl, internalHeaders(), recorded.body),
    },
  ];
  log(`warm-up: ${warmup} requests per path…`);
  for (const c of cases) for (let i = 0; i < warmup; i += 1) await c.task();
  log(`${rounds} interleaved rounds × ${perRound}…`);
  const stats = await interleave(cases, rounds, perRound);
  const [gatewayBase, gateway, directBase, direct] = stats as [Stats, Stats, Stats, Stats];
  log(`CPU and SQL: ${cpuRounds} interleaved rounds × ${cpuRuns} requests per path…`);
  const gatewayBlocks: Block[] = [];
  const directBlocks: Block[] = [];
  for (let round = 0; round < cpuRounds; round += 1) {
    gatewayBlocks.push(await block(cases[1]!.task, cpuRuns));
    directBlocks.push(await block(cases[3]!.task, cpuRuns));
  }
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    for (const [name, task] of [
      ['gateway', cases[1]!.task],
      ['direct', cases[3]!.task],
    ] as const) {
      const file = join(profileDir, `one-hop-${name}.cpuprofile`);
      await profile(task, profileRuns, file);
      log(`CPU profile of ${profileRuns} ${name} requests: ${file}`);
    }
  }
  const cpuOf = (b: Block) => b.cpuMs;
  const sqlOf = (b: Block) => b.statements;
  // Per round, so that the machine's load drifting between rounds hits both paths alike.
  const addedCpu = gatewayBlocks.map(
    (g, i) => g.cpuMs / g.runs - directBlocks[i]!.cpuMs / directBlocks[i]!.runs,
  );
  const added = gateway.p50 - direct.p50;
  const addedBase = gatewayBase.p50 - directBase.p50;

  const report = [
    `# bench:one-hop (${started.toISOString()})`,
    '',
    `${hostname()}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load average (1 min) ${loadAtStart.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end. Platform in one process on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, demo corpus, gateway response cache off${
      Object.keys(extraEnv).length > 0
        ? `, ${Object.entries(extraEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`
        : ''
    }; signed in as an editor; sequential requests over loopback (Node's fetch, keep-alive) after ${warmup} unmeasured per path, ${rounds} interleaved rounds × ${perRound}.`,
    '',
    `Direct requests carry what the gateway's subgraph client sends (recorded from one gateway request): body \`${recorded.body}\`, headers ${Object.keys(recorded.headers).sort().join(', ')} (a fresh request id and client-address signature each time).`,
    '',
    '| path: operation | runs | p50 ms | p90 ms | p99 ms |',
    '| --- | --- | --- | --- | --- |',
    ...stats.map((s) => `| ${s.name} | ${s.runs} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} |`),
    '',
    '| | gateway − direct, p50 ms | gateway / direct, p50 | gateway − direct, p99 ms | gateway / direct, p99 |',
    '| --- | --- | --- | --- | --- |',
    `| documents(first: 5) | **${ms(added)}** | **${(gateway.p50 / direct.p50).toFixed(2)}×** | ${ms(gateway.p99 - direct.p99)} | ${(gateway.p99 / direct.p99).toFixed(2)}× |`,
    `| baseline { __typename } (the gateway calls no subgraph) | ${ms(addedBase)} | ${(gatewayBase.p50 / directBase.p50).toFixed(2)}× | ${ms(gatewayBase.p99 - directBase.p99)} | ${(gatewayBase.p99 / directBase.p99).toFixed(2)}× |`,
    '',
    `Goal (issue 14): the gateway adds at most ${GOAL_MS} ms at p50 — ${added <= GOAL_MS ? 'met' : 'not met'} (${ms(added)} ms).`,
    '',
    `What each documents path costs the whole process per request (client, gateway, subgraphs, and analytics storing the gateway's samples): ${cpuRounds} interleaved rounds of ${cpuRuns} sequential requests per path, each followed by a ${SETTLE_MS} ms pause for the work it leaves behind, less the CPU the idle process burns over as long; SQL statements as drizzle logs them (no BEGIN/COMMIT). Less load-dependent than the latencies, not immune: a crowded machine inflates CPU time too.`,
    '',
    '| path: operation | CPU ms/request | SQL statements/request |',
    '| --- | --- | --- |',
    `| gateway: documents(first: 5) | ${ms(perRequest(gatewayBlocks, cpuOf))} | ${perRequest(gatewayBlocks, sqlOf).toFixed(2)} |`,
    `| knowledge direct: documents(first: 5) | ${ms(perRequest(directBlocks, cpuOf))} | ${perRequest(directBlocks, sqlOf).toFixed(2)} |`,
    `| gateway − direct (median of the rounds; range) | **${ms(median(addedCpu))}** (${ms(Math.min(...addedCpu))} to ${ms(Math.max(...addedCpu))}) | ${(perRequest(gatewayBlocks, sqlOf) - perRequest(directBlocks, sqlOf)).toFixed(2)} |`,
    '',
  ].join('\n');
  console.log(report);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'one-hop.md'), report);
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
