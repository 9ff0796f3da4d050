import { createLogger, type EventBus } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '../registry/model-record.js';
import { ML_TOPICS, type ModelServedEvent } from '../topics.js';
import { createExposures } from './exposures.js';

const v = (version: number) => ({ id: `id-${version}`, name: 'document-tags', version }) as ModelRecord;
const at = new Date('2030-01-02T03:04:05.000Z');

function fakeBus(publish: (topic: string, data: unknown) => Promise<void>): EventBus {
  return {
    kind: 'memory',
    publish,
    subscribe: async () => async () => {},
    ping: async () => {},
    close: async () => {},
  } as EventBus;
}

describe('exposures', () => {
  it('announces each (experiment, user, variant) once, with the contract payload', async () => {
    const published: Array<{ topic: string; data: unknown }> = [];
    const bus = fakeBus(async (topic, data) => void published.push({ topic, data }));
    const exposures = createExposures({ bus, logger: createLogger({ level: 'silent' }), now: () => at });
    exposures.served(v(2), 'user-a');
    exposures.served(v(2), 'user-a');
    exposures.served(v(1), 'user-a');
    exposures.served(v(2), 'user-b');
    expect(published).toEqual([
      {
        topic: ML_TOPICS.modelServed,
        data: {
          experimentKey: 'model:document-tags',
          model: 'document-tags',
          version: 2,
          variant: 'v2',
          userId: 'user-a',
          at: at.toISOString(),
        } satisfies ModelServedEvent,
      },
      { topic: ML_TOPICS.modelServed, data: expect.objectContaining({ variant: 'v1', userId: 'user-a' }) },
      { topic: ML_TOPICS.modelServed, data: expect.objectContaining({ variant: 'v2', userId: 'user-b' }) },
    ]);
  });

  it('forgets the oldest keys past its capacity', () => {
    let count = 0;
    const bus = fakeBus(async () => void count++);
    const exposures = createExposures({
      bus,
      logger: createLogger({ level: 'silent' }),
      now: () => at,
      capacity: 2,
    });
    for (const user of ['a', 'b', 'c', 'a']) exposures.served(v(1), user);
    expect(count).toBe(4);
  });

  it('never throws nor waits for the bus, and retries a failed announcement next time', async () => {
    let calls = 0;
    const bus = fakeBus((() => {
      calls += 1;
      if (calls === 1) throw new Error('synchronous failure');
      if (calls === 2) return Promise.reject(new Error('redis down'));
      // A bus that never answers must not hold the request.
      return new Promise<void>(() => {});
    }) as EventBus['publish']);
    const exposures = createExposures({ bus, logger: createLogger({ level: 'silent' }), now: () => at });
    expect(() => exposures.served(v(1), 'u')).not.toThrow();
    exposures.served(v(1), 'u');
    await new Promise((resolve) => setImmediate(resolve));
    exposures.served(v(1), 'u');
    exposures.served(v(1), 'u');
    expect(calls).toBe(3);
  });
});
