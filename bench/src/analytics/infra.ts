// What the analytics bench runs on: fresh databases on one PostgreSQL server, a Redis key prefix
// removed afterwards, and the machine's CPU time (to say where the two cores went).
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRedis } from '@ukp/kit';
import { testRedisUrl } from '@ukp/kit/testing';
import { createBenchDatabase as createBenchDatabaseOn } from '../bench-database.js';

export { postgresVersion } from '../bench-database.js';

/** A fresh database for one analytics run (bench-database.ts). */
export const createBenchDatabase = () => createBenchDatabaseOn('ukp_bench_analytics');

/** Deletes the run's keys (SCAN + UNLINK): the Redis is shared, so never FLUSHALL. */
export async function clearRedisPrefix(prefix: string): Promise<void> {
  const redis = await createRedis({ url: testRedisUrl, name: 'bench-analytics-cleanup' });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}

/** CPU seconds (user + system) so far of the machine and of the local PostgreSQL and Redis processes. */
export interface CpuTimes {
  /** Every core's busy time (`/proc/stat`). */
  machine: number;
  postgres: number;
  redis: number;
}

/**
 * Linux only (`/proc`). A Postgres backend that exits between two readings takes its time with
 * it (then counted as "other"): the bench's connections stay open while it measures.
 */
export function cpuTimes(): CpuTimes {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const times: CpuTimes = {
    machine: (fields.reduce((a, b) => a + b, 0) - idle) / TICKS,
    postgres: 0,
    redis: 0,
  };
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const key = comm === 'postgres' ? 'postgres' : comm === 'redis-server' ? 'redis' : null;
    if (!key) continue;
    // After "pid (comm) ": state is field 3; utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    times[key] += (Number(rest[11]) + Number(rest[12])) / TICKS;
  }
  return times;
}

/** Clock ticks a second of `/proc` times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** This process's CPU time in seconds. */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export const CORES = cpus().length;
