import { Writable } from 'node:stream';
import { createLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { accessLog } from './access-log.js';

describe('access log', () => {
  it('writes one JSON line per request at info level', () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = accessLog(createLogger({ level: 'info', destination: stream }));
    log({
      requestId: 'r1',
      transport: 'http',
      userId: 'u1',
      operationName: 'Login',
      operationType: 'mutation',
      startedAt: new Date(),
      durationMs: 3.25,
      status: 429,
      outcome: 'rejected',
      errorCodes: ['RATE_LIMITED'],
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      msg: 'request',
      requestId: 'r1',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      userId: 'u1',
      operationName: 'Login',
      operationType: 'mutation',
      transport: 'http',
      durationMs: 3.25,
      outcome: 'rejected',
      status: 429,
      errorCodes: ['RATE_LIMITED'],
    });
  });
});
