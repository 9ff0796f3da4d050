import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HttpError, readBody } from './graphql-http.js';

/** An in-memory stand-in for a request: a stream with headers. */
function fakeRequest(headers: Record<string, string>): PassThrough & IncomingMessage {
  return Object.assign(new PassThrough(), { headers }) as unknown as PassThrough & IncomingMessage;
}

async function failure(promise: Promise<unknown>): Promise<HttpError> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readBody did not settle within 2 s')), 2000);
  });
  try {
    await Promise.race([promise, timeout]);
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error('expected readBody to fail');
}

describe('readBody', () => {
  it('reads plain, gzip and deflate bodies', async () => {
    const text = JSON.stringify({ query: '{ hello }' });
    const plain = fakeRequest({});
    plain.end(text);
    expect(await readBody(plain, 1024)).toBe(text);

    const gzip = fakeRequest({ 'content-encoding': 'gzip' });
    gzip.end(gzipSync(text));
    expect(await readBody(gzip, 1024)).toBe(text);

    const deflate = fakeRequest({ 'content-encoding': 'DEFLATE' });
    deflate.end(deflateSync(text));
    expect(await readBody(deflate, 1024)).toBe(text);
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    const exact = fakeRequest({});
    exact.end('x'.repeat(100));
    expect(await readBody(exact, 100)).toHaveLength(100);

    const over = fakeRequest({});
    over.end('x'.repeat(101));
    const error = await failure(readBody(over, 100));
    expect([error.status, error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // The request stream is left for the server to drain; only the server closes the connection.
    expect(over.destroyed).toBe(false);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const req = fakeRequest({ 'content-length': '101' });
    const error = await failure(readBody(req, 100));
    expect(error.status).toBe(413);
  });

  it('counts the inflated size, not the wire size', async () => {
    const req = fakeRequest({ 'content-encoding': 'gzip' });
    req.end(gzipSync(Buffer.alloc(10_000)));
    const error = await failure(readBody(req, 1000));
    expect([error.status, error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('fails with 400 when the client aborts mid-body, compressed or not', async () => {
    for (const headers of [{}, { 'content-encoding': 'gzip' }] as Array<Record<string, string>>) {
      const req = fakeRequest(headers);
      const body = gzipSync(JSON.stringify({ query: '{ hello }', pad: 'y'.repeat(1000) }));
      req.write(body.subarray(0, 10));
      const reading = readBody(req, 10_000);
      setImmediate(() => req.destroy(new Error('aborted')));
      const error = await failure(reading);
      expect([error.status, error.code]).toEqual([400, 'BAD_REQUEST']);
    }
  });

  it('refuses an unknown content-encoding with 415', async () => {
    const req = fakeRequest({ 'content-encoding': 'br' });
    req.end('x');
    const error = await failure(readBody(req, 100));
    expect(error.status).toBe(415);
  });
});
