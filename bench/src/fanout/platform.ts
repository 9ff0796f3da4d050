import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchPlatformEnv } from '../platform-env.js';
import { MEMORY_LINE } from './memory-probe.js';

const memoryProbe = fileURLToPath(new URL('./memory-probe.ts', import.meta.url));

// FANOUT_PLATFORM_ROOT: another checkout's platform (with its node_modules), for an A/B run.
const root = process.env.FANOUT_PLATFORM_ROOT ?? fileURLToPath(new URL('../../..', import.meta.url));
const TICKS_PER_SECOND = 100;

export interface PlatformMemory {
  rss: number;
  heapUsed: number;
}

export interface PlatformProcess {
  pid: number;
  port: number;
  /** Its memory in bytes, read after a full garbage collection. */
  memory(): Promise<PlatformMemory>;
  /** CPU used so far by every thread, ms, in user space and in the kernel; 10 ms resolution. */
  cpuMs(): { user: number; system: number };
  stop(): Promise<void>;
}

export interface PlatformOptions {
  dataDir: string;
  port: number;
  /** The most sockets the run opens: the gateway's socket caps are raised above it. */
  maxSockets: number;
  /** A directory for `--cpu-prof` of the platform process, written when it exits. */
  cpuProfileDir?: string | undefined;
}

/**
 * The platform in its own process, so its memory and CPU are read alone. One address opens every
 * socket here, so the gateway's per-address and per-instance caps (512 open, 600 a minute, 10,000
 * in all) are raised above the run's size; everything else is the bench's usual environment.
 */
export async function startPlatform(options: PlatformOptions): Promise<PlatformProcess> {
  const caps = String(options.maxSockets + 1000);
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
      '--expose-gc',
      '--import',
      'tsx',
      '--import',
      memoryProbe,
      '--conditions=ukp-source',
      `${root}/platform/src/main.ts`,
    ],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        ...benchPlatformEnv(options.dataDir),
        PORT: String(options.port),
        LOG_LEVEL: 'error',
        LOG_FORMAT: 'json',
        WS_MAX_SOCKETS_PER_ADDRESS: caps,
        WS_MAX_NEW_SOCKETS_PER_ADDRESS_PER_MINUTE: String(options.maxSockets * 10),
        WS_MAX_SOCKETS: caps,
        ...(process.env.BENCH_REDIS_URL
          ? {
              REDIS_URL: process.env.BENCH_REDIS_URL,
              REDIS_KEY_PREFIX: `bench-${randomBytes(3).toString('hex')}:`,
            }
          : {}),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const memoryWaiters: Array<(memory: PlatformMemory) => void> = [];
  let up: () => void = () => {};
  let pending = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(MEMORY_LINE)) memoryWaiters.shift()?.(JSON.parse(line.slice(MEMORY_LINE.length)));
      else if (line.includes('UKP is up')) up();
    }
  });
  await new Promise<void>((resolve, reject) => {
    up = resolve;
    child.once('exit', (code) => reject(new Error(`platform exited ${code}`)));
  });
  const pid = child.pid!;
  return {
    pid,
    port: options.port,
    memory: () =>
      new Promise<PlatformMemory>((resolve) => {
        memoryWaiters.push(resolve);
        child.kill('SIGUSR2');
      }),
    cpuMs: () => {
      // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return {
        user: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
        system: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
      };
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
