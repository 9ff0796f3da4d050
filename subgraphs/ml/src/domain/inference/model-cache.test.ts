import { createMemoryBus, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { LoadedModel } from '../learn/index.js';
import { ML_TOPICS, type ModelArchivedEvent } from '../topics.js';
import { createModelCache, evictArchivedModels } from './model-cache.js';

// The cache only stores and hands back what the loader gives: identity is all these tests look at.
const modelOf = (id: string) => ({ labels: [id] }) as unknown as LoadedModel;

/** A loader whose loads the test settles, counting them per id. */
function manualLoader() {
  const calls: string[] = [];
  const pending: { id: string; resolve(m: LoadedModel): void; reject(e: Error): void }[] = [];
  const load = (id: string) => {
    calls.push(id);
    return new Promise<LoadedModel>((resolve, reject) => pending.push({ id, resolve, reject }));
  };
  const settleAll = async () => {
    for (const p of pending.splice(0)) p.resolve(modelOf(p.id));
    await Promise.resolve();
  };
  return { load, calls, pending, settleAll };
}

describe('createModelCache', () => {
  it('loads a version once for concurrent and later uses', async () => {
    const loader = manualLoader();
    const cache = createModelCache(loader.load, 4);
    const first = cache.load('v1');
    const second = cache.load('v1');
    await loader.settleAll();
    expect(await first).toBe(await second);
    expect(await cache.load('v1')).toBe(await first);
    expect(loader.calls).toEqual(['v1']);
    expect(cache.has('v1')).toBe(true);
  });

  it('forgets an evicted version: the next use loads it again', async () => {
    const loader = manualLoader();
    const cache = createModelCache(loader.load, 4);
    const before = cache.load('v1');
    await loader.settleAll();
    await before;
    cache.evict('v1');
    expect(cache.has('v1')).toBe(false);
    const after = cache.load('v1');
    await loader.settleAll();
    expect(await after).not.toBe(await before);
    expect(loader.calls).toEqual(['v1', 'v1']);
  });

  it('does not keep a load that was in flight when its version was evicted', async () => {
    const loader = manualLoader();
    const cache = createModelCache(loader.load, 4);
    const inFlight = cache.load('v1');
    cache.evict('v1');
    await loader.settleAll();
    expect((await inFlight).labels).toEqual(['v1']); // the caller that asked still gets it
    expect(cache.has('v1')).toBe(false);
  });

  it('does not remember a failed load, nor let it drop the load that replaced it', async () => {
    const loader = manualLoader();
    const cache = createModelCache(loader.load, 4);
    const failing = cache.load('v1');
    cache.evict('v1');
    const replacing = cache.load('v1');
    loader.pending.shift()!.reject(new Error('registry away'));
    await expect(failing).rejects.toThrow('registry away');
    expect(cache.has('v1')).toBe(true);
    await loader.settleAll();
    expect((await replacing).labels).toEqual(['v1']);

    const again = cache.load('v2');
    loader.pending.shift()!.reject(new Error('registry away'));
    await expect(again).rejects.toThrow('registry away');
    expect(cache.has('v2')).toBe(false);
  });
});

describe('evictArchivedModels', () => {
  it('evicts the version an archive announces', async () => {
    const loader = manualLoader();
    const cache = createModelCache(loader.load, 4);
    const bus = createMemoryBus();
    const stop = await evictArchivedModels(bus, cache, silentLogger());
    try {
      const loads = [cache.load('v1'), cache.load('v2')];
      await loader.settleAll();
      await Promise.all(loads);
      const event: ModelArchivedEvent = { name: 'tags', version: 1, modelId: 'v1' };
      await bus.publish(ML_TOPICS.modelArchived, event);
      await expect.poll(() => cache.has('v1')).toBe(false);
      expect(cache.has('v2')).toBe(true);
    } finally {
      await stop();
      await bus.close();
    }
  });
});
