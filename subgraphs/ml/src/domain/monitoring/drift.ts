import type { EventBus, Logger } from '@ukp/kit';
import { type LoadedModel, type Prediction, psi } from '../learn/index.js';
import type { ModelRecord } from '../registry/model-record.js';
import { DriftWindow } from './window.js';

/** Requests a window keeps at most per version. */
export const DRIFT_WINDOW_SIZE = 1000;
/** …and none older than this. */
export const DRIFT_WINDOW_MS = 3_600_000;
/**
 * Below this many requests in the window `drifted` is false whatever the PSI: over a few dozen
 * requests, a sparse label or length bin swings the index past any threshold by chance alone.
 */
export const DRIFT_MIN_SAMPLE = 200;
/** Versions with a window at once (the oldest-created window goes first): bounded memory. */
export const MAX_DRIFT_WINDOWS = 32;
/** A drifted version is announced on the bus at most this often. */
export const DRIFT_EVENT_INTERVAL_MS = 3_600_000;

export const DRIFT_TOPIC = 'ml.drift_detected';

export interface DriftEvent {
  model: string;
  version: number;
  psi: number;
  labelPsi: number;
  lengthPsi: number;
  oovPsi: number;
  sampleSize: number;
  /** ML_DRIFT_THRESHOLD when it was detected: `psi` is at or above it. */
  threshold: number;
  at: string;
}

export interface DriftReportModel {
  model: ModelRecord;
  psi: number;
  labelPsi: number;
  lengthPsi: number;
  oovPsi: number;
  drifted: boolean;
  sampleSize: number;
  windowStart: Date;
}

export interface DriftMonitorOptions {
  bus: EventBus;
  logger: Logger;
  now: () => Date;
  /** ML_DRIFT_THRESHOLD. */
  threshold: number;
  /** The version a name's drift is about: its `production` alias (throws NOT_FOUND when none). */
  production(name: string): Promise<ModelRecord>;
  load(modelId: string): Promise<LoadedModel>;
  minSample?: number;
  windowSize?: number;
  windowMs?: number;
}

/** A text's length and out-of-vocabulary bins against one version (indices into its reference's bins). */
export interface TextBins {
  lengthBin: number;
  oovBin: number;
}

/** The model's own binning (drift.ts), one text already through `terms()`: exactly one bin of each is 1. */
export function textBins(loaded: LoadedModel, terms: readonly string[]): TextBins {
  const stats = loaded.featureStatsOfTerms([terms]);
  return { lengthBin: stats.lengthBins.indexOf(1), oovBin: stats.oovBins.indexOf(1) };
}

interface Tracked {
  name: string;
  window: DriftWindow;
  labelIndex: Map<string, number>;
}

/**
 * Drift of the served versions: every prediction adds its top label and its text's length and
 * out-of-vocabulary bins to its version's window (in this process: each instance judges its own
 * traffic, which is a sample of the whole); a report compares the window with the training
 * reference in the artifact. A drifted report is published on `ml.drift_detected` at most once an
 * hour per version and process.
 */
