import { envTypes, subgraphEnv } from '@ukp/kit';
import { z } from 'zod';

/** Every variable the analytics service reads; `.env.example` documents them. */
export const analyticsEnv = {
  ...subgraphEnv,
  ANALYTICS_PORT: envTypes.port.default(4003),
  /** Whole days of raw events kept; older daily partitions are dropped (roll-ups stay). */
  ANALYTICS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Redis Streams consumer group shared by every analytics instance. */
  ANALYTICS_CONSUMER_GROUP: z.string().min(1).max(100).default('analytics'),
  /** This instance's consumer name in the group (default: host name and process id). */
  ANALYTICS_CONSUMER_NAME: z.string().min(1).max(200).optional(),
  /** A pending stream entry idle this long belongs to a dead consumer and is claimed. */
  ANALYTICS_CLAIM_IDLE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Robust z-score at or above which a point is an anomaly. */
  ANALYTICS_ANOMALY_THRESHOLD: z.coerce.number().positive().max(100).default(3.5),
  /** Points of history the detector needs before it flags anything. */
  ANALYTICS_ANOMALY_MIN_HISTORY: z.coerce.number().int().min(5).max(1000).default(48),
  /** Rolling window (points) of the median and MAD. */
  ANALYTICS_ANOMALY_WINDOW: z.coerce.number().int().min(5).max(1000).default(168),
  /** Webhooks may go to loopback and private ranges (development and tests only). */
  ANALYTICS_WEBHOOK_ALLOW_PRIVATE: envTypes.bool.default(false),
  ANALYTICS_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Attempts per webhook delivery, with exponential backoff between them. */
  ANALYTICS_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
};

export type AnalyticsEnv = z.infer<z.ZodObject<typeof analyticsEnv>>;
