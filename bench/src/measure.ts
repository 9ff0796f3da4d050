import { performance } from 'node:perf_hooks';

export interface Stats {
  name: string;
  runs: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/**
 * Runs `task` sequentially for `warmup` + `runs` iterations (bounded by `maxMs` too) and returns
 * latency percentiles in milliseconds. Sequential on purpose: we measure latency, not throughput.
 */
export async function measure(
  name: string,
  task: (i: number) => Promise<void>,
  runs: number,
  warmup = 10,
  maxMs = 20_000,
) {
  for (let i = 0; i < warmup; i += 1) await task(i);
  const samples: number[] = [];
  const deadline = performance.now() + maxMs;
  for (let i = 0; i < runs && performance.now() < deadline; i += 1) {
    const start = performance.now();
    await task(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return {
    name,
    runs: samples.length,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    mean,
  } satisfies Stats;
}

/** Interleaves several measurements round by round, so drift in a noisy machine hits all alike. */
export async function interleave(
  cases: Array<{ name: string; task: (i: number) => Promise<void> }>,
  rounds: number,
  perRound: number,
): Promise<Stats[]> {
  const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (const c of cases) for (let i = 0; i < 5; i += 1) await c.task(i);
  for (let round = 0; round < rounds; round += 1) {
    for (const c of cases) {
      for (let i = 0; i < perRound; i += 1) {
        const start = performance.now();
        await c.task(round * perRound + i);
        samples.get(c.name)!.push(performance.now() - start);
      }
    }
  }
  return cases.map((c) => {
    const s = samples.get(c.name)!.sort((a, b) => a - b);
    return {
      name: c.name,
      runs: s.length,
      p50: percentile(s, 50),
      p90: percentile(s, 90),
      p99: percentile(s, 99),
      mean: s.reduce((a, b) => a + b, 0) / s.length,
    };
  });
}

export function table(stats: Stats[], baseline: string): string {
  const base = stats.find((s) => s.name === baseline)!;
  const rows = stats.map(
    (s) =>
      `| ${s.name} | ${s.runs} | ${s.p50.toFixed(2)} | ${s.p90.toFixed(2)} | ${s.p99.toFixed(2)} | ${(s.p50 / base.p50).toFixed(2)}× |`,
  );
  return [
    '| operation | runs | p50 ms | p90 ms | p99 ms | p50 vs baseline |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}
