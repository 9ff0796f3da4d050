// Starts ./server-child.ts (the analytics subgraph in its own Node process) and reads its counters.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerCounters } from './server-child.js';

const childEntry = fileURLToPath(new URL('./server-child.ts', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface AnalyticsProcess {
  url: string;
  stats(): Promise<ServerCounters>;
  /** SIGTERM; resolves when it has exited (in-flight batches commit first). */
  stop(): Promise<void>;
}

export async function startAnalyticsProcess(env: Record<string, string>): Promise<AnalyticsProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=ukp-source', childEntry],
    { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('analytics not ready within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}:\n${output}`));
    };
    const onExit = (code: number | null) => fail(new Error(`analytics exited with ${code}`));
    child.once('exit', onExit);
    child.on('message', (message) => {
      const m = message as { type?: string; url?: string };
      if (m.type !== 'ready' || !m.url) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(m.url);
    });
  });

  return {
    url,
    stats: () =>
      new Promise<ServerCounters>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('analytics did not answer stats')), 10_000);
        const onMessage = (message: unknown) => {
          const m = message as { type?: string; stats?: ServerCounters };
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
      await exited;
    },
  };
}
