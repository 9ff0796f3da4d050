// Aggregates rounds into one row per case × gateway and renders the Markdown table.
export interface Row {
  case: string;
  gateway: 'ours' | 'plain';
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  cpuMs: number;
  /** CPU of this (parent) process in the same rounds: load generator, subgraphs, platform. */
  restCpuMs: number;
  /** Subgraph requests (case a) or SQL statements (platform cases) over the rows' requests. */
  downstream: number;
  downstreamLabel: 'subgraph' | 'sql';
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
    down: row.downstream / Math.max(1, row.requests),
  };
}

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');

export function markdownTable(rows: Row[]): string {
  const lines = [
    '| case | gateway | RPS | p50 ms | p99 ms | CPU-ms/req | rest CPU-ms/req | subgraph req/req (SQL/req) | errors | ratio RPS ours/plain | ratio p99 ours/plain |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const s = summary(row);
    const plain = rows.find((r) => r.case === row.case && r.gateway === 'plain');
    const ratios =
      row.gateway === 'ours' && plain
        ? [fixed(s.rps / summary(plain).rps), fixed(s.p99 / summary(plain).p99)]
        : ['', ''];
    const down = row.downstreamLabel === 'sql' ? `(${fixed(s.down)} SQL)` : fixed(s.down);
    lines.push(
      `| ${row.case} | ${row.gateway} | ${fixed(s.rps, 0)} | ${fixed(s.p50)} | ${fixed(s.p99)} | ${fixed(s.cpu)} | ${fixed(s.rest)} | ${down} | ${row.errors} | ${ratios[0]} | ${ratios[1]} |`,
    );
  }
  return lines.join('\n');
}
