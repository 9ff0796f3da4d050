import type { AnalyticsDeps } from './domain/deps.js';
import type { IngestPipeline } from './domain/ingest/pipeline.js';
import type { LiveFeeds } from './domain/live/feeds.js';

/** The long-lived parts resolvers reach through the context, built once in `server.ts`. */
export interface AnalyticsServices {
  deps: AnalyticsDeps;
  pipeline: IngestPipeline;
  feeds: LiveFeeds;
}
