import type { RequestContext } from '@ukp/kit';
import DataLoader from 'dataloader';
import type { AccountRow } from './db/schema.js';
import type { RequestMeta, UsersDeps } from './domain/deps.js';
import { accountsByIds } from './domain/queries.js';

export interface UsersContext extends RequestContext {
  deps: UsersDeps;
  meta: RequestMeta;
  loaders: { account: DataLoader<string, AccountRow | undefined> };
  /**
   * Set when this request signs someone in (signUp, login, refresh): the payload's `user` is the
   * caller's own, so its private fields are visible although the request came without a token.
   */
  signedInAs: string | null;
}

/** Per request: fresh loaders (no cache shared between callers) and the audit metadata. */
export function createUsersContext(base: RequestContext, deps: UsersDeps): UsersContext {
  return {
    ...base,
    deps,
    meta: { requestId: base.requestId, ip: base.ip, actorId: base.viewer?.userId ?? null },
    loaders: { account: new DataLoader((ids) => accountsByIds(deps.db, ids), { maxBatchSize: 500 }) },
    signedInAs: null,
  };
}
