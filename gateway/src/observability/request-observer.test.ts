import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestContext, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { createRequestObserver } from './request-observer.js';
import type { RequestRecord } from './request-record.js';

/** Just what `observeHttp` reads of a request and its response. */
function exchange(url = '/graphql', method = 'POST') {
  const req = { method, url, headers: {} } as unknown as IncomingMessage;
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

  it('observes GraphQL requests only, however the path is spelled', () => {
    const records: RequestRecord[] = [];
    const observer = createRequestObserver([(record) => records.push(record)], silentLogger());
    const seen = (url: string, method?: string) => {
      const { req, res } = exchange(url, method);
      observer.observeHttp(req, res);
      res.emit('close');
      return records.splice(0).length === 1;
    };
    expect(seen('/graphql')).toBe(true);
    expect(seen('/graphql?query=%7B__typename%7D', 'GET')).toBe(true);
    expect(seen('/./graphql')).toBe(true);
    expect(seen('/graphql#x')).toBe(true);
    expect(seen('/graphqlx')).toBe(false);
    expect(seen('/graphql/')).toBe(false);
    expect(seen('/metrics')).toBe(false);
    expect(seen('/graphql', 'OPTIONS')).toBe(false);
  });
});
