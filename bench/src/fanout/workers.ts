import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerReply, WorkerRequest } from './protocol.js';

const entry = fileURLToPath(new URL('./client-process.ts', import.meta.url));

export interface ClientProcess {
  pid: number;
  ask<T>(request: WorkerRequest): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A client process with an IPC channel. `advanced` serialisation carries the arrival times as a
 * Float64Array instead of a JSON array of hundreds of thousands of numbers.
 */
export function startClientProcess(): ClientProcess {
  const child: ChildProcess = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let seq = 0;
  child.on('message', (reply: WorkerReply) => {
    const waiter = pending.get(reply.seq);
    if (!waiter) return;
    pending.delete(reply.seq);
    if (reply.ok) waiter.resolve(reply.value);
    else waiter.reject(new Error(`client process ${child.pid}: ${reply.error}`));
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`client process exited ${code}`));
      pending.clear();
      resolve();
    }),
  );
  return {
    pid: child.pid ?? 0,
    ask<T>(request: WorkerRequest): Promise<T> {
      seq += 1;
      const id = seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ seq: id, ...request });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.disconnect();
      await exited;
    },
  };
}
