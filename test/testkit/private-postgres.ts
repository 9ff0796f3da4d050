import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { freePort } from './processes.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/ukp`: a database of its own on a cluster of its own. */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is cut, the server comes back on the same port. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast`: down until `start()`. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Ends every backend of the platform's database (`pg_terminate_backend`); resolves once they are gone. */
  terminateBackends(): Promise<number>;
  /** Stops the server at once and removes its folder; safe to call twice or after a failed start. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server installed the Debian way (`/usr/lib/postgresql/<version>/bin`). */
function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql')
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error('no PostgreSQL server under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/**
 * A PostgreSQL cluster for one test file, so a fault test may stop, restart and cut it while every
 * other file keeps the shared server on 5432. initdb and the server refuse to run as root, so as
 * root they run as the `postgres` OS user, owning the temporary folder.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const root = mkdtempSync(join(tmpdir(), 'ukp-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(root, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(root, 0o700);
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', `${bin}/${tool}`, ...args])
      : run(`${bin}/${tool}`, args);
  const data = join(root, 'data');
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = (action: string, ...extra: string[]) =>
    pg('pg_ctl', [action, '-D', data, '-l', join(root, 'server.log'), '-w', '-t', '30', ...extra]);

  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await pgCtl('stop', '-m', 'immediate').catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  try {
    // Trust on 127.0.0.1 only, for a throwaway cluster that lives as long as one test file.
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    await pgCtl('start', '-o', serverOptions);
    const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe('create database ukp');
    } finally {
      await admin.end();
    }
  } catch (error) {
    await destroy();
    throw error;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/ukp`;
  return {
    url,
    port,
    restart: async () => {
      await pgCtl('restart', '-m', 'fast', '-o', serverOptions);
    },
    stop: async () => {
      await pgCtl('stop', '-m', 'fast');
    },
    start: async () => {
      await pgCtl('start', '-o', serverOptions);
    },
    terminateBackends: async () => {
      const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, {
        max: 1,
        onnotice: () => {},
      });
      try {
        // With a timeout it waits until each backend has exited (PostgreSQL 14+), so the fault is
        // over when this resolves; without, a busy backend dies some time later.
        const rows = await admin<Array<{ ended: boolean }>>`
          select pg_terminate_backend(pid, 5000) as ended from pg_stat_activity
          where pid <> pg_backend_pid() and datname = 'ukp'`;
        return rows.filter((r) => r.ended).length;
      } finally {
        await admin.end();
      }
    },
    destroy,
  };
}
