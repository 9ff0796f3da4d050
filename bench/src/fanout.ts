// `pnpm bench:fanout`: N graphql-ws clients subscribed through the gateway to one document, one
// edit every 100 ms; reports delivery latency p50/p99 and the platform's memory per connection.
// The platform runs in its own process (so its memory is measured alone); clients run here.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { benchPlatformEnv } from './platform-env.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sizes = (process.env.FANOUT_CLIENTS ?? '100,1000,5000').split(',').map(Number);
const edits = Number(process.env.FANOUT_EDITS ?? 50);
const port = 4700 + Math.floor(Math.random() * 200);
const dataDir = mkdtempSync(join(tmpdir(), 'ukp-fanout-'));

function rssKb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const platform = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=ukp-source', `${root}/platform/src/main.ts`],
  {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...benchPlatformEnv(dataDir),
      // Its own process: a fixed port to connect to, and errors on stderr.
      PORT: String(port),
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      ...(process.env.BENCH_REDIS_URL
        ? {
            REDIS_URL: process.env.BENCH_REDIS_URL,
            REDIS_KEY_PREFIX: `bench-${randomBytes(3).toString('hex')}:`,
          }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);

try {
  await new Promise<void>((resolve, reject) => {
    let out = '';
    platform.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('UKP is up')) resolve();
    });
    platform.once('exit', (code) => reject(new Error(`platform exited ${code}`)));
  });
  const accounts = JSON.parse(readFileSync(join(dataDir, 'demo-accounts.json'), 'utf8')) as Array<{
    email: string;
    password: string;
    roles: string[];
  }>;
  const editorAccount = accounts.find((a) => a.roles.includes('EDITOR'))!;
  const { login } = await gql<{ login: { accessToken: string } }>(
    'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: editorAccount.email, password: editorAccount.password } },
  );
  const token = login.accessToken;
  const { createDocument } = await gql<{ createDocument: { id: string } }>(
    'mutation { createDocument(input: { title: "Fan-out", body: "" }) { id } }',
    {},
    token,
  );
  const id = createDocument.id;
  await gql('mutation ($id: ID!) { publishDocument(id: $id) { id } }', { id }, token);
  const { joinDocument } = await gql<{ joinDocument: { state: string } }>(
    'mutation ($id: ID!) { joinDocument(id: $id) { state } }',
    { id },
    token,
  );
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(joinDocument.state, 'base64'));

  console.log(
    '| clients | live | edits | delivered | p50 ms | p99 ms | max ms | platform RSS before → after | per connection |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const n of sizes) {
    const before = rssKb(platform.pid!);
    const sentAt: number[] = [];
    const latencies: number[] = [];
    let delivered = 0;
    const clients = Array.from({ length: n }, () =>
      createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
      }),
    );
    const counters = new Array<number>(n).fill(0);
    const disposers = clients.map((client, i) =>
      client.subscribe(
        {
          query:
            'subscription ($id: ID!) { documentEvents(documentId: $id) { __typename ... on DocumentEdited { update } } }',
          variables: { id },
        },
        {
          next: (value) => {
            const data = value.data as { documentEvents?: { __typename: string } } | undefined;
            if (data?.documentEvents?.__typename !== 'DocumentEdited') return;
            const k = counters[i]!;
            counters[i] = k + 1;
            const sent = sentAt[k];
            if (sent !== undefined) latencies.push(performance.now() - sent);
            delivered += 1;
          },
          error: () => {},
          complete: () => {},
        },
      ),
    );
    // graphql-ws does not acknowledge a subscribe: send probe edits until every client has heard
    // one, then let the stream go quiet before counting.
    const deadline = Date.now() + 120_000;
    while (counters.some((c) => c === 0) && Date.now() < deadline) {
      doc.getText('body').insert(0, '.');
      const probe = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64');
      await gql(
        'mutation ($id: ID!, $u: String!) { applyDocumentUpdate(id: $id, update: $u) }',
        { id, u: probe },
        token,
      );
      await new Promise((r) => setTimeout(r, 1000));
    }
    const live = counters.filter((c) => c > 0).length;
    await new Promise((r) => setTimeout(r, 1000));
    counters.fill(0);
    latencies.length = 0;
    delivered = 0;
    const afterConnect = rssKb(platform.pid!);
    for (let k = 0; k < edits; k += 1) {
      const before2 = Y.encodeStateVector(doc);
      doc.getText('body').insert(doc.getText('body').length, `e${k} `);
      const update = Buffer.from(Y.encodeStateAsUpdate(doc, before2)).toString('base64');
      sentAt[k] = performance.now();
      void gql(
        'mutation ($id: ID!, $u: String!) { applyDocumentUpdate(id: $id, update: $u) }',
        { id, u: update },
        token,
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 3000));
    latencies.sort((a, b) => a - b);
    const q = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
    console.log(
      `| ${n} | ${live} | ${edits} | ${delivered}/${n * edits} | ${q(50).toFixed(1)} | ${q(99).toFixed(1)} | ${(latencies.at(-1) ?? 0).toFixed(1)} | ${(before / 1024).toFixed(0)} MB → ${(afterConnect / 1024).toFixed(0)} MB | ${(((afterConnect - before) * 1024) / n / 1024).toFixed(1)} KB |`,
    );
    for (const dispose of disposers) dispose();
    await Promise.all(clients.map((c) => c.dispose()));
    await new Promise((r) => setTimeout(r, 1000));
  }
} finally {
  platform.kill('SIGTERM');
  await new Promise((r) => platform.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