export function createDriftMonitor(options: DriftMonitorOptions) {
  const minSample = options.minSample ?? DRIFT_MIN_SAMPLE;
  const windows = new Map<string, Tracked>();
  const lastPublished = new Map<string, number>();

  function tracked(model: ModelRecord, loaded: LoadedModel): Tracked {
    let entry = windows.get(model.id);
    if (!entry) {
      if (windows.size >= MAX_DRIFT_WINDOWS) {
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      entry = {
        name: model.name,
        labelIndex: new Map(loaded.labels.map((label, i) => [label, i])),
        window: new DriftWindow(
          {
            labels: loaded.labels.length,
            length: loaded.reference.lengthBins.length,
            oov: loaded.reference.oovBins.length,
          },
          options.windowSize ?? DRIFT_WINDOW_SIZE,
          options.windowMs ?? DRIFT_WINDOW_MS,
        ),
      };
      windows.set(model.id, entry);
    }
    return entry;
  }

  /** Adds one request per text, given its bins (see `textBins`) and its prediction, to the version's window. */
  function recordBins(
    model: ModelRecord,
    loaded: LoadedModel,
    bins: readonly TextBins[],
    predictions: readonly Pick<Prediction, 'label'>[],
  ): void {
    const { window, labelIndex } = tracked(model, loaded);
    const nowMs = options.now().getTime();
    bins.forEach(({ lengthBin, oovBin }, i) => {
      window.record(nowMs, labelIndex.get(predictions[i]!.label) ?? -1, lengthBin, oovBin);
    });
  }

  /** Adds one request per text (already through `terms()`), with its prediction, to the version's window. */
  function record(
    model: ModelRecord,
    loaded: LoadedModel,
    termLists: readonly (readonly string[])[],
    predictions: readonly Pick<Prediction, 'label'>[],
  ): void {
    recordBins(
      model,
      loaded,
      termLists.map((list) => textBins(loaded, list)),
      predictions,
    );
  }

  function publishIfDrifted(report: DriftReportModel): void {
    if (!report.drifted) return;
    const nowMs = options.now().getTime();
    const last = lastPublished.get(report.model.id);
    if (last !== undefined && nowMs - last < DRIFT_EVENT_INTERVAL_MS) return;
    lastPublished.set(report.model.id, nowMs);
    const event: DriftEvent = {
      model: report.model.name,
      version: report.model.version,
      psi: report.psi,
      labelPsi: report.labelPsi,
      lengthPsi: report.lengthPsi,
      oovPsi: report.oovPsi,
      sampleSize: report.sampleSize,
      threshold: options.threshold,
      at: new Date(nowMs).toISOString(),
    };
    options.bus.publish(DRIFT_TOPIC, event).catch((error: unknown) => {
      options.logger.warn({ err: error, model: event.model, version: event.version }, 'drift not published');
    });
  }

  /** The drift of `name`'s production version now; publishes the event when drifted. */
  async function report(name: string): Promise<DriftReportModel> {
    const model = await options.production(name);
    const loaded = await options.load(model.id);
    const now = options.now();
    const entry = windows.get(model.id);
    entry?.window.evict(now.getTime());
    const ref = loaded.reference;
    const current = entry?.window;
    const labelPsi = current ? psi(ref.predictedLabels, current.labelCounts) : 0;
    const lengthPsi = current ? psi(ref.lengthBins, current.lengthCounts) : 0;
    const oovPsi = current ? psi(ref.oovBins, current.oovCounts) : 0;
    const max = Math.max(labelPsi, lengthPsi, oovPsi);
    const sampleSize = current?.sampleSize ?? 0;
    const oldest = current?.oldestMs ?? null;
    const result: DriftReportModel = {
      model,
      psi: max,
      labelPsi,
      lengthPsi,
      oovPsi,
      drifted: sampleSize >= minSample && max >= options.threshold,
      sampleSize,
      windowStart: oldest === null ? now : new Date(oldest),
    };
    publishIfDrifted(result);
    return result;
  }

  /** The timer's check: every name with a window, its production version's report. */
  async function checkAll(): Promise<void> {
    const names = new Set([...windows.values()].map((t) => t.name));
    for (const name of names) {
      try {
        await report(name);
      } catch (error) {
        // No production version any more (NOT_FOUND) is not a fault: nothing to judge.
        options.logger.debug({ err: error, model: name }, 'drift check skipped');
      }
    }
  }

  return {
    record,
    recordBins,
    report,
    checkAll,
    /** Checks every `ms` (a minute in the service); returns the stopper for the resources. */
    startTimer(ms: number): () => Promise<void> {
      let running: Promise<void> | undefined;
      const timer = setInterval(() => {
        running ??= checkAll().finally(() => {
          running = undefined;
        });
      }, ms);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
  };
}

export type DriftMonitor = ReturnType<typeof createDriftMonitor>;
