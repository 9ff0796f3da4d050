// Aggregates rounds into one row per case × gateway and renders the Markdown table.
import type { SqlCounts } from './platform-db.js';

export interface Row {
  case: string;
  /** `ours`, `plain`, or one of case (a)'s extra contenders (`ours ×2`, a peer). */
  gateway: string;
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  cpuMs: number;
  /** CPU of this (parent) process in the same rounds: load generator, subgraphs, platform. */
  restCpuMs: number;
  /** CPU of the helper processes alone (case a: the four subgraphs) in the same rounds. */
  helperCpuMs: number;
  /** Subgraph requests (case a) or SQL statements (platform cases) over the rows' requests. */
  downstream: number;
  downstreamLabel: 'subgraph' | 'sql';
  /** Platform cases: statements, transactions and the analytics subgraph's background work. */
  sql?: SqlCounts;
  /** Platform cases: the case without its backend, and the backend (PGlite, PostgreSQL). */
  group?: string;
  backend?: string;
  firstError?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

function summary(row: Row) {
  const sorted = [...row.latencies].sort((a, b) => a - b);
  return {
    rps: row.requests / row.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpu: row.cpuMs / Math.max(1, row.requests),
    rest: row.restCpuMs / Math.max(1, row.requests),
    helpers: row.helperCpuMs / Math.max(1, row.requests),
    down: row.downstream / Math.max(1, row.requests),
  };
}

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| case | gateway | RPS | p50 ms | p99 ms | CPU-ms/req | rest CPU-ms/req | subgraph req/req (SQL/req) | errors | ratio RPS /plain | ratio p99 /plain |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const s = summary(row);
    const plain = rows.find((r) => r.case === row.case && r.gateway === 'plain');
    const ratios =
      row.gateway !== 'plain' && plain
        ? [fixed(s.rps / summary(plain).rps), fixed(s.p99 / summary(plain).p99)]
        : ['', ''];
    const down = row.downstreamLabel === 'sql' ? `(${fixed(s.down)} SQL)` : fixed(s.down);
    lines.push(
      `| ${row.case} | ${row.gateway} | ${fixed(s.rps, 0)} | ${fixed(s.p50)} | ${fixed(s.p99)} | ${fixed(s.cpu)} | ${fixed(s.rest)} | ${down} | ${row.errors} | ${ratios[0]} | ${ratios[1]} |`,
    );
  }
  return lines.join('\n');
}

/**
 * One case's contenders as issue 14 tabulates them: RPS and its ratio to plain @apollo/gateway in
 * the same run, p99, the gateway's CPU (its process and children), the subgraphs' CPU and the
 * subgraph requests each client request cost.
 */
export function contendersTable(rows: Row[]): string {
  const plain = rows.find((r) => r.gateway === 'plain');
  const lines = [
    '| gateway | RPS | × plain | p50 ms | p99 ms | gateway CPU-ms/req | subgraph CPU-ms/req | subgraph req/op | errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const s = summary(row);
    const times = plain ? fixed(s.rps / summary(plain).rps) : '–';
    lines.push(
      `| ${row.gateway} | ${fixed(s.rps, 1)} | ${times} | ${fixed(s.p50, 1)} | ${fixed(s.p99, 0)} | ${fixed(s.cpu)} | ${fixed(s.helpers)} | ${fixed(s.down, 1)} | ${row.errors} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The platform cases side by side per backend: RPS, SQL statements per request (drizzle's), the
 * transactions per request, the round trips read off the wire (on PostgreSQL, the flushes the
 * platform sent; on PGlite, its calls into the engine), and the analytics subgraph's background
 * statements per request.
 */
export function platformTable(rows: Row[]): string {
  const platform = rows.filter((r) => r.sql && r.group && r.backend);
  const backends = [...new Set(platform.map((r) => r.backend!))];
  const groups = [...new Set(platform.map((r) => `${r.group}\u0000${r.gateway}`))];
  if (platform.length === 0) return '';
  const per = (label: string) => backends.map((b) => `${label} ${b}`);
  const header = [
    'case',
    'gateway',
    ...per('RPS'),
    ...per('SQL/req'),
    ...per('tx/req'),
    ...per('round trips/req'),
    ...per('background SQL/req'),
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${' --- |'.repeat(header.length)}`];
  for (const key of groups) {
    const [group, gateway] = key.split('\u0000') as [string, string];
    const cells = backends.map((b) =>
      platform.find((r) => r.group === group && r.gateway === gateway && r.backend === b),
    );
    const per1 = (f: (r: Row, sql: SqlCounts, n: number) => string) =>
      cells.map((r) => (r?.sql ? f(r, r.sql, Math.max(1, r.requests)) : '–'));
    lines.push(
      `| ${[
        group,
        gateway,
        ...per1((r) => fixed(r.requests / r.seconds, 0)),
        ...per1((_, sql, n) => fixed(sql.statements / n)),
        ...per1((_, sql, n) => fixed(sql.transactions / n)),
        ...per1((_, sql, n) => fixed(sql.roundTrips / n)),
        ...per1((_, sql, n) => fixed(sql.backgroundStatements / n, 3)),
      ].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
