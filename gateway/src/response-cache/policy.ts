/**
 * What may be cached comes from the subgraphs: their `@cacheControl` hints become a
 * `Cache-Control` header on each subgraph response, and the executor combines those into the
 * request's overall policy (smallest max-age; PRIVATE wins; one unhinted fetch makes the whole
 * answer uncacheable). Only a PUBLIC policy with a max-age is stored, and only for anonymous
 * queries. Invalidation is by bus event, per namespace generation.
 */

/** The namespace whose generation every cached response carries. */
export const responsesNamespace = 'responses';

/** Every bus topic that can change a cacheable answer (documents, and authors' public names). */
export const invalidatingTopics = [
  'document.created',
  'document.updated',
  'document.published',
  'document.archived',
  'document.restored',
  'document.deleted',
  'user.deactivated',
] as const;

/**
 * Operations whose last answer was uncacheable by policy, so the next ones skip the store lookup
 * (a Redis round trip) for a while. Bounded and self-expiring: a schema's hints may change.
 */
export class UncacheableOperations {
  private readonly until = new Map<string, number>();

  private readonly ttlMs = 5 * 60_000;
  private readonly max = 10_000;

  constructor(private readonly now: () => number = Date.now) {}

  has(key: string): boolean {
    const expires = this.until.get(key);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.until.delete(key);
    return false;
  }

  add(key: string): void {
    if (this.until.size >= this.max) {
      const oldest = this.until.keys().next().value;
      if (oldest !== undefined) this.until.delete(oldest);
    }
    this.until.set(key, this.now() + this.ttlMs);
  }
}
