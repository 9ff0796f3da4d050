/**
 * CPU time per operation, next to the latencies: the bench runs the platform, its client and the
 * measured call in this one process, sequentially, so the process's CPU time during a call is
 * what the call cost (gateway, subgraph and client alike). Unlike latency it hardly moves when
 * other work shares the machine's cores.
 */
export interface CpuCase {
  name: string;
  task: (i: number) => Promise<void>;
}

export function cpuMeter() {
  const totals = new Map<string, { micros: number; calls: number }>();
  return {
    /** The same cases, each call's CPU time added to its case's total. */
    wrap(cases: CpuCase[]): CpuCase[] {
      return cases.map((c) => ({
        name: c.name,
        task: async (i: number) => {
          const before = process.cpuUsage();
          await c.task(i);
          const spent = process.cpuUsage(before);
          const total = totals.get(c.name) ?? { micros: 0, calls: 0 };
          total.micros += spent.user + spent.system;
          total.calls += 1;
          totals.set(c.name, total);
        },
      }));
    },
    /** Mean CPU milliseconds per call of a case (warm-up calls included). */
    msPerCall(name: string): number {
      const total = totals.get(name);
      return total ? total.micros / 1000 / total.calls : Number.NaN;
    },
  };
}
