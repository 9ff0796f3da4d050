import { type Database, errors } from '@ukp/kit';
import { terms } from '@ukp/text';
import type { Prediction } from '../learn/index.js';
import type { PredictionMetrics } from '../metrics/prediction-metrics.js';
import { type DriftMonitor, type TextBins, textBins } from '../monitoring/drift.js';
import { isAliasName, isModelName, type ModelRecord, PRODUCTION_ALIAS } from '../registry/model-record.js';
import { modelByVersion } from '../registry/versions.js';
import type { AliasCache } from './alias-cache.js';
import type { DriftBinsCache } from './drift-bins-cache.js';
import type { Exposures } from './exposures.js';
import type { ModelCache } from './model-cache.js';
import { type PredictionCache, textHash } from './prediction-cache.js';
import { pickSplitEntry, type Routed } from './routing.js';
import type { ServedCounts } from './served-counts.js';
import type { SplitCache } from './split-cache.js';

/** Texts one `batchPredict` may send. */
export const MAX_BATCH_TEXTS = 1000;

/** A prediction as the API returns it: which version answered, and whether from the cache. */
export interface PredictionResult extends Prediction {
  model: ModelRecord;
  cached: boolean;
}

export interface ModelRef {
  version?: number | null | undefined;
  alias?: string | null | undefined;
}

export interface InferenceParts {
  db: Database;
  aliases: AliasCache;
  models: ModelCache;
  cache: PredictionCache;
  served: ServedCounts;
  splits: SplitCache;
  exposures: Exposures;
  maxTextBytes: number;
  /** Gets every prediction's bins for `drift` (absent in tests that do not measure it). */
  drift?: DriftMonitor;
  /** Remembers texts' drift bins, so cache hits skip tokenising (absent: binned every time). */
  driftBins?: DriftBinsCache;
  /** Counts and times every prediction pass for `/metrics` (absent in tests that do not read them). */
  metrics?: PredictionMetrics;
}

/**
 * Serving. A model is named by `version` (pinned) or `alias` (default `production`). Unknown
 * names, versions and aliases are NOT_FOUND; a version that exists but is not READY (TRAINING,
 * FAILED, ARCHIVED) is BAD_USER_INPUT on `version`: the caller may know it exists (`models` lists
 * it) and can pick another. Texts are checked before any work; every prediction of a call comes
 * from one version, with the cache misses computed in one vectorised pass.
 *
 * Neither `version` nor `alias` given, a signed-in caller of a name with a traffic split is served
 * the version the split picks for them (see routing.ts), announced as an exposure once served;
 * anonymous callers, and names without a split, get `production`.
 */
