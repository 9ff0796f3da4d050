import type { SizeResult } from './run-size.js';

export function quantile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

/** Whatever keeps the run from saying "every event delivered", one line each; empty when none. */
export function lossOf(r: SizeResult): string[] {
  const problems: string[] = [];
  if (r.opened < r.subscribers)
    problems.push(`${r.subscribers - r.opened} sockets never subscribed (${r.openFailures.join('; ')})`);
  if (r.missing > 0)
    problems.push(
      `${r.missing} of ${r.expected} deliveries missing ${r.drainMs / 1000} s after the last edit, on ${r.subscribersMissing} subscribers`,
    );
  if (r.duplicates > 0) problems.push(`${r.duplicates} duplicate deliveries`);
  if (r.orders > 1) problems.push(`subscribers saw the edits in ${r.orders} different orders`);
  if (r.unexpected > 0) problems.push(`${r.unexpected} edits that were never sent`);
  if (r.failures > 0) problems.push(`${r.failures} errors or endings: ${r.firstFailure}`);
  if (r.editFailures.length > 0) problems.push(`${r.editFailures.length} edits failed: ${r.editFailures[0]}`);
  return problems;
}

const ms = (value: number) => value.toFixed(1);
const perConnectionKb = (r: SizeResult) => (r.memoryAfter.rss - r.memoryBefore.rss) / 1024 / r.subscribers;
const heapPerConnectionKb = (r: SizeResult) =>
  (r.memoryAfter.heapUsed - r.memoryBefore.heapUsed) / 1024 / r.subscribers;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const cpuPerDeliveryUs = (r: SizeResult) => (1000 * r.platformCpuMs) / Math.max(1, r.delivered);

export function resultsTable(results: readonly SizeResult[]): string {
  const lines = [
    '| subscribers | delivered | lost | p50 ms | p99 ms | max ms | commit p50/p99 ms | platform CPU ms/edit (kernel) | µs/delivery | platform RSS before → after (after GC) | per connection: RSS / JS heap | subscribe CPU per connection | busiest client process |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const problems = lossOf(r).length;
    const lost =
      problems === 0
        ? 'none'
        : `**${r.missing + r.duplicates + r.unexpected + r.failures} (${problems} kinds)**`;
    lines.push(
      `| ${r.subscribers} | ${r.delivered}/${r.expected} | ${lost} | ${ms(quantile(r.latencies, 50))} | ${ms(quantile(r.latencies, 99))} | ${ms(r.latencies.at(-1) ?? Number.NaN)} | ${ms(quantile(r.commits, 50))} / ${ms(quantile(r.commits, 99))} | ${(r.platformCpuMs / r.edits).toFixed(1)} (${((100 * r.platformSystemMs) / Math.max(1, r.platformCpuMs)).toFixed(0)}%) | ${cpuPerDeliveryUs(r).toFixed(1)} | ${mb(r.memoryBefore.rss)} → ${mb(r.memoryAfter.rss)} | ${perConnectionKb(r).toFixed(1)} / ${heapPerConnectionKb(r).toFixed(1)} KB | ${((1000 * r.connectCpuMs) / r.subscribers).toFixed(0)} µs | ${r.clientCpuPercent.toFixed(0)}% |`,
    );
  }
  return lines.join('\n');
}

/** Each size against the first (the baseline, measured in the same run). */
export function ratiosTable(results: readonly SizeResult[]): string {
  const base = results[0];
  if (!base) return '';
  const ratio = (value: number, of: number) => `${(value / of).toFixed(2)}×`;
  const lines = [
    `| subscribers | × subscribers | p50 × | p99 × | JS heap per connection × | CPU per delivery × (vs ${base.subscribers}) |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    lines.push(
      `| ${r.subscribers} | ${ratio(r.subscribers, base.subscribers)} | ${ratio(quantile(r.latencies, 50), quantile(base.latencies, 50))} | ${ratio(quantile(r.latencies, 99), quantile(base.latencies, 99))} | ${ratio(heapPerConnectionKb(r), heapPerConnectionKb(base))} | ${ratio(cpuPerDeliveryUs(r), cpuPerDeliveryUs(base))} |`,
    );
  }
  return lines.join('\n');
}
