import { parseEnv } from '@ukp/kit';
import { type SubgraphFixture, startSubgraphFixture } from '@ukp/kit/testing';
import type { CorpusSource } from '../domain/training/corpus.js';
import { type MlEnv, mlEnv } from '../env.js';
import { createMlServer, type MlServer } from '../server.js';

export type { TestCaller } from '@ukp/kit/testing';

export type MlFixture = SubgraphFixture<MlServer, MlEnv>;

export interface StartMlOptions {
  /** A second instance over the same database, secret and Redis prefix. */
  sameAs?: MlFixture;
  /** Extra environment. */
  env?: Record<string, string>;
  /** false: no Redis (in-process bus, LRU-only cache) on the test Postgres. */
  redis?: boolean;
  /** The documents training reads (default: none, so nothing trains). */
  corpus?: CorpusSource;
  /** Auto-train on start (default: off). */
  autoTrain?: boolean;
}

/** An ml server on port 0 over a database of its own (or `sameAs`'s) and a Redis prefix of its own. */
export function startMl(options: StartMlOptions = {}): Promise<MlFixture> {
  return startSubgraphFixture<MlServer, MlEnv>({
    sameAs: options.sameAs,
    parseEnv: (source) => parseEnv(mlEnv, source),
    redis: options.redis,
    // Auto-train retries fast, so tests that wait for it do not wait long.
    env: { ML_AUTO_TRAIN_RETRY_MS: '50', ML_AUTO_TRAIN_MAX_RETRY_MS: '200', ...options.env },
    start: (env) =>
      createMlServer({
        env,
        port: 0,
        corpus: options.corpus ?? { examples: async () => [] },
        autoTrain: options.autoTrain ?? false,
      }),
  });
}
