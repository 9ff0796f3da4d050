import type { RequestContext } from '@ukp/kit';
import DataLoader from 'dataloader';
import { documentViewsByIds, type UserStats, userStatsByIds } from './domain/queries/entities.js';
import type { AnalyticsServices } from './services.js';

export interface AnalyticsContext extends RequestContext {
  services: AnalyticsServices;
  /** One per entity per request, so `_entities` lists cost one statement each. */
  loaders: {
    documentViews: DataLoader<string, number>;
    userStats: DataLoader<string, UserStats>;
  };
}

export function createAnalyticsContext(base: RequestContext, services: AnalyticsServices): AnalyticsContext {
  const { db, now } = services.deps;
  return {
    ...base,
    services,
    loaders: {
      documentViews: new DataLoader((ids) => documentViewsByIds(db, ids), { maxBatchSize: 500 }),
      userStats: new DataLoader((ids) => userStatsByIds(db, ids, now()), { maxBatchSize: 500 }),
    },
  };
}
