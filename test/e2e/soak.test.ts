// The CI soak: two minutes (SOAK_MINUTES) of the same mixed traffic `pnpm bench:soak` runs, against
// users, knowledge and the gateway as separate processes. Runs in its own vitest project (`soak`,
// after the others), so it neither starves nor is starved by the parallel files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { soakReport } from '../../bench/src/soak/report.js';
import { runSoak } from '../../bench/src/soak/run.js';
import { growthOf, idleOf, leaksOf } from '../../bench/src/soak/stats.js';

const resultsDir = fileURLToPath(new URL('../../bench-results', import.meta.url));

describe('soak bounds', () => {
  it('fail a leaking series and pass a flat one', () => {
    const series = (f: (t: number) => number) =>
      Array.from({ length: 60 }, (_, i) => ({ t: i * 2, v: f(i * 2) }));
    expect(
      growthOf(
        series(() => 100),
        120,
      ).ok,
    ).toBe(true);
    // +0.4% a second: ~13% between the window after the (60 s) warm-up and the last one.
    const leaking = growthOf(
      series((t) => 100 * (1 + 0.004 * t)),
      120,
    );
    expect(leaking.ok).toBe(false);
    expect(leaking.growth).toBeGreaterThan(0.1);
    // Warm-up growth is not judged: a rise to a plateau within the first minute then flat passes
    // (RSS as the allocator's arenas grow under sign-in load)…
    expect(
      growthOf(
        series((t) => (t < 52 ? 200 + t / 2 : 232)),
        120,
      ).ok,
    ).toBe(true);
    // …but a rise that goes on after it does not.
    expect(
      growthOf(
        series((t) => (t < 80 ? 200 : 240)),
        120,
      ).ok,
    ).toBe(false);
    const stats = {
      gc: true,
      heapUsed: 0,
      rss: 0,
      external: 0,
      sockets: 5,
      servers: 1,
      timers: 4,
      immediates: 0,
      processListeners: 13,
      resources: {},
    };
    expect(
      leaksOf(idleOf(stats, 4), idleOf({ ...stats, sockets: 9 }, 4)).find((l) => l.count === 'sockets')?.ok,
    ).toBe(false);
    expect(leaksOf(idleOf(stats, 4), idleOf({ ...stats, processListeners: 14 }, 4)).every((l) => l.ok)).toBe(
      false,
    );
    expect(leaksOf(idleOf(stats, 4), idleOf(stats, 5)).every((l) => l.ok)).toBe(true);
  });
});

describe('soak', () => {
  const minutes = Number(process.env.SOAK_MINUTES ?? 2);
  // RSS over a two-minute run swings by ±15% with the allocator, not with the program (seen in
  // CI: users' RSS 196–259 MB while its heap stayed at 83 MB, as argon2id's 19 MiB blocks come and
  // go from glibc's arenas), so the short variant bounds RSS at 20% and leaves the 10% to
  // runs of ten minutes or more (`pnpm bench:soak`); the heap is held to 10% either way.
  const rssBound = minutes >= 10 ? 0.1 : 0.2;
  it(
    `${minutes} min of mixed traffic: heap < 10% and RSS < ${rssBound * 100}% growth after warm-up, no counts leak`,
    async () => {
      const result = await runSoak({ minutes });
      const report = soakReport(result);
      // The figures for the record (CI keeps bench-results/ as an artifact if asked to).
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(`${resultsDir}/soak-ci.md`, `# CI soak, ${minutes} min\n\n${report}\n`);
      for (const s of result.services) {
        expect(s.gc, `${s.service} ran with --expose-gc`).toBe(true);
        expect(s.heap.growth, `${s.service} heap\n${report}`).toBeLessThan(0.1);
        expect(s.rss.growth, `${s.service} RSS\n${report}`).toBeLessThan(rssBound);
        for (const leak of s.leaks) expect(leak.ok, `${s.service} ${leak.count}\n${report}`).toBe(true);
      }
      const total = Object.values(result.ops).reduce((n, c) => n + c.ok + c.failed, 0);
      expect(total).toBeGreaterThan(100);
      expect(result.errors, report).toEqual([]);
    },
    (minutes * 60 + 90) * 1000,
  );
});
