import { type BusEvent, DURABLE_TOPICS } from '@ukp/kit';
import { LATENCY_METRIC } from '../metrics/catalog.js';
import { ML_MAPPERS } from './ml-events.js';
import {
  compact,
  counts,
  idOf,
  type Mapped,
  type Mapper,
  numberOf,
  type Payload,
  timeOf,
} from './payload-fields.js';
import { storableJson, storableText } from './text.js';
import type { Contribution, IngestEvent } from './types.js';

/**
 * The platform's topics analytics consumes: the kit's durable topics, each a Redis Stream read in
 * a consumer group when Redis is configured.
 */
export const ANALYTICS_TOPICS: readonly string[] = DURABLE_TOPICS;

/** Operation names are cut to this many characters: one window row per name. */
export const MAX_OPERATION_NAME = 100;
export const ANONYMOUS_OPERATION = '(anonymous)';
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);
const OUTCOMES = new Set(['ok', 'error', 'rejected']);
const MAX_TEXT = 200;
const MAX_ERROR_CODES = 20;
/**
 * What a sketch files: durations under a microsecond are noise, and would stretch a sketch's
 * dense bins toward the smallest double (thousands of empty bins), so they count as 0; beyond
 * ~11.6 days is a broken clock, capped, so one bad sample cannot bloat a day's sketch either.
 */
const MIN_DURATION_MS = 0.001;
const MAX_DURATION_MS = 1e9;
/** Subgraph timings are kept on the raw event only while they stay small. */
const MAX_TIMINGS_BYTES = 2048;

/** Per topic: the payload → what the event stores and adds; null when it is malformed. */
const MAPPERS: Readonly<Record<string, Mapper>> = {
  ...ML_MAPPERS,
  'user.signed_up': (data, topic) => userEvent(data, topic, 'signups'),
  'user.logged_in': (data, topic) => userEvent(data, topic, 'logins'),
  'search.performed': (data, topic) => ({
    userId: idOf(data.userId),
    properties: compact({
      query: typeof data.query === 'string' ? storableText(data.query, MAX_TEXT) : null,
      resultCount: numberOf(data.resultCount),
      latencyMs: numberOf(data.latencyMs),
    }),
    contributions: counts(topic, 'searches'),
  }),
  'question.asked': (data, topic) => ({
    userId: idOf(data.userId),
    properties: compact({
      question: typeof data.question === 'string' ? storableText(data.question, MAX_TEXT) : null,
      answered: typeof data.answered === 'boolean' ? data.answered : null,
      confidence: numberOf(data.confidence),
      latencyMs: numberOf(data.latencyMs),
    }),
    contributions: counts(topic, 'questions'),
  }),
  'document.created': (data, topic) => documentEvent(data, topic, counts(topic, 'documents_created')),
  'document.published': (data, topic) => documentEvent(data, topic, counts(topic)),
  'document.viewed': (data, topic) => {
    const mapped = documentEvent(data, topic, counts(topic));
    if (!mapped) return null;
    // The viewer caused it, not the author.
    return { ...mapped, userId: idOf(data.actorId), documentViewed: mapped.properties!.documentId as string };
  },
  'gateway.request': gatewayRequest,
  // Each gateway counts its own subscriptions (`instance`: random per start); the platform's count
  // is the sum of the instances' latest readings (`metrics/gauges.ts`).
  'gateway.subscriptions': (data) => {
    const active = numberOf(data.active);
    const instance = idOf(data.instance);
    if (active === null || active < 0 || instance === null) return null;
    return {
      userId: null,
      properties: null,
      contributions: [{ metric: 'active_subscriptions', kind: 'gauge', value: active, instance }],
      raw: false,
    };
  },
};

function userEvent(data: Payload, topic: string, metric: string): Mapped | null {
  const userId = idOf(data.userId);
  if (!userId) return null;
  return { userId, properties: null, contributions: counts(topic, metric) };
}

