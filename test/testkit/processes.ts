import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ukp/kit/testing';

export { freePort };

import { vi } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM and wait; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait: a crash, nothing flushed. */
  kill(): Promise<void>;
}

/**
 * Runs one service's real entry point (`src/main.ts`, as `pnpm start` would run it) in its own
 * process and waits until its `/readyz` answers 200.
 */
export async function startService(
  name: string,
  entry: string,
  port: number,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=ukp-source', `${root}/${entry}`], {
    cwd: root,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}/graphql`;
  // Once ready, a later exit is the test's to judge; before that it fails the start at once.
  const exitedEarly = exited.then((code) =>
    Promise.reject(new Error(`${name} exited with ${code}:\n${output}`)),
  );
  exitedEarly.catch(() => {});
  const ready = vi.waitFor(
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) });
      if (response.status !== 200) throw new Error(`/readyz answered ${response.status}`);
    },
    { timeout: timeoutMs, interval: 200 },
  );
  try {
    await Promise.race([ready, exitedEarly]);
  } catch (error) {
    if (child.exitCode !== null) throw error;
    child.kill('SIGKILL');
    throw new Error(`${name} was not ready within ${timeoutMs} ms (${String(error)}):\n${output}`);
  }
  return {
    name,
    child,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
