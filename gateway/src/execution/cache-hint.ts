/** A cache policy as subgraphs state it in `Cache-Control` (Apollo's CacheHint). */
export interface CacheHint {
  maxAge?: number;
  scope?: 'PUBLIC' | 'PRIVATE';
}

/** What the executors restrict with each subgraph's hint: the request's overall cache policy. */
export interface CachePolicySink {
  restrict(hint: CacheHint): void;
}

const NOT_CACHEABLE: CacheHint = Object.freeze({ maxAge: 0 });

/**
 * Reads a subgraph's `Cache-Control` as Apollo's gateway does: `max-age=N` with `public` or
 * `private`; anything else — no header, `no-store`, `no-cache`, no max-age — is not cacheable,
 * so one unhinted subgraph makes the whole response uncacheable.
 */
export function cacheHintFromHeader(header: string | string[] | undefined): CacheHint {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return NOT_CACHEABLE;
  const directives = value
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (directives.includes('no-store') || directives.includes('no-cache')) return NOT_CACHEABLE;
  const maxAge = directives.find((d) => d.startsWith('max-age='));
  const seconds = maxAge ? Number(maxAge.slice('max-age='.length)) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 0) return NOT_CACHEABLE;
  return { maxAge: seconds, scope: directives.includes('private') ? 'PRIVATE' : 'PUBLIC' };
}
