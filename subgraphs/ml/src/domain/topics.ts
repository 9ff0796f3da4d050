import type { ModelStatus } from '../db/schema.js';

/** Bus topics of this subgraph (every instance hears every instance's events when Redis is there). */
export const ML_TOPICS = {
  /** A training job's progress, then its end (READY or FAILED). */
  training: 'ml.training',
  /** An alias of a model moved: every instance forgets the name's cached alias resolutions. */
  aliasMoved: 'ml.alias_moved',
} as const;

export interface TrainingEvent {
  jobId: string;
  status: ModelStatus;
  progress: number;
  error: string | null;
}

export interface AliasMovedEvent {
  name: string;
  alias: string;
  modelId: string;
  version: number;
  fromVersion: number | null;
}
