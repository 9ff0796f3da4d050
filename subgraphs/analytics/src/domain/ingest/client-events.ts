import { appError } from '@ukp/kit';
import { BUILTIN_METRICS, LATENCY_METRIC, METRIC_NAME } from '../metrics/catalog.js';
import { ANALYTICS_TOPICS } from './platform-events.js';
import { isStorableText, storableJson } from './text.js';
import type { IngestEvent } from './types.js';

/** Events one `trackEvents` call may carry. */
export const MAX_EVENTS_PER_CALL = 500;
/** Largest `properties`, as UTF-8 bytes of its JSON. */
export const MAX_PROPERTIES_BYTES = 8 * 1024;
/** How late (`at` before now) a client event may arrive. */
export const MAX_LATE_MS = 48 * 3_600_000;
/** How far ahead of our clock a client's `at` may be (its clock may run fast). */
export const MAX_AHEAD_MS = 5 * 60_000;
const MAX_ID_LENGTH = 100;

/**
 * Names a client may not send: the built-in metrics and what feeds them are the platform's
 * own, so that no signed-in user can inflate `signups` or fake a `gateway.request`.
 */
const RESERVED_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(BUILTIN_METRICS),
  ...Object.values(BUILTIN_METRICS).map((read) => read.stored),
  LATENCY_METRIC,
  ...ANALYTICS_TOPICS,
]);

/** What `trackEvents` receives for one event (the generated `EventInput`, loosely). */
export interface EventInputLike {
  id?: string | null;
  name: string;
  at?: Date | string | null;
  properties?: unknown;
}

export interface ClientEventOptions {
  /** Events before it would not be stored (raw retention): refused like too-late ones. */
  earliest?: Date;
}

function refuse(index: number, field: string, message: string): never {
  throw appError('BAD_USER_INPUT', `Event ${index}: ${message}`, {
    field: `events[${index}].${field}`,
    index,
  });
}

function timeOf(index: number, at: Date | string | null | undefined, now: Date): Date {
  if (at === null || at === undefined) return now;
  const date = at instanceof Date ? at : typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) refuse(index, 'at', '`at` is not a valid date-time.');
  return date;
}

function propertiesOf(index: number, value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    refuse(index, 'properties', '`properties` must be a JSON object (or null).');
  const json = storableJson(value);
  if (json === null)
    refuse(index, 'properties', '`properties` holds a NUL character, an unpaired surrogate or a cycle.');
  if (Buffer.byteLength(json, 'utf8') > MAX_PROPERTIES_BYTES)
    refuse(index, 'properties', `\`properties\` is over ${MAX_PROPERTIES_BYTES} bytes of JSON.`);
  return value as Record<string, unknown>;
}

/**
 * `trackEvents` input → events for the pipeline, all or nothing: the first bad event refuses the
 * whole call with BAD_USER_INPUT naming its index (`extensions.index`, `extensions.field`).
 * A client `id` becomes the idempotency key `c:<userId>:<id>`, so a retried call counts once.
 */
export function clientEvents(
  userId: string,
  inputs: readonly EventInputLike[],
  now: Date,
  options: ClientEventOptions = {},
): IngestEvent[] {
  if (inputs.length > MAX_EVENTS_PER_CALL)
    throw appError('BAD_USER_INPUT', `At most ${MAX_EVENTS_PER_CALL} events a call (got ${inputs.length}).`, {
      field: 'events',
    });
  const nowMs = now.getTime();
  const retained = options.earliest?.getTime() ?? Number.NEGATIVE_INFINITY;
  const earliestMs = Math.max(nowMs - MAX_LATE_MS, retained);
  const tooOld =
    retained > nowMs - MAX_LATE_MS
      ? '`at` is before the oldest day of events kept.'
      : '`at` is too old: events may be at most 48 hours late.';
  return inputs.map((input, index) => {
    const { name } = input;
    if (typeof name !== 'string' || !METRIC_NAME.test(name))
      refuse(index, 'name', '`name` must be 1–100 characters of [a-z0-9_.].');
    if (RESERVED_NAMES.has(name))
      refuse(index, 'name', `"${name}" is reserved for the platform's own metrics.`);
    const id = input.id ?? null;
    if (
      id !== null &&
      (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH || !isStorableText(id))
    )
      refuse(index, 'id', '`id` must be 1–100 characters.');
    const at = timeOf(index, input.at, now);
    const atMs = at.getTime();
    if (atMs < earliestMs) refuse(index, 'at', tooOld);
    if (atMs > nowMs + MAX_AHEAD_MS) refuse(index, 'at', '`at` is more than 5 minutes in the future.');
    return {
      key: id === null ? null : `c:${userId}:${id}`,
      name,
      userId,
      at,
      properties: propertiesOf(index, input.properties),
      source: 'client',
      contributions: [{ metric: name, kind: 'count', weight: 1 }],
    } satisfies IngestEvent;
  });
}
