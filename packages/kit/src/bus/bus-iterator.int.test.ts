import { testRedisUrl, uniqueRedisPrefix } from '../testing/test-env.js';
import { busIteratorContract } from './bus-iterator.contract.js';
import { createEventBus } from './index.js';

busIteratorContract('redis', () => createEventBus({ redisUrl: testRedisUrl, prefix: uniqueRedisPrefix() }));
