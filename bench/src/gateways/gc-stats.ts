// BENCH_GC_STATS=1: a gateway child counts its garbage collections (main-thread pauses, by kind)
// and prints them to stderr when it stops, with its heap figures, to see what GC costs a contender.
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

const kinds: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental marking',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** Starts counting; the returned function prints the totals so far. */
export function countGc(name: string): () => void {
  const totals = new Map<string, { count: number; ms: number }>();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      const kind = kinds[detail?.kind ?? -1] ?? 'other';
      const total = totals.get(kind) ?? { count: 0, ms: 0 };
      total.count += 1;
      total.ms += entry.duration;
      totals.set(kind, total);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    const memory = process.memoryUsage();
    const cpu = process.cpuUsage();
    const parts = [...totals].map(([kind, t]) => `${kind} ${t.count}× ${t.ms.toFixed(0)} ms`);
    process.stderr.write(
      `gc ${name}: ${parts.join(', ')}; CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms; heap ${mb(memory.heapUsed)} of ${mb(memory.heapTotal)}, rss ${mb(memory.rss)}\n`,
    );
  };
}
