// `pnpm bench:fanout`: graphql-ws subscribers of one document's events through one gateway, an
// edit every 100 ms. The platform runs in its own process (its memory and CPU read alone); the
// subscribers in FANOUT_PROCESSES client processes (./fanout/client-process.ts), so the load
// generator is not what saturates; the editor here. Every process reads one wall clock, so an
// edit's send time here and its arrival there subtract. Sizes: FANOUT_CLIENTS (1000,5000,10000),
// the first one the baseline of the ratios. FANOUT_HISTORY: random edits the document gets first
// (one update), for costs that grow with its history. Exits 1 when any event was lost.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Editor } from './fanout/editor.js';
import { startPlatform } from './fanout/platform.js';
import { lossOf, quantile, ratiosTable, resultsTable } from './fanout/report.js';
import { runSize, type SizeResult } from './fanout/run-size.js';
import { type ClientProcess, startClientProcess } from './fanout/workers.js';

const sizes = (process.env.FANOUT_CLIENTS ?? '1000,5000,10000').split(',').map(Number);
const edits = Number(process.env.FANOUT_EDITS ?? 60);
const processes = Number(process.env.FANOUT_PROCESSES ?? 4);
const TARGET = { subscribers: 10_000, p99Ms: 250 };
const port = 4700 + Math.floor(Math.random() * 200);
const largest = Math.max(...sizes);

// Children inherit this limit: the platform holds every socket, and each client process its share.
const openFiles = Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? 0);
if (openFiles < largest + 1000) {
  console.error(`ulimit -n is ${openFiles}: raise it above ${largest + 1000} for ${largest} subscribers.`);
  process.exit(1);
}
const dataDir = mkdtempSync(join(tmpdir(), 'ukp-fanout-'));

const platform = await startPlatform({
  dataDir,
  port,
  maxSockets: largest,
  cpuProfileDir: process.env.FANOUT_CPU_PROF,
});
const clients: ClientProcess[] = Array.from({ length: processes }, () => startClientProcess());
const results: SizeResult[] = [];
try {
  const editor = new Editor(`http://127.0.0.1:${port}/graphql`, dataDir);
  await editor.signIn();
  await editor.createDocument();
  await editor.seedHistory(Number(process.env.FANOUT_HISTORY ?? 0));
  console.log(
    `${processes} client processes, ulimit -n ${openFiles}; the gateway's socket caps raised to ${largest + 1000} per address and in all (${largest * 10} new a minute); ${edits} edits, one every 100 ms; latency from an edit's send to its arrival (an upper bound of commit → arrival: the mutation answers once committed, see "commit")`,
  );
  for (const subscribers of sizes) {
    const result = await runSize(
      {
        platform,
        editor,
        clients,
        wsUrl: `ws://127.0.0.1:${port}/graphql`,
        edits,
        intervalMs: 100,
        drainMs: 10_000,
      },
      subscribers,
    );
    results.push(result);
    console.log(
      `${subscribers}: ${result.opened} subscribed in ${result.connectSeconds.toFixed(1)} s (${result.probes} probes), p99 ${quantile(result.latencies, 99).toFixed(1)} ms, ${result.reordered} arrivals after an edit sent later`,
    );
  }
} finally {
  await Promise.all(clients.map((c) => c.stop()));
  await platform.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

console.log(`\n${resultsTable(results)}\n\n${ratiosTable(results)}\n`);
const target = results.find((r) => r.subscribers === TARGET.subscribers);
if (target) {
  const p99 = quantile(target.latencies, 99);
  console.log(
    `${TARGET.subscribers} subscribers, p99 < ${TARGET.p99Ms} ms: ${p99 < TARGET.p99Ms ? 'met' : 'NOT met'} (${p99.toFixed(1)} ms)`,
  );
}
const lossy = results.filter((r) => lossOf(r).length > 0);
for (const r of lossy) {
  console.error(`\n!!! EVENTS LOST with ${r.subscribers} subscribers:\n  - ${lossOf(r).join('\n  - ')}`);
}
if (lossy.length === 0) console.log('Every edit reached every subscriber exactly once, in order.');
else process.exitCode = 1;
