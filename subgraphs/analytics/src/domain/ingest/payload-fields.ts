import { isStorableText } from './text.js';
import type { Contribution, ModelExposure, OperationSample, ReportedAnomaly, TrafficSplit } from './types.js';

/** A bus event's payload, before it is checked. */
export type Payload = Record<string, unknown>;

const MAX_ID = 200;

/** A non-empty id Postgres stores as it is, or null. */
export function idOf(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID && isStorableText(value)
    ? value
    : null;
}

export function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function timeOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Only the fields that are present and well-formed. */
export function compact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    if (value !== null && value !== undefined) out[key] = value;
  return out;
}

export const counts = (...metrics: string[]): Contribution[] =>
  metrics.map((metric) => ({ metric, kind: 'count', weight: 1 }));

/** What a topic's payload becomes: what the event stores and adds. */
export interface Mapped {
  userId: string | null;
  properties: Record<string, unknown> | null;
  contributions: Contribution[];
  documentViewed?: string;
  operation?: OperationSample;
  exposure?: ModelExposure;
  split?: TrafficSplit;
  anomaly?: ReportedAnomaly;
  /** False: nothing raw is kept (a gauge reading is not an event anyone funnels on). */
  raw?: false;
}

/** Per topic: the payload (at its time) → what it stores and adds; null when it is malformed. */
export type Mapper = (data: Payload, topic: string, at: Date) => Mapped | null;
