export { responseCacheEnv } from './env.js';
export { invalidateOnDocumentChanges } from './invalidation.js';
export { responseCachePlugin } from './plugin.js';
export { invalidatingTopics, responsesNamespace, UncacheableOperations } from './policy.js';
export { MemoryResponseStore, RedisResponseStore, type ResponseStore } from './store.js';
