// Runs a gateway entry (ours.ts / plain.ts) or a subgraph (subgraph-child.ts) in a child process
// and reads its CPU time from /proc, so CPU per request is attributed to the gateway, not to the
// load generator or the subgraphs.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchChild {
  name: string;
  url: string;
  /** User + system CPU milliseconds the child has used so far. */
  cpuMs(): number;
  stop(): Promise<void>;
}

// Linux exposes utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel.
const ticksPerSecond = 100;

function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at `state`, field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
}

export async function startChild(
  name: string,
  entry: 'ours.ts' | 'plain.ts' | 'subgraph-child.ts',
  env: Record<string, string>,
): Promise<BenchChild> {
  const file = fileURLToPath(new URL(`./${entry}`, import.meta.url));
  // BENCH_CPU_PROFILE=<dir> writes a V8 CPU profile of each gateway (open it in Chrome DevTools).
  const gateway = entry !== 'subgraph-child.ts';
  const profile =
    gateway && process.env.BENCH_CPU_PROFILE
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`,
          `--cpu-prof-name=${name}.cpuprofile`,
        ]
      : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      // Flags are for the gateways under test; the subgraphs run as they are.
      ...(gateway ? (process.env.BENCH_NODE_FLAGS ?? '') : '').split(' ').filter(Boolean),
      ...profile,
      '--import',
      'tsx',
      '--conditions=ukp-source',
      file,
    ],
    {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
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
  return {
    name,
    url,
    cpuMs: () => cpuMsOf(child.pid!),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
