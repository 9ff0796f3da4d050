import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { codeOf } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ResponseBudget } from './response-budget.js';
import { SubgraphClient } from './subgraph-client.js';

/** What the subgraph answers next: a JSON body of about `bytes`, streamed in 16 KiB writes. */
interface Answer {
  bytes: number;
  /** Send `content-length` (else chunked). */
  declare?: boolean;
  /** The character the padding is made of (multi-byte ones test decoding across chunks). */
  fill?: string;
}

const CHUNK = 16 * 1024;

describe('subgraph answers within a byte budget (real HTTP)', () => {
  let server: Server;
  let url = '';
  let next: Answer = { bytes: 100 };
  let requests = 0;
  /** Settles when the last answer ended: how much of it was written, and whether all of it. */
  let lastAnswer: Promise<{ written: number; complete: boolean }> = Promise.resolve({
    written: 0,
    complete: true,
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => {
        const { bytes, declare = false, fill = 'x' } = next;
        const padding = fill.repeat(Math.max(0, Math.floor((bytes - 30) / Buffer.byteLength(fill))));
        const body = Buffer.from(`{"data":{"text":"${padding}"}}`);
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(declare ? { 'content-length': String(body.length) } : {}),
        });
        lastAnswer = new Promise((resolve) => {
          let written = 0;
          const write = () => {
            if (res.destroyed) return resolve({ written, complete: false });
            if (written >= body.length) {
              res.end();
              return resolve({ written, complete: true });
            }
            const chunk = body.subarray(written, written + CHUNK);
            written += chunk.length;
            res.write(chunk, write);
          };
          res.on('close', () => resolve({ written, complete: written >= body.length }));
          write();
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = 0;
  });

  const body = '{"query":"{ text }"}';
  const failure = async (promise: Promise<unknown>): Promise<GraphQLError> => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e as GraphQLError,
    );
    if (!error) throw new Error('expected the call to fail');
    return error;
  };

  it('reads an answer within the limits whole, decoding characters split between chunks', async () => {
    const client = new SubgraphClient('knowledge', url, { maxResponseBytes: 1024 * 1024 });
    try {
      next = { bytes: 200 * 1024, fill: 'é€' };
      const budget = new ResponseBudget(1024 * 1024);
      const reply = await client.call({ kind: 'query', body, budget }, undefined);
      const text = (reply.data as { text: string }).text;
      expect(text.length).toBeGreaterThan(50_000);
      expect(text.replaceAll('é€', '')).toBe('');
      expect(budget.exceeded).toBeUndefined();
    } finally {
      await client.close();
    }
  });

  it('cuts off an answer over the subgraph limit as it streams in, and says so', async () => {
    const client = new SubgraphClient('knowledge', url, { maxResponseBytes: 64 * 1024 });
    try {
      next = { bytes: 16 * 1024 * 1024 };
      const budget = new ResponseBudget(1024 * 1024 * 1024);
      const error = await failure(client.call({ kind: 'query', body, budget }, undefined));
      expect(codeOf(error)).toBe('RESPONSE_TOO_LARGE');
      expect(error.extensions).toMatchObject({ max: 64 * 1024, subgraph: 'knowledge' });
      expect(error.message).toMatch(/larger than 65536 bytes.*fewer items/);
      // The request as a whole is refused, and the subgraph was stopped mid-answer.
      expect(budget.exceeded).toBe(error);
      const answer = await lastAnswer;
      expect(answer.complete).toBe(false);
      expect(answer.written).toBeLessThan(16 * 1024 * 1024);
    } finally {
      await client.close();
    }
  });

  it('refuses a declared content-length over the limit without reading it', async () => {
    const client = new SubgraphClient('knowledge', url, { maxResponseBytes: 64 * 1024 });
    try {
      next = { bytes: 32 * 1024 * 1024, declare: true };
      const error = await failure(client.call({ kind: 'query', body }, undefined));
      expect(codeOf(error)).toBe('RESPONSE_TOO_LARGE');
      expect((await lastAnswer).complete).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('refuses once the answers of one request add up past its budget, then sends nothing more', async () => {
    const client = new SubgraphClient('knowledge', url, { maxResponseBytes: 1024 * 1024 });
    try {
      const budget = new ResponseBudget(100 * 1024);
      next = { bytes: 60 * 1024 };
      await client.call({ kind: 'query', body, budget }, undefined);
      const error = await failure(client.call({ kind: 'query', body, budget }, undefined));
      expect(codeOf(error)).toBe('RESPONSE_TOO_LARGE');
      expect(error.extensions).toMatchObject({ max: 100 * 1024 });
      expect(error.extensions).not.toHaveProperty('subgraph');
      expect(budget.exceeded).toBe(error);
      expect(requests).toBe(2);
      await expect(client.call({ kind: 'query', body, budget }, undefined)).rejects.toBe(error);
      expect(requests).toBe(2);
      // Another request has a budget of its own.
      await client.call({ kind: 'query', body, budget: new ResponseBudget(100 * 1024) }, undefined);
      expect(requests).toBe(3);
    } finally {
      await client.close();
    }
  });
});
