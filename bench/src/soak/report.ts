// Markdown tables of a soak: memory and counts per process over time, then the verdicts.
import type { SoakResult } from './run.js';

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function soakReport(result: SoakResult): string {
  const lines: string[] = [];
  const services = [...new Set(result.samples.map((s) => s.service))];
  lines.push(`## Over time (after a forced GC in each process; t = seconds of traffic)`, '');
  lines.push(
    `| t | ${services.map((s) => `${s} heap MB | ${s} RSS MB | ${s} sockets | ${s} timers | ${s} listeners | ${s} DB conns`).join(' | ')} |`,
  );
  lines.push(`|---|${services.map(() => '---|---|---|---|---|---').join('|')}|`);
  const times = [...new Set(result.samples.map((s) => s.t))];
  for (const t of times) {
    const cells = services.map((service) => {
      const s = result.samples.find((x) => x.t === t && x.service === service);
      return s
        ? `${mb(s.stats.heapUsed)} | ${mb(s.stats.rss)} | ${s.stats.sockets} | ${s.stats.timers} | ${s.stats.processListeners} | ${s.dbConnections}`
        : ' | | | | | ';
    });
    lines.push(`| ${t} | ${cells.join(' | ')} |`);
  }
  lines.push(
    '',
    '## Growth after warm-up (median of the window after warm-up → median of the last window)',
    '',
  );
  lines.push(
    '| process | heap early MB | heap late MB | heap growth | RSS early MB | RSS late MB | RSS growth | < 10% |',
  );
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const s of result.services)
    lines.push(
      `| ${s.service} | ${mb(s.heap.early)} | ${mb(s.heap.late)} | ${pct(s.heap.growth)} | ${mb(s.rss.early)} | ${mb(s.rss.late)} | ${pct(s.rss.growth)} | ${s.heap.ok && s.rss.ok ? 'yes' : 'NO'} |`,
    );
  lines.push(
    '',
    '## Counts idle after warm-up → idle at the end (after traffic stopped and a settle delay)',
    '',
  );
  lines.push(
    '| process | sockets | timers | process listeners | DB connections (pg_stat_activity) | no leak |',
  );
  lines.push('|---|---|---|---|---|---|');
  for (const s of result.services) {
    const cell = (count: string) => {
      const l = s.leaks.find((x) => x.count === count)!;
      return `${l.before} → ${l.after}${l.ok ? '' : ' (LEAK)'}`;
    };
    lines.push(
      `| ${s.service} | ${cell('sockets')} | ${cell('timers')} | ${cell('processListeners')} | ${cell('dbConnections')} | ${s.leaks.every((l) => l.ok) ? 'yes' : 'NO'} |`,
    );
  }
  lines.push('', '## Operations', '', '| operation | ok | failed |', '|---|---|---|');
  for (const [op, c] of Object.entries(result.ops)) lines.push(`| ${op} | ${c.ok} | ${c.failed} |`);
  if (result.errors.length) lines.push('', 'First errors:', ...result.errors.map((e) => `- ${e}`));
  lines.push('', `Verdict: ${result.ok ? 'PASS' : 'FAIL'} (${result.durationS} s)`);
  return lines.join('\n');
}
