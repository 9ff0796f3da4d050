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
