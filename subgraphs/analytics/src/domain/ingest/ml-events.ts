import { isModelExperimentKey, modelExperimentKey } from '../experiments/model-experiments.js';
import { checkExperimentInput } from '../experiments/validate.js';
import { METRIC_NAME } from '../metrics/catalog.js';
import { windowStartMs } from '../metrics/intervals.js';
import { compact, counts, idOf, type Mapped, type Mapper, numberOf, type Payload } from './payload-fields.js';
import { storableText } from './text.js';
import type { TrafficSplit } from './types.js';

/**
 * The ml subgraph's events (its bus contract): traffic splits become experiments, serving a
 * version under a split is an exposure, suggestion feedback is the experiments' metric, and a
 * drift detection is an anomaly.
 */
export const ML_TOPICS = {
  splitSet: 'ml.traffic_split_set',
  served: 'ml.model_served',
  accepted: 'ml.suggestion_accepted',
  rejected: 'ml.suggestion_rejected',
  drift: 'ml.drift_detected',
} as const;

/** PSI the ml subgraph flags drift at when its event does not say. */
export const DEFAULT_DRIFT_THRESHOLD = 0.2;
export const DRIFT_METRIC_PREFIX = 'ml.drift.';
const VARIANT_NAME = /^[A-Za-z0-9_-]{1,50}$/;
const MAX_TAG = 100;

/**
 * The anomaly metric of a model's drift: `ml.drift.<name>` with `-` as `_`, since metric names
 * (and so alert rules) take `[a-z0-9_.]`; null when the name does not make one.
 */
export function driftMetricOf(model: string): string | null {
  const metric = DRIFT_METRIC_PREFIX + model.replaceAll('-', '_');
  return METRIC_NAME.test(metric) ? metric : null;
}

/** The payload's variants, weights scaled to sum to 1; null when they do not make an experiment. */
function splitVariants(value: unknown, key: string, metric: string): TrafficSplit['variants'] | null {
  if (!Array.isArray(value)) return null;
  if (value.length === 0) return [];
  const raw: Array<{ name: string; weight: number }> = [];
  let sum = 0;
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return null;
    const { name, weight } = item as Payload;
    if (typeof name !== 'string' || !VARIANT_NAME.test(name)) return null;
    const w = numberOf(weight);
    if (w === null || w <= 0) return null;
    raw.push({ name, weight: w });
    sum += w;
  }
  // The ml subgraph may give weights as percentages; what an experiment stores are shares.
  const variants = raw.map((v) => ({ name: v.name, weight: v.weight / sum }));
  try {
    return checkExperimentInput({ key, metric, variants }).variants;
  } catch {
    return null; // one variant, too many, a name twice: not a split an experiment can follow
  }
}

function trafficSplit(data: Payload, topic: string, at: Date): Mapped | null {
  const name = idOf(data.name);
  const metric = data.metric;
  if (name === null || typeof metric !== 'string' || !METRIC_NAME.test(metric)) return null;
  const key = modelExperimentKey(name);
  if (data.experimentKey !== key || !isModelExperimentKey(key)) return null;
  const variants = splitVariants(data.variants, key, metric);
  const actorId = idOf(data.actorId);
  if (variants === null || (variants.length > 0 && actorId === null)) return null;
  return {
    userId: actorId,
    properties: compact({ name, variants, actorId }),
    contributions: counts(topic),
    split: { experimentKey: key, metric, variants, actorId, at },
  };
}

function modelServed(data: Payload, topic: string): Mapped | null {
  const experimentKey = idOf(data.experimentKey);
  const variant = data.variant;
  const userId = idOf(data.userId);
  if (experimentKey === null || !isModelExperimentKey(experimentKey) || userId === null) return null;
  if (typeof variant !== 'string' || !VARIANT_NAME.test(variant)) return null;
  return {
    // Serving is not something the user did: it leaves their activity alone.
    userId: null,
    properties: null,
    contributions: counts(topic),
    exposure: { experimentKey, variant, userId },
    // One per suggestion served: too many to keep raw, and the minute windows count them.
    raw: false,
  };
}

function suggestionFeedback(data: Payload, topic: string): Mapped | null {
  const userId = idOf(data.userId);
  const model = idOf(data.model);
  if (userId === null || model === null) return null;
  return {
    userId,
    properties: compact({
      model,
      version: numberOf(data.version),
      documentId: idOf(data.documentId),
      tag: typeof data.tag === 'string' ? storableText(data.tag, MAX_TAG) : null,
    }),
    contributions: counts(topic),
  };
}

function driftDetected(data: Payload, topic: string, at: Date): Mapped | null {
  const model = idOf(data.model);
  const psi = numberOf(data.psi);
  const threshold =
    data.threshold === undefined || data.threshold === null
      ? DEFAULT_DRIFT_THRESHOLD
      : numberOf(data.threshold);
  if (model === null || psi === null || psi < 0 || threshold === null || threshold <= 0) return null;
  const mapped: Mapped = {
    userId: null,
    properties: compact({
      model,
      version: numberOf(data.version),
      psi,
      labelPsi: numberOf(data.labelPsi),
      lengthPsi: numberOf(data.lengthPsi),
      oovPsi: numberOf(data.oovPsi),
      sampleSize: numberOf(data.sampleSize),
      threshold,
    }),
    contributions: counts(topic),
  };
  const metric = driftMetricOf(model);
  // A name too long for a metric still leaves its raw event; there is just no anomaly to alert on.
  if (metric !== null)
    mapped.anomaly = {
      metric,
      at: new Date(windowStartMs(at.getTime(), 'MINUTE')),
      value: psi,
      // A population that has not moved has a PSI of 0; the score says how far past the
      // threshold it went, as a z-score does for other anomalies.
      expected: 0,
      score: psi / threshold,
    };
  return mapped;
}

export const ML_MAPPERS: Readonly<Record<string, Mapper>> = {
  [ML_TOPICS.splitSet]: trafficSplit,
  [ML_TOPICS.served]: modelServed,
  [ML_TOPICS.accepted]: suggestionFeedback,
  [ML_TOPICS.rejected]: suggestionFeedback,
  [ML_TOPICS.drift]: driftDetected,
};
