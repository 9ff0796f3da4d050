// The analytics bench's markdown: ingestion rates with their write amplification, and read
// latencies per raw event count as ratios to the baseline measured at the same size.
import type { IngestRun } from './ingest.js';
import { BASELINE, type ReadStats } from './reads.js';

/** The ingestion goal, events/s on 2 cores. */
export const INGEST_GOAL = 20_000;
/** The read goal: p50 within this many times the baseline's. */
export const READ_GOAL = 3;

export interface ReadSize {
  events: number;
  /** `metric_windows` rows the reads choose from. */
  windows: number;
  userHours: number;
  stats: ReadStats[];
}

const int = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => n.toFixed(2);

export function ingestTable(runs: readonly IngestRun[]): string {
  const rows = runs.map((r) => {
    const rate = r.events / r.seconds;
    const c = r.cores;
    return `| ${r.path} | ${int(r.events)} | ${r.seconds.toFixed(1)} | **${int(rate)}** | ${(rate / INGEST_GOAL).toFixed(2)}× | ${int(r.batches)} | ${int(r.events / r.batches)} | ${(r.statements / r.batches).toFixed(2)} | ${(r.statements / r.events).toFixed(4)} | ${[c.analytics, c.postgres, c.redis, c.load, c.other].map((n) => n.toFixed(2)).join(' / ')} |`;
  });
  return [
    `| path | events | s | events/s | vs ${int(INGEST_GOAL)}/s | batches | events/batch | SQL/batch | SQL/event | cores busy: analytics / Postgres / Redis / load generator / other |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export function readTable(sizes: readonly ReadSize[]): string {
  const rows: string[] = [];
  for (const size of sizes) {
    const base = size.stats.find((s) => s.name === BASELINE)!;
    for (const s of size.stats)
      rows.push(
        `| ${int(size.events)} | ${int(size.windows)} | ${int(size.userHours)} | ${s.name} | ${s.runs} | ${ms(s.p50)} | ${ms(s.p95)} | **${(s.p50 / base.p50).toFixed(2)}×** |`,
      );
  }
  return [
    '| raw events | metric_windows rows | user_activity rows | query | runs | p50 ms | p95 ms | p50 vs baseline |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** Each query's p50, in ms and against the baseline, at the smallest size and at the largest. */
export function flatness(sizes: readonly ReadSize[]): string {
  const first = sizes[0];
  const last = sizes.at(-1);
  if (!first || !last || first === last) return '';
  const at = (size: ReadSize, name: string) => {
    const s = size.stats.find((x) => x.name === name)!;
    const ratio = s.p50 / size.stats.find((x) => x.name === BASELINE)!.p50;
    return { text: `${ms(s.p50)} ms (${ratio.toFixed(2)}×)`, ratio };
  };
  const parts = first.stats
    .filter((s) => s.name !== BASELINE)
    .map((s) => {
      const b = at(last, s.name);
      return `${s.name} ${at(first, s.name).text} → ${b.text}, ${b.ratio <= READ_GOAL ? 'within' : 'over'} ${READ_GOAL}×`;
    });
  return `p50 from ${int(first.events)} to ${int(last.events)} raw events: ${parts.join('; ')}.`;
}
