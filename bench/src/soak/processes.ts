// The soak's processes: each service in its own Node process (./child.ts, --expose-gc, an IPC
// channel for stats), on a free port, ready when its /readyz answers 200.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildStats } from './stats.js';

const childEntry = fileURLToPath(new URL('./child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface SoakProcess {
  service: string;
  url: string;
  pid: number;
  stats(): Promise<ChildStats>;
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSoakProcess(
  service: 'users' | 'knowledge' | 'analytics' | 'ml' | 'gateway',
  port: number,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<SoakProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--conditions=ukp-source', childEntry, service],
    {
      cwd: root,
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${service} exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${service} not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(200);
  }
  return {
    service,
    url,
    pid: child.pid ?? 0,
    output: () => output,
    stats: () =>
      new Promise<ChildStats>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error(`${service} did not answer stats`));
        }, 10_000);
        const onMessage = (message: unknown) => {
          const m = message as { type?: string; stats?: ChildStats };
          if (m.type !== 'stats' || !m.stats) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m.stats);
        };
        child.on('message', onMessage);
        child.send({ type: 'stats' });
      }),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
