// The read side: what an analytics dashboard asks, over HTTP as an ANALYST, interleaved round by round
// with a `{ __typename }` baseline through the same server, so drift on a shared machine hits all alike.
import { performance } from 'node:perf_hooks';

export interface ReadCase {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

export interface ReadStats {
  name: string;
  runs: number;
  p50: number;
  p95: number;
}

export const BASELINE = 'baseline { __typename }';
const DAY_MS = 86_400_000;

/** The dashboard's reads over the 30 days (and the last 7) before `end`. */
export function readCases(end: number): ReadCase[] {
  const month = { from: new Date(end - 30 * DAY_MS).toISOString(), to: new Date(end).toISOString() };
  const week = { from: new Date(end - 7 * DAY_MS).toISOString(), to: month.to };
  const series = (metric: string): ReadCase => ({
    name: `timeSeries(${metric}, HOUR, 30 days)`,
    query: `query ($from: DateTime!, $to: DateTime!) { timeSeries(metric: "${metric}", interval: HOUR, from: $from, to: $to) { at value } }`,
    variables: month,
  });
  return [
    { name: BASELINE, query: '{ __typename }' },
    series('requests'),
    series('latency_p95_ms'),
    {
      name: 'kpis(7 days)',
      query:
        'query ($from: DateTime!, $to: DateTime!) { kpis(from: $from, to: $to) { activeUsers searches questions documentsCreated p95LatencyMs errorRate } }',
      variables: week,
    },
  ];
}

/** One request; its `data`, or a thrown error with the GraphQL errors. */
export async function ask<T>(
  url: string,
  token: string,
  c: Pick<ReadCase, 'query' | 'variables'>,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: c.query, variables: c.variables ?? {} }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (body.errors || !body.data)
    throw new Error(`read failed (${response.status}): ${JSON.stringify(body.errors)}`);
  return body.data;
}

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

/** `rounds` × `perRound` sequential requests a case, after 5 unmeasured ones each. */
export async function measureReads(
  url: string,
  token: string,
  cases: readonly ReadCase[],
  rounds: number,
  perRound: number,
): Promise<ReadStats[]> {
  const samples = cases.map(() => [] as number[]);
  for (const c of cases) for (let i = 0; i < 5; i++) await ask(url, token, c);
  for (let round = 0; round < rounds; round++)
    for (const [index, c] of cases.entries())
      for (let i = 0; i < perRound; i++) {
        const start = performance.now();
        await ask(url, token, c);
        samples[index]!.push(performance.now() - start);
      }
  return cases.map((c, index) => {
    const sorted = samples[index]!.sort((a, b) => a - b);
    return { name: c.name, runs: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
  });
}
