// Runs each contender in a process of its own — a Node entry of ours (ours.ts, ours-workers.ts,
// plain.ts, subgraph-child.ts) or a peer's command — and reads its CPU time from /proc (with its
// children's), so CPU per request is the gateway's, not the load generator's or the subgraphs'.
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { treeCpuMs } from './process-cpu.js';

export interface BenchChild {
  name: string;
  url: string;
  /** User + system CPU milliseconds the child and its descendants have used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

function benchChild(name: string, url: string, child: ChildProcess): BenchChild {
  return {
    name,
    url,
    cpuMs: () => treeCpuMs(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A gateway that does not drain in time must not hold the run up.
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Node flags every Node gateway of the bench runs with (ours, plain, Hive): our gateway's default
 * young generation (its start scripts and image set it; ours.ts is started here, not by them),
 * given to the others too so no contender is measured with a GC setting the others lack.
 */
export const gatewayNodeFlags = ['--max-semi-space-size=64'];

export async function startChild(
  name: string,
  entry: 'ours.ts' | 'ours-workers.ts' | 'plain.ts' | 'subgraph-child.ts',
  env: Record<string, string>,
  /** Node flags for this child alone (BENCH_OURS_B_FLAGS), after BENCH_NODE_FLAGS. */
  nodeFlags: string[] = [],
): Promise<BenchChild> {
  const file = fileURLToPath(new URL(`./${entry}`, import.meta.url));
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each gateway (open it in Chrome DevTools).
  const gateway = entry !== 'subgraph-child.ts';
  const profile =
    gateway && process.env.BENCH_CPU_PROFILE
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`,
          // Cluster workers inherit the flags: Node's default names (with the pid) keep them apart.
          ...(entry === 'ours-workers.ts' ? [] : [`--cpu-prof-name=${name.replace(/\W+/g, '-')}.cpuprofile`]),
        ]
      : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // Flags are for the gateways under test; the subgraphs run as they are. Later flags win.
      ...(gateway ? gatewayNodeFlags : []),
      ...(gateway ? (process.env.BENCH_NODE_FLAGS ?? '') : '').split(' ').filter(Boolean),
      ...nodeFlags,
      ...profile,
      '--import',
      'tsx',
      '--conditions=ukp-source',
      file,
    ],
    {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'development',
        LOG_LEVEL: 'silent',
        BENCH_CHILD_NAME: name,
        ...(gateway && process.env.BENCH_GC_STATS ? { BENCH_GC_STATS: '1' } : {}),
        ...(gateway && process.env.BENCH_ALLOC_PROFILE
          ? { BENCH_ALLOC_PROFILE: process.env.BENCH_ALLOC_PROFILE }
          : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
  return benchChild(name, url, child);
}

export interface Command {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Its GraphQL endpoint: ready once it answers `{ __typename }`. */
  url: string;
}

/** Another vendor's gateway: ready when its endpoint answers; its output kept for a failure. */
export async function startCommand(name: string, c: Command, timeoutMs = 120_000): Promise<BenchChild> {
  const child = spawn(c.command, c.args, {
    cwd: c.cwd,
    env: { PATH: process.env.PATH ?? '', ...c.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-2000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${code ?? signal}`;
  });
  child.once('error', (error) => {
    exited = `could not start: ${error.message}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (!exited && Date.now() < deadline) {
    try {
      const response = await fetch(c.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      if (response.ok) return benchChild(name, c.url, child);
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  child.kill('SIGKILL');
  const why = exited ?? `did not answer within ${timeoutMs / 1000} s`;
  throw new Error(`${name} ${why}; its last output: ${tail.trim().replace(/\s+/g, ' ').slice(-600)}`);
}
