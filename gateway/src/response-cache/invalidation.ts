import type { EventBus, Logger } from '@ukp/kit';
import { knowledgeNamespace, knowledgeTopics } from './policy.js';
import type { ResponseStore } from './store.js';

/**
 * Bumps the knowledge generation on every document change, which drops every cached knowledge
 * response at once. Coarse, but always correct: working out which cached lists, searches and
 * answers could contain a document would need the response bodies indexed by document. Every
 * instance bumps on every event; extra bumps only cost a few misses.
 */
export async function invalidateOnDocumentChanges(
  bus: EventBus,
  store: ResponseStore,
  logger: Logger,
): Promise<() => Promise<void>> {
  const bump = () => {
    store.bump(knowledgeNamespace).catch((error: unknown) => {
      logger.warn({ err: error }, 'could not invalidate the response cache');
    });
  };
  const unsubscribes = await Promise.all(knowledgeTopics.map((topic) => bus.subscribe(topic, bump)));
  return async () => {
    await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe()));
  };
}
