// `pnpm bench:latency`: starts the platform in this process (embedded database in a temporary folder, or
// BENCH_DATABASE_URL), with the demo corpus, and measures the knowledge operations through the
// gateway over HTTP, interleaved with a baseline (`{ __typename }` through the same gateway) so
// the figures can be read as ratios on a noisy machine. Bounded: BENCH_ROUNDS × per-round runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@ukp/kit';
import { startPlatform } from '@ukp/platform';
import { interleave, table } from './measure.js';
import { benchPlatformEnv } from './platform-env.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const perRound = Number(process.env.BENCH_PER_ROUND ?? 20);
const dataDir = mkdtempSync(join(tmpdir(), 'ukp-bench-'));

const platform = await startPlatform(benchPlatformEnv(dataDir), { logger: silentLogger() });

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(platform.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: unknown };
  if (body.errors) throw new Error(`bench query failed: ${JSON.stringify(body.errors)}`);
}

const searches = [
  'kubernetes deployment',
  'expense report',
  'password rotation',
  'incident on-call',
  'data retention',
  'onboard',
];
const questions = [
  'How long are backups kept?',
  'When must expense reports be filed?',
  'How quickly must on-call engineers acknowledge a page?',
  'How often should database credentials be rotated?',
];

try {
  const stats = await interleave(
    [
      { name: 'baseline { __typename }', task: () => gql('{ __typename }') },
      {
        name: 'search (10 hits, snippets)',
        task: (i) =>
          gql('query ($q: String!) { search(query: $q) { score snippet document { id title } } }', {
            q: searches[i % searches.length],
          }),
      },
      {
        name: 'ask (cited answer)',
        task: (i) =>
          gql('query ($q: String!) { ask(question: $q) { text confidence sources { document { id } } } }', {
            q: questions[i % questions.length],
          }),
      },
      {
        name: 'documents(first: 20) + authors',
        task: () => gql('{ documents(first: 20) { edges { node { id title author { displayName } } } } }'),
      },
    ],
    rounds,
    perRound,
  );
  const report = [
    `# UKP bench (${new Date().toISOString()})`,
    '',
    `Platform in one process, ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'}, demo corpus, response cache ${process.env.BENCH_RESPONSE_CACHE === 'false' ? 'off' : 'on (repeated anonymous queries are answered from it)'}, sequential requests over loopback HTTP through the gateway; ${rounds} interleaved rounds × ${perRound}.`,
    '',
    table(stats, 'baseline { __typename }'),
    '',
  ].join('\n');
  console.log(report);
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(join('bench-results', 'latest.md'), report);
} finally {
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
