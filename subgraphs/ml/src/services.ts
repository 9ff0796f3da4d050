import type { MlDeps } from './domain/deps.js';
import type { SuggestionFeedback } from './domain/feedback/feedback.js';
import type { Inference } from './domain/inference/predict.js';
import type { ServedCounts } from './domain/inference/served-counts.js';
import type { SuggestionHub } from './domain/live/suggestion-hub.js';
import type { DriftMonitor } from './domain/monitoring/drift.js';
import type { Registry } from './domain/registry/registry.js';
import type { TrafficSplits } from './domain/registry/traffic-splits.js';
import type { TrainingJobs } from './domain/training/jobs.js';

/** The long-lived parts resolvers reach through the context, built once in `server.ts`. */
export interface MlServices {
  deps: MlDeps;
  registry: Registry;
  splits: TrafficSplits;
  training: TrainingJobs;
  inference: Inference;
  served: ServedCounts;
  drift: DriftMonitor;
  feedback: SuggestionFeedback;
  /** `tagSuggestionsChanged`: one hub per instance, shared by every subscriber here. */
  live: SuggestionHub;
}
