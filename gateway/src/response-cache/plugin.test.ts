import { HeaderMap } from '@apollo/server';
import { silentLogger } from '@ukp/kit';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { CacheHint } from '../execution/cache-hint.js';
import { responseCachePlugin } from './plugin.js';
import { MemoryResponseStore } from './store.js';

/** Apollo's CachePolicy, as far as the plugin reads it. */
function policy(hints: CacheHint[]) {
  let maxAge: number | undefined;
  let scope: 'PUBLIC' | 'PRIVATE' = 'PUBLIC';
  for (const hint of hints) {
    if (hint.maxAge !== undefined) maxAge = Math.min(maxAge ?? hint.maxAge, hint.maxAge);
    if (hint.scope === 'PRIVATE') scope = 'PRIVATE';
  }
  return { policyIfCacheable: () => (maxAge ? { maxAge, scope } : null) };
}

/** Drives the plugin's hooks for one anonymous query as Apollo would; `hints` are the subgraphs'. */
async function request(plugin: ReturnType<typeof responseCachePlugin>, query: string, hints: CacheHint[]) {
  const document = parse(query);
  const listeners = await plugin.requestDidStart!({} as never);
  const context = {
    request: { http: { headers: new HeaderMap() }, variables: {} },
    contextValue: {},
    document,
    operation: getOperationAST(document)!,
    operationName: null,
    queryHash: query,
  };
  const cached = await listeners!.responseForOperation!(context as never);
  if (cached) return { served: 'cache' as const, xCache: cached.http?.headers.get('x-cache') };
  const headers = new HeaderMap();
  await listeners!.willSendResponse!({
    ...context,
    response: { http: { headers }, body: { kind: 'single', singleResult: { data: { ok: true } } } },
    overallCachePolicy: policy(hints),
  } as never);
  return { served: 'executed' as const, xCache: headers.get('x-cache') };
}

function plugin(store = new MemoryResponseStore()) {
  let lookups = 0;
  const counting = Object.assign(Object.create(store) as MemoryResponseStore, {
    get: (key: string) => {
      lookups += 1;
      return store.get(key);
    },
  });
  return {
    plugin: responseCachePlugin({
      store: counting,
      dedupInflight: false,
      logger: silentLogger(),
      onHit: () => {},
      onMiss: () => {},
    }),
    lookups: () => lookups,
  };
}

describe('response cache policy from subgraph hints', () => {
  it('stores a public answer for its max-age and serves it', async () => {
    const { plugin: p } = plugin();
    expect(await request(p, '{ a }', [{ maxAge: 30, scope: 'PUBLIC' }])).toEqual({
      served: 'executed',
      xCache: 'MISS',
    });
    expect(await request(p, '{ a }', [])).toEqual({ served: 'cache', xCache: 'HIT' });
  });

  it('never stores a private answer, nor one a subgraph gave no max-age', async () => {
    const { plugin: p } = plugin();
    await request(p, '{ private }', [{ maxAge: 30 }, { scope: 'PRIVATE' }]);
    expect((await request(p, '{ private }', [{ maxAge: 30 }])).served).toBe('executed');
    await request(p, '{ unhinted }', [{ maxAge: 30 }, { maxAge: 0 }]);
    expect((await request(p, '{ unhinted }', [{ maxAge: 30 }])).served).toBe('executed');
  });

  it('stops looking up an operation whose answers are uncacheable', async () => {
    const { plugin: p, lookups } = plugin();
    await request(p, '{ unhinted }', [{ maxAge: 0 }]);
    const before = lookups();
    const again = await request(p, '{ unhinted }', [{ maxAge: 0 }]);
    expect(again).toEqual({ served: 'executed', xCache: undefined });
    expect(lookups()).toBe(before);
  });
});
