import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestContext, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { createRequestObserver } from './request-observer.js';
import type { RequestRecord } from './request-record.js';

/** Just what `observeHttp` reads of a request and its response. */
function exchange() {
  const req = { method: 'POST', url: '/graphql', headers: {} } as unknown as IncomingMessage;
  const res = Object.assign(new EventEmitter(), {
    getHeader: () => 'req-1',
    writableFinished: true,
    statusCode: 200,
  }) as unknown as ServerResponse;
  return { req, res };
}

describe('request observer', () => {
  it('gives the context a sink for subgraph timings that ends up in the request record', async () => {
    const records: RequestRecord[] = [];
    const observer = createRequestObserver([(record) => records.push(record)], silentLogger());
    const { req, res } = exchange();
    observer.observeHttp(req, res);
    const context: GatewayContext = await observer.context(
      async (): Promise<GatewayContext> => ({
        requestId: 'req-1',
        viewer: null,
        ip: '203.0.113.9',
        logger: silentLogger(),
      }),
    )(req, 'req-1');
    // What the subgraph client does after each fetch.
    context.subgraphTimings?.subgraphFetched('users', 4);
    context.subgraphTimings?.subgraphFetched('users', 1.5);
    context.subgraphTimings?.subgraphFetched('knowledge', 2);
    res.emit('close');
    expect(records).toHaveLength(1);
    expect(records[0]?.subgraphTimings).toEqual({ users: 5.5, knowledge: 2 });
  });

  it('leaves the timings out of a request that fetched nothing', async () => {
    const records: RequestRecord[] = [];
    const observer = createRequestObserver([(record) => records.push(record)], silentLogger());
    const { req, res } = exchange();
    observer.observeHttp(req, res);
    await observer.context(
      async (): Promise<RequestContext> => ({
        requestId: 'req-1',
        viewer: null,
        ip: '203.0.113.9',
        logger: silentLogger(),
      }),
    )(req, 'req-1');
    res.emit('close');
    expect(records[0]?.subgraphTimings).toBeUndefined();
  });
});
