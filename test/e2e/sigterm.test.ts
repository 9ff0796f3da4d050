import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformTestEnv } from '../testkit/platform.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Waits for the line that announces the gateway URL, or fails with what the process printed. */
function waitForUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/localhost:(\d+)\/graphql/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://localhost:${match[1]}/graphql`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`platform exited with ${code}:\n${output}`));
    });
  });
}

describe('SIGTERM', () => {
  let database: TestDatabase;
  let dataDir: string;
  let child: ChildProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'ukp-sigterm-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets an in-flight request finish, then exits 0', async () => {
    // The real entry point as `pnpm start` runs it, in its own process.
    child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=ukp-source', join(root, 'platform/src/main.ts')],
      {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          ...platformTestEnv(database.url, dataDir),
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = new URL(await waitForUrl(child, 60_000));

    // Start a request and hold its body back: it is in flight when the signal arrives.
    const body = JSON.stringify({ query: '{ me { id } }' });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'POST',
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
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 300);
      }, 200);
    });

    const result = await response;
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text)).toEqual({ data: { me: null } });
    expect(await exited).toBe(0);

    // And it no longer accepts connections.
    await expect(fetch(url, { method: 'POST', body })).rejects.toThrow();
  });
});
