import type { ModelStatus } from '../db/schema.js';

/** Bus topics of this subgraph (every instance hears every instance's events when Redis is there). */
export const ML_TOPICS = {
  /** A training job's progress, then its end (READY or FAILED). */
  training: 'ml.training',
  /** An alias of a model moved: every instance forgets the name's cached alias resolutions. */
  aliasMoved: 'ml.alias_moved',
  /** A version was archived: every instance evicts its decoded model. Pub/sub only. */
  modelArchived: 'ml.model_archived',
  /** A name's traffic split changed: every instance forgets its cached split. Pub/sub only. */
  splitChanged: 'ml.split_changed',
  /** A traffic split was set or ended: analytics opens, updates or ends the experiment `model:<name>`. Durable. */
  trafficSplitSet: 'ml.traffic_split_set',
  /** A signed-in user was first served a version under a split (once per process): an exposure. Durable. */
  modelServed: 'ml.model_served',
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

export interface ModelArchivedEvent {
  name: string;
  version: number;
  modelId: string;
}

export interface SplitChangedEvent {
  name: string;
}

/** One variant of a traffic-split experiment: the version `version`, named `v<version>`. */
export interface SplitVariant {
  name: string;
  version: number;
  weight: number;
}

/** The contract analytics consumes (do not change it without them): `variants` empty = the split ended. */
export interface TrafficSplitSetEvent {
  name: string;
  experimentKey: string;
  metric: string;
  variants: SplitVariant[];
  actorId: string;
  at: string;
}

/** The contract analytics consumes: `userId` was served `version` of `model` under the split. */
export interface ModelServedEvent {
  experimentKey: string;
  model: string;
  version: number;
  variant: string;
  userId: string;
  at: string;
}

/** The analytics experiment of a name's traffic split. */
export const experimentKeyOf = (name: string) => `model:${name}`;
/** The experiment's variant name of a version. */
export const variantNameOf = (version: number) => `v${version}`;
