import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { freePort } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// The standalone gateway entry as the image runs it, with GATEWAY_WORKERS=2, in its own process
// tree. `{ __typename }` needs no subgraph, so nothing else is started.
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const startupMs = 120_000;

interface LogLine {
  msg: string;
  pid?: number;
  role?: string;
  workerPid?: number;
  [key: string]: unknown;
}

/** The gateway's JSON log lines as they arrive, and a way to wait for one. */
function logLines(child: ChildProcess) {
  const lines: LogLine[] = [];
  const waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  let partial = '';
  let output = '';
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const text of complete) {
      if (!text.startsWith('{')) continue;
      const line = JSON.parse(text) as LogLine;
      lines.push(line);
      for (const w of waiters.filter((w) => w.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    lines,
    /** The first line (from `from` on) that matches; fails with everything printed so far. */
    waitFor(match: (l: LogLine) => boolean, from = 0, timeoutMs = startupMs): Promise<LogLine> {
      const seen = lines.slice(from).find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such log line; output:\n${output}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
      });
    },
  };
}

/** One POST on a connection of its own, so the primary hands each to the next worker. */
function post(url: string, body: string, hold?: Promise<void>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    if (!hold) {
      req.end(body);
      return;
    }
    // Half the body now, the rest once `hold` settles: the request is in flight meanwhile.
    req.write(body.slice(0, 10));
    void hold.then(() => req.end(body.slice(10)));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const query = JSON.stringify({ query: '{ __typename }' });
const answered = (r: { status: number; text: string }) =>
  expect({ status: r.status, body: JSON.parse(r.text) }).toEqual({
    status: 200,
    body: { data: { __typename: 'Query' } },
  });

describe('GATEWAY_WORKERS=2', () => {
  let child: ChildProcess;
  let log: ReturnType<typeof logLines>;
  let exited: Promise<number | null>;
  let url: string;
  const workerPids = () =>
    new Set(log.lines.filter((l) => l.msg === 'worker listening').map((l) => l.workerPid!));

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/graphql`;
    child = spawn(process.execPath, ['--import', 'tsx', '--conditions=ukp-source', main], {
      env: {
        PATH: process.env.PATH,
        GATEWAY_WORKERS: '2',
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: 'cluster-test-secret-of-at-least-32-bytes',
        LOG_LEVEL: 'info',
        LOG_FORMAT: 'json',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    log = logLines(child);
    await log.waitFor((l) => l.msg === 'all workers listening');
  }, startupMs + 10_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    for (const pid of workerPids()) if (alive(pid)) process.kill(pid, 'SIGKILL');
  });

  it('serves requests on one port from both workers', async () => {
    const from = log.lines.length;
    const results = await Promise.all(Array.from({ length: 12 }, () => post(url, query)));
    for (const r of results) answered(r);
    // The access log names the process that served each request.
    const served = () => log.lines.slice(from).filter((l) => l.msg === 'request');
    await vi.waitFor(() => expect(served()).toHaveLength(results.length), { timeout: 10_000 });
    const pids = new Set(served().map((l) => l.pid));
    expect([...pids].every((pid) => pid !== undefined && workerPids().has(pid))).toBe(true);
    expect(pids.size).toBe(2);
    expect(pids.has(child.pid)).toBe(false);
  });

  it(
    'restarts a worker that dies',
    async () => {
      const from = log.lines.length;
      const [victim] = workerPids();
      process.kill(victim!, 'SIGKILL');
      const died = await log.waitFor((l) => l.msg === 'worker died: restarting', from);
      expect(died).toMatchObject({ workerPid: victim, signal: 'SIGKILL', restartInMs: 1000 });
      const replacement = await log.waitFor((l) => l.msg === 'worker listening', from);
      expect(replacement.workerPid).not.toBe(victim);
      answered(await post(url, query));
    },
    startupMs,
  );

  it('drains every worker on SIGTERM, finishing a request in flight, and exits 0', async () => {
    const from = log.lines.length;
    const live = [...workerPids()].filter(alive);
    expect(live).toHaveLength(2);
    let release = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inFlight = post(url, query, hold);
    // The request has reached a worker (its connection is open) before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    await log.waitFor((l) => l.msg === 'draining: the primary is shutting down', from);
    release();
    answered(await inFlight);
    expect(await exited).toBe(0);
    expect(live.filter(alive)).toEqual([]);
    expect(log.lines.slice(from).filter((l) => l.msg === 'worker stopped')).toHaveLength(2);
  }, 60_000);
});
