import { envTypes, subgraphEnv } from '@ukp/kit';
import { z } from 'zod';

/** Every variable the ml service reads; `.env.example` documents them. */
export const mlEnv = {
  ...subgraphEnv,
  ML_PORT: envTypes.port.default(4004),
  /** The knowledge subgraph's GraphQL endpoint: training reads its published public documents there. */
  ML_KNOWLEDGE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:4002/graphql'),
  /** A request to knowledge unanswered this long fails (the training or the gate fails, auto-train retries). */
  ML_KNOWLEDGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** At most this many documents are read for one training run (100 a page). */
  ML_MAX_TRAINING_DOCUMENTS: z.coerce.number().int().min(10).max(100_000).default(20_000),
  /** Fewer usable (tagged) documents than this fail a training run with a clear error. */
  ML_MIN_TRAINING_EXAMPLES: z.coerce.number().int().min(2).max(100_000).default(10),
  /** On start, train `document-tags` off the request path when no version of it is READY, and make it `production`. */
  ML_AUTO_TRAIN: envTypes.bool.default(true),
  /** First wait before auto-train asks knowledge again while it has too few documents; doubles up to the max. */
  ML_AUTO_TRAIN_RETRY_MS: z.coerce.number().int().min(10).max(600_000).default(2_000),
  ML_AUTO_TRAIN_MAX_RETRY_MS: z.coerce.number().int().min(10).max(3_600_000).default(60_000),
  /** Training worker threads at once in this process; further jobs wait their turn (still TRAINING, progress 0). */
  ML_TRAINING_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** Entries of the in-process prediction LRU (in front of Redis). */
  ML_CACHE_SIZE: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  /** Lifetime of a prediction cached in Redis. */
  ML_CACHE_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400)
    .default(3_600),
  /** Decoded models kept in memory (by version id). */
  ML_MODEL_CACHE_SIZE: z.coerce.number().int().min(1).max(1_000).default(8),
  /** PSI at or above which `drift` reports `drifted`. */
  ML_DRIFT_THRESHOLD: z.coerce.number().positive().max(100).default(0.2),
  /** A drift detection of a production version trains it again and promotes the result through the gate (never forced). */
  ML_RETRAIN_ON_DRIFT: envTypes.bool.default(false),
  /** After a retraining on drift of a model, its drift starts no other for this long (across instances). */
  ML_DRIFT_RETRAIN_COOLDOWN_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86_400_000)
    .default(3_600_000),
  /** Largest text `predict` / `batchPredict` accept, in UTF-8 bytes (a document's text is truncated to it for suggestions). */
  ML_MAX_TEXT_BYTES: z.coerce.number().int().min(1).max(10_485_760).default(102_400),
  /** `Document.suggestedTags` leaves out tags below this probability. */
  ML_SUGGESTION_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.2),
  /** How often each instance adds its served-prediction counts to the registry. */
  ML_SERVED_FLUSH_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
};

export type MlEnv = z.infer<z.ZodObject<typeof mlEnv>>;