function documentEvent(data: Payload, _topic: string, contributions: Contribution[]): Mapped | null {
  const documentId = idOf(data.documentId);
  if (!documentId) return null;
  return {
    userId: idOf(data.actorId) ?? idOf(data.authorId),
    properties: compact({
      documentId,
      status: idOf(data.status),
      visibility: idOf(data.visibility),
      version: numberOf(data.version),
    }),
    contributions,
  };
}

function gatewayRequest(data: Payload, topic: string): Mapped | null {
  const durationMs = numberOf(data.durationMs);
  const outcome = data.outcome;
  if (durationMs === null || durationMs < 0 || typeof outcome !== 'string' || !OUTCOMES.has(outcome))
    return null;
  const rate = numberOf(data.sampleRate);
  // A 10% sample stands for ten requests; a missing or nonsensical rate for one.
  const weight = rate !== null && rate > 0 && rate <= 1 ? 1 / rate : 1;
  const error = outcome !== 'ok';
  const sketched = durationMs < MIN_DURATION_MS ? 0 : Math.min(durationMs, MAX_DURATION_MS);
  const name =
    typeof data.operationName === 'string' && data.operationName.length > 0 ? data.operationName : null;
  const type =
    typeof data.operationType === 'string' && OPERATION_TYPES.has(data.operationType)
      ? data.operationType
      : null;
  const operationName = name === null ? ANONYMOUS_OPERATION : storableText(name, MAX_OPERATION_NAME);
  const errorCodes = Array.isArray(data.errorCodes)
    ? data.errorCodes
        .filter((code): code is string => typeof code === 'string')
        .slice(0, MAX_ERROR_CODES)
        .map((code) => storableText(code, MAX_TEXT))
    : [];
  const timingsJson = data.subgraphTimings === undefined ? null : storableJson(data.subgraphTimings);
  const subgraphTimings =
    timingsJson !== null && timingsJson.length <= MAX_TIMINGS_BYTES ? data.subgraphTimings : null;
  const contributions: Contribution[] = [
    // The raw name counts samples; `requests` counts the requests they stand for.
    { metric: topic, kind: 'count', weight: 1 },
    { metric: 'requests', kind: 'count', weight },
    { metric: LATENCY_METRIC, kind: 'value', value: sketched, weight },
  ];
  if (error) contributions.push({ metric: 'errors', kind: 'count', weight });
  const mapped: Mapped = {
    userId: idOf(data.userId),
    properties: compact({
      operationName,
      operationType: type,
      durationMs,
      outcome,
      errorCodes,
      sampleRate: rate,
      subgraphTimings,
    }),
    contributions,
  };
  // A request refused before it was parsed has no operation type: it still counts as a request
  // and an error above, but there is no operation to file it under.
  if (type !== null)
    mapped.operation = { operationName, operationType: type, durationMs: sketched, error, weight };
  return mapped;
}

/**
 * A bus event → the event the pipeline stores, or null when analytics does not consume the topic
 * or the payload is malformed (the caller logs it; it never fails a batch). The key `p:<event id>`
 * makes a redelivered stream entry count once.
 */
export function platformEvent(event: BusEvent): IngestEvent | null {
  const map = Object.hasOwn(MAPPERS, event.topic) ? MAPPERS[event.topic] : undefined;
  const id = idOf(event.id);
  const data = event.data;
  if (!map || !id || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const payload = data as Payload;
  const at = timeOf(payload.at) ?? timeOf(event.at);
  if (!at) return null;
  const mapped = map(payload, event.topic, at);
  if (!mapped) return null;
  const ingest: IngestEvent = {
    key: `p:${id}`,
    name: mapped.raw === false ? null : event.topic,
    userId: mapped.userId,
    at,
    properties: mapped.properties,
    source: 'platform',
    contributions: mapped.contributions,
  };
  if (mapped.documentViewed !== undefined) ingest.documentViewed = mapped.documentViewed;
  if (mapped.operation) ingest.operation = mapped.operation;
  if (mapped.exposure) ingest.exposure = mapped.exposure;
  if (mapped.split) ingest.split = mapped.split;
  if (mapped.anomaly) ingest.anomaly = mapped.anomaly;
  return ingest;
}
