/**
 * One event on its way into storage, from either path: `trackEvents` (client) or the platform's
 * event streams. `contributions` are what it adds to the metric windows, decided when it is
 * mapped (`client-events.ts`, `platform-events.ts`), so the pipeline itself knows no topic.
 */
export interface IngestEvent {
  /** Idempotency key: `c:<userId>:<client id>`, `p:<bus event id>`, or null (never a replay). */
  key: string | null;
  /** Stored as the raw event's name; null: nothing raw is kept (gauges). */
  name: string | null;
  userId: string | null;
  at: Date;
  properties: Record<string, unknown> | null;
  source: 'client' | 'platform';
  contributions: Contribution[];
  /** `document.viewed`: the document whose views go up. */
  documentViewed?: string;
  /** `gateway.request`: the per-operation window it feeds. */
  operation?: OperationSample;
  /** `ml.model_served`: the exposure it records (written with the batch's facts). */
  exposure?: ModelExposure;
  /** `ml.traffic_split_set`: applied to its experiment before the batch's facts. */
  split?: TrafficSplit;
  /** `ml.drift_detected`: the anomaly it stores. */
  anomaly?: ReportedAnomaly;
}

/** What one event adds to one stored metric's window. */
export type Contribution =
  /** `weight` events (1, or 1 / sample rate for sampled requests). */
  | { metric: string; kind: 'count'; weight: number }
  /** One value into the window's sketch (a duration in ms), with its weight. */
  | { metric: string; kind: 'value'; value: number; weight: number }
  /** The gauge's value at `at`, as `instance` (one of the sources whose readings add up) read it. */
  | { metric: string; kind: 'gauge'; value: number; instance: string };

export interface OperationSample {
  operationName: string;
  operationType: string;
  durationMs: number;
  error: boolean;
  weight: number;
}

/** What a committed batch changed: the pipeline's listeners (live metrics, alerts) read it. */
export interface IngestResult {
  /** Events counted now (replays and duplicates excluded). */
  accepted: number;
  /** Events skipped as already counted. */
  duplicates: number;
  /** Stored metrics whose current MINUTE window changed, with the window start. */
  touched: Array<{ metric: string; at: Date }>;
}

/** `ml.model_served`: a user served a model version under a traffic split (an exposure). */
export interface ModelExposure {
  experimentKey: string;
  variant: string;
  userId: string;
}

/** `ml.traffic_split_set`: the split a model experiment should have from `at`; no variants: it ended. */
export interface TrafficSplit {
  experimentKey: string;
  metric: string;
  /** Control first; weights normalised to sum to 1. */
  variants: Array<{ name: string; weight: number }>;
  actorId: string | null;
  at: Date;
}

/** An anomaly an event reports by itself (a drift detection), stored once at its minute. */
export interface ReportedAnomaly {
  metric: string;
  /** The minute window's start. */
  at: Date;
  value: number;
  expected: number;
  score: number;
}
