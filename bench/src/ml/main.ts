// `pnpm bench:ml`: the platform in this process (as `bench:latency` starts it: development mode,
// demo corpus, embedded database or BENCH_DATABASE_URL), with `document-tags` trained by auto-train
// on the seeded documents and in production. Measures, each against a `{ __typename }` baseline of
// the same run through the same path:
// 1. `predict` through the gateway over HTTP, and straight to the ml subgraph over HTTP;
// 2. `predict` in-process (the ml server's inference called directly: no HTTP, no GraphQL);
// 3. `batchPredict` of 1,000 texts never seen before (the prediction cache cold);
// 4. training time per algorithm on the seeded corpus, with hold-out accuracy and macro-F1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ukp/kit';
import { knowledgeCorpus, type learn } from '@ukp/ml';
import { startPlatform } from '@ukp/platform';
import { interleave, type Stats } from '../measure.js';
import { benchPlatformEnv } from '../platform-env.js';
import { cpuMeter } from './cpu.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const perRound = Number(process.env.BENCH_PER_ROUND ?? 30);
const batchRuns = Number(process.env.BENCH_ML_BATCH_RUNS ?? 5);
const trainRuns = Number(process.env.BENCH_ML_TRAIN_RUNS ?? 3);
const MODEL = 'document-tags';
const BATCH = 1000;
const ALGORITHMS = ['NAIVE_BAYES', 'LOGISTIC_REGRESSION', 'ENSEMBLE'] as const;

const log = (line: string) => console.error(`[bench:ml] ${line}`);
const dataDir = mkdtempSync(join(tmpdir(), 'ukp-bench-ml-'));
const started = new Date();
const load = loadavg()[0]!;
// The gateway's response cache would answer repeated predicts without running them.
const platform = await startPlatform(
  { ...benchPlatformEnv(dataDir), RESPONSE_CACHE_ENABLED: 'false' },
  { logger: silentLogger() },
);
const ml = platform.subgraphs.ml;

