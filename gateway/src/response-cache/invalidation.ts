import type { EventBus, Logger } from '@ukp/kit';
import { invalidatingTopics, responsesNamespace } from './policy.js';
import type { ResponseStore } from './store.js';

/**
 * Bumps the responses generation on every change that can alter a cacheable answer (a document,
 * an author leaving), which drops every cached response at once. Coarse, but always correct:
 * working out which cached lists, searches and answers could contain a document would need the
 * response bodies indexed by document. Every instance bumps on every event; extra bumps only cost
 * a few misses. Between events, the subgraphs' max-age bounds how stale an answer can be.
 */
export async function invalidateOnDocumentChanges(
  bus: EventBus,
  store: ResponseStore,
  logger: Logger,
): Promise<() => Promise<void>> {
  const bump = () => {
    store.bump(responsesNamespace).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not invalidate the response cache');
    });
  };
  const unsubscribes = await Promise.all(invalidatingTopics.map((topic) => bus.subscribe(topic, bump)));
  return async () => {
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
  };
}