export function createInference(parts: InferenceParts) {
  async function resolve(name: string, ref: ModelRef = {}): Promise<ModelRecord> {
    if (!isModelName(name)) throw errors.notFound(`Model ${JSON.stringify(name.slice(0, 100))}`);
    if (ref.version !== undefined && ref.version !== null) {
      if (ref.alias) throw errors.badInput('Give a version or an alias, not both.', 'alias');
      if (!Number.isInteger(ref.version) || ref.version < 1)
        throw errors.badInput('version must be ≥ 1.', 'version');
      const model = await modelByVersion(parts.db, name, ref.version);
      if (!model) throw errors.notFound(`Model ${name} version ${ref.version}`);
      if (model.status !== 'READY') {
        throw errors.badInput(
          `${name} v${ref.version} is ${model.status}: only READY versions predict.`,
          'version',
        );
      }
      return model;
    }
    const alias = ref.alias ?? PRODUCTION_ALIAS;
    if (!isAliasName(alias)) throw errors.notFound(`Alias ${alias} of model ${name}`);
    const model = await parts.aliases.resolve(name, alias);
    if (!model) throw errors.notFound(`Alias ${alias} of model ${name}`);
    return model;
  }

  async function route(name: string, ref: ModelRef, userId: string | undefined): Promise<Routed> {
    const pinned = (ref.version !== undefined && ref.version !== null) || Boolean(ref.alias);
    if (!pinned && userId && isModelName(name)) {
      const split = await parts.splits.resolve(name);
      if (split.length > 0) {
        const { model } = pickSplitEntry(name, split, userId);
        // The split was READY when set; a version retired since falls back to production.
        if (model.status === 'READY') return { model, splitUserId: userId };
      }
    }
    return { model: await resolve(name, ref), splitUserId: null };
  }

  /** After a successful serve: the exposure of a split's user (fire and forget). */
  function served(routed: Routed): void {
    if (routed.splitUserId) parts.exposures.served(routed.model, routed.splitUserId);
  }

  function checkTexts(texts: readonly string[], field: string): void {
    if (texts.length > MAX_BATCH_TEXTS) {
      throw errors.badInput(`At most ${MAX_BATCH_TEXTS} texts a call (got ${texts.length}).`, field);
    }
    texts.forEach((text, i) => {
      if (Buffer.byteLength(text, 'utf8') > parts.maxTextBytes) {
        const which = texts.length === 1 && field === 'text' ? 'text' : `texts[${i}]`;
        throw errors.badInput(`${which} is longer than ${parts.maxTextBytes} bytes (UTF-8).`, field);
      }
    });
  }

  /** Predictions of one version for texts already checked: cached ones, then the rest in one pass. */
  async function predictUncounted(model: ModelRecord, texts: readonly string[]): Promise<PredictionResult[]> {
    if (texts.length === 0) return [];
    const hashes = texts.map(textHash);
    const textOf = new Map<string, string>();
    hashes.forEach((hash, i) => {
      if (!textOf.has(hash)) textOf.set(hash, texts[i]!);
    });
    const unique = [...textOf.keys()];
    const cached = await parts.cache.getMany(model.id, unique);
    const known = new Map<string, { prediction: Prediction; cached: boolean }>();
    const misses: string[] = [];
    unique.forEach((hash, i) => {
      const prediction = cached[i];
      if (prediction) known.set(hash, { prediction, cached: true });
      else misses.push(hash);
    });
    const loaded = await parts.models.load(model.id);
    // A text is tokenised at most once, and only when needed: to predict a miss, or to bin it for
    // the drift window (every request, cache hits too) when its bins are not remembered.
    const termsOf = new Map<string, string[]>();
    const termsFor = (hash: string): string[] => {
      let list = termsOf.get(hash);
      if (!list) {
        list = terms(textOf.get(hash)!);
        termsOf.set(hash, list);
      }
      return list;
    };
    if (misses.length > 0) {
      const fresh = loaded.predictTerms(misses.map(termsFor));
      const entries = misses.map((hash, i) => [hash, fresh[i]!] as const);
      for (const [hash, prediction] of entries) known.set(hash, { prediction, cached: false });
      parts.cache.setMany(model.id, entries);
    }
    if (parts.drift) {
      try {
        const binsOf = new Map<string, TextBins>();
        for (const hash of unique) {
          let bins = parts.driftBins?.get(model.id, hash);
          if (!bins) {
            bins = textBins(loaded, termsFor(hash));
            parts.driftBins?.set(model.id, hash, bins);
          }
          binsOf.set(hash, bins);
        }
        parts.drift.recordBins(
          model,
          loaded,
          hashes.map((hash) => binsOf.get(hash)!),
          hashes.map((hash) => known.get(hash)!.prediction),
        );
      } catch {
        // Monitoring never fails a prediction.
      }
    }
    parts.served.add(model.id, texts.length);
    return hashes.map((hash) => {
      const { prediction, cached: fromCache } = known.get(hash)!;
      return { ...prediction, model, cached: fromCache };
    });
  }
  const predictWith = parts.metrics ? parts.metrics.wrap(predictUncounted) : predictUncounted;

  return {
    resolve,
    route,
    served,
    predictWith,
    /** `userId`: the signed-in caller, whom a traffic split may route (undefined: anonymous). */
    async predict(
      name: string,
      text: string,
      ref: ModelRef = {},
      userId?: string,
    ): Promise<PredictionResult> {
      checkTexts([text], 'text');
      const routed = await route(name, ref, userId);
      const [result] = await predictWith(routed.model, [text]);
      served(routed);
      return result!;
    },
    async batchPredict(
      name: string,
      texts: readonly string[],
      ref: ModelRef = {},
      userId?: string,
    ): Promise<PredictionResult[]> {
      checkTexts(texts, 'texts');
      const routed = await route(name, ref, userId);
      const results = await predictWith(routed.model, texts);
      if (results.length > 0) served(routed);
      return results;
    },
  };
}

export type Inference = ReturnType<typeof createInference>;