async function post<T>(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(`bench request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/** Waits for auto-train's first version to be production (it trains off the request path on start). */
async function production(deadlineMs = 120_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      return await ml.inference.resolve(MODEL);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (x: number) => x.toFixed(2);

try {
  const served = await production();
  log(`${MODEL} v${served.version} (${served.algorithm}) is production`);
  const editor = platform.demoAccounts.find((a) => a.roles.includes('EDITOR'))!;
  const { login } = await post<{ login: { accessToken: string } }>(
    platform.url,
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: editor.email, password: editor.password } },
  );
  const token = login.accessToken;

  // The seeded documents as training reads them (published, public; title, blank line, body).
  const examples: learn.Example[] = await knowledgeCorpus({
    url: platform.subgraphs.knowledge.url,
    timeoutMs: 30_000,
    maxDocuments: 20_000,
    logger: silentLogger(),
  }).examples();
  const texts = examples.map((e) => e.text);
  log(`${examples.length} published public documents`);

  // Cached: the same few dozen texts over and over (after the warm-up every answer is a cache
  // hit). Cold: a text never sent before, so each call tokenises and predicts.
  const warm = (i: number) => texts[i % 40]!;
  let fresh = 0;
  const cold = () => `${texts[fresh % texts.length]!} run${process.pid}x${fresh++}`;
  const PREDICT = 'query ($m: String!, $t: String!) { predict(model: $m, text: $t) { label confidence } }';
  const viaGateway = (text: string) => post(platform.url, PREDICT, { m: MODEL, t: text }, token);
  const viaSubgraph = (text: string) => post(ml.url, PREDICT, { m: MODEL, t: text }, token);

  log('predict latency…');
  const cpu = cpuMeter();
  const gatewayStats = await interleave(
    cpu.wrap([
      {
        name: 'gateway: baseline { __typename }',
        task: () => post(platform.url, '{ __typename }', {}, token).then(() => undefined),
      },
      { name: 'gateway: predict (cached)', task: (i) => viaGateway(warm(i)).then(() => undefined) },
      { name: 'gateway: predict (cold)', task: () => viaGateway(cold()).then(() => undefined) },
    ]),
    rounds,
    perRound,
  );
  const subgraphStats = await interleave(
    cpu.wrap([
      {
        name: 'ml subgraph: baseline { __typename }',
        task: () => post(ml.url, '{ __typename }', {}, token).then(() => undefined),
      },
      { name: 'ml subgraph: predict (cached)', task: (i) => viaSubgraph(warm(i)).then(() => undefined) },
      { name: 'ml subgraph: predict (cold)', task: () => viaSubgraph(cold()).then(() => undefined) },
    ]),
    rounds,
    perRound,
  );
  const inProcessStats = await interleave(
    cpu.wrap([
      {
        name: 'in-process: predict (cached)',
        task: (i) => ml.inference.predict(MODEL, warm(i)).then(() => undefined),
      },
      {
        name: 'in-process: predict (cold)',
        task: () => ml.inference.predict(MODEL, cold()).then(() => undefined),
      },
    ]),
    rounds,
    perRound,
  );

  log('batchPredict of 1,000 cold texts…');
  const BATCH_PREDICT =
    'mutation ($m: String!, $t: [String!]!) { batchPredict(model: $m, texts: $t) { label } }';
  // A document's first 600 characters: 1,000 whole documents (~3 KB each) would pass the
  // gateway's 1 MB body limit, and a batch that cannot be sent measures nothing.
  const batchTexts = () => Array.from({ length: BATCH }, () => `${cold().slice(0, 600)} b${fresh}`);
  const batchGateway: number[] = [];
  const batchInProcess: number[] = [];
  for (let run = 0; run < batchRuns; run += 1) {
    let batch = batchTexts();
    let t0 = performance.now();
    const answered = await post<{ batchPredict: unknown[] }>(
      platform.url,
      BATCH_PREDICT,
      { m: MODEL, t: batch },
      token,
    );
    batchGateway.push(performance.now() - t0);
    if (answered.batchPredict.length !== BATCH) throw new Error('batchPredict answered the wrong count');
    batch = batchTexts();
    t0 = performance.now();
    await ml.inference.batchPredict(MODEL, batch);
    batchInProcess.push(performance.now() - t0);
  }
  const batchBytes = Buffer.byteLength(JSON.stringify(batchTexts()));

  log('training per algorithm…');
  const training: Array<{
    algorithm: string;
    ms: number[];
    accuracy: number;
    macroF1: number;
    trainSize: number;
    testSize: number;
  }> = [];
  for (const algorithm of ALGORITHMS) {
    const name = `bench-${algorithm.toLowerCase().replace('_', '-')}`;
    const times: number[] = [];
    let metrics: learn.ModelMetrics | null = null;
    for (let run = 0; run < trainRuns; run += 1) {
      const t0 = performance.now();
      const job = await ml.training.start({ name, algorithm }, 'bench');
      const end = await ml.training.done(job!.id);
      times.push(performance.now() - t0);
      if (end?.status !== 'READY') throw new Error(`${algorithm} did not train: ${end?.error}`);
      // Deterministic: every run of one algorithm scores the same; the last one's are kept.
      metrics = (await ml.inference.resolve(name, { version: run + 1 })).metrics;
    }
    training.push({
      algorithm,
      ms: times,
      accuracy: metrics!.accuracy,
      macroF1: metrics!.macroF1,
      trainSize: metrics!.trainSize,
      testSize: metrics!.testSize,
    });
  }

  const cpuCell = (s: Stats, baseline: Stats) => {
    const own = cpu.msPerCall(s.name);
    return `${ms(own)} (${(own / cpu.msPerCall(baseline.name)).toFixed(2)}×)`;
  };
  const ratioRows = (stats: Stats[], baseline: Stats) =>
    stats.map(
      (s) =>
        `| ${s.name} | ${s.runs} | ${ms(s.p50)} | ${ms(s.p99)} | **${(s.p50 / baseline.p50).toFixed(2)}×** | ${(s.p99 / baseline.p99).toFixed(2)}× | ${cpuCell(s, baseline)} |`,
    );
  const subgraphBase = subgraphStats[0]!;
  const report = [
    `# bench:ml (${started.toISOString()})`,
    '',
    `${hostname()}: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GB, load average (1 min) ${load.toFixed(2)} at the start, ${loadavg()[0]!.toFixed(2)} at the end. Platform in one process on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, demo corpus (${examples.length} published public documents), \`${MODEL}\` v${served.version} ${served.algorithm} in production; gateway response cache off; sequential requests over loopback, ${rounds} interleaved rounds × ${perRound}, signed in as an editor.`,
    '',
    '| path: operation | runs | p50 ms | p99 ms | p50 vs baseline | p99 vs baseline | CPU ms/op (vs baseline) |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...ratioRows(gatewayStats, gatewayStats[0]!),
    ...ratioRows(subgraphStats, subgraphBase),
    // In-process there is no GraphQL request to compare with: its rows are read against the ml
    // subgraph's baseline, i.e. as the share of a minimal HTTP request that inference costs.
    ...ratioRows(inProcessStats, subgraphBase).map((r) => r.replace(/\*\*/g, '')),
    '',
    `In-process rows are compared with the ml subgraph's HTTP baseline (there is no in-process GraphQL request to compare with). CPU ms/op: this process's CPU time (user + system) per call, the platform and its client both being in it.`,
    '',
    `| batchPredict of ${BATCH.toLocaleString('en')} cold texts (${(batchBytes / 1024).toFixed(0)} KB of JSON) | runs | median ms | texts/s |`,
    '| --- | --- | --- | --- |',
    `| through the gateway over HTTP | ${batchRuns} | ${ms(median(batchGateway))} | ${Math.round((BATCH * 1000) / median(batchGateway)).toLocaleString('en')} |`,
    `| in-process (inference.batchPredict) | ${batchRuns} | ${ms(median(batchInProcess))} | ${Math.round((BATCH * 1000) / median(batchInProcess)).toLocaleString('en')} |`,
    '',
    `| algorithm | runs | median training ms (read corpus + worker + store) | hold-out accuracy | hold-out macro-F1 | train / test |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...training.map(
      (t) =>
        `| ${t.algorithm} | ${t.ms.length} | ${Math.round(median(t.ms))} | ${t.accuracy.toFixed(3)} | ${t.macroF1.toFixed(3)} | ${t.trainSize} / ${t.testSize} |`,
    ),
    '',
  ].join('\n');
  console.log(report);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'ml.md'), report);
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
