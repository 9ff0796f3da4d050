import type { AnalyticsDeps } from '../deps.js';
import { BUILTIN_METRICS } from '../metrics/catalog.js';
import { INTERVAL_MS, windowStart, windowStartMs } from '../metrics/intervals.js';
import { type DeliveryOptions, deliverDue } from './deliveries.js';
import { detectAnomalies } from './detect.js';
import { evaluateRules, loadLiveRules } from './evaluate.js';

/** Metrics one tick examines for anomalies at most (built-ins first, then those rules watch). */
export const MAX_DETECTED_METRICS = 1000;

export interface AlertEngine {
  /**
   * One pass of the minute's work on the last closed minute: anomaly detection, alert rules, then
   * webhook deliveries. Passes run one at a time per engine; any number of instances may run them
   * at once (the database decides who stores, notifies and sends what).
   */
  tick(): Promise<void>;
  /** One pass over the due webhook deliveries (the tick's last step, and its own shorter timer). */
  deliver(): Promise<void>;
  /** Ticks a few seconds after each minute turns, and delivers every few seconds; returns stop. */
  startTimer(): () => Promise<void>;
}

export interface AlertEngineOptions extends DeliveryOptions {
  /** How long after the minute turns the tick runs, so the minute's late events are in. Default 5 s. */
  tickDelayMs?: number;
  /** Interval of the delivery timer (backoff is seconds). Default 5 s. */
  deliveryIntervalMs?: number;
}

export function createAlertEngine(deps: AnalyticsDeps, options: AlertEngineOptions = {}): AlertEngine {
  const tickDelayMs = options.tickDelayMs ?? 5000;
  const deliveryIntervalMs = options.deliveryIntervalMs ?? 5000;
  let ticks: Promise<void> = Promise.resolve();
  let deliveries: Promise<void> = Promise.resolve();
  let delivering = false;

  const deliverPass = async () => {
    const report = await deliverDue(deps, options);
    if (report.delivered + report.failed + report.retrying > 0) deps.logger.info(report, 'webhooks sent');
  };

  /** Serialised: a pass asked for while one runs starts after it (and sees what the tick just queued). */
  const deliver = () => {
    const next = deliveries
      .catch(() => undefined)
      .then(async () => {
        delivering = true;
        try {
          await deliverPass();
        } finally {
          delivering = false;
        }
      });
    deliveries = next;
    return next;
  };

  const tickPass = async () => {
    const at = new Date(windowStart(deps.now(), 'MINUTE').getTime() - INTERVAL_MS.MINUTE);
    const rules = await loadLiveRules(deps);
    const watched = new Set(Object.keys(BUILTIN_METRICS));
    for (const rule of rules) {
      if (watched.size >= MAX_DETECTED_METRICS) break;
      if (rule.kind === 'ANOMALY') watched.add(rule.metric);
    }
    await detectAnomalies(deps, [...watched], at);
    await evaluateRules(deps, rules, at);
    await deliver();
  };

  const tick = () => {
    const next = ticks.catch(() => undefined).then(tickPass);
    ticks = next;
    return next;
  };

  return {
    tick,
    deliver,
    startTimer() {
      let stopped = false;
      const inflight = new Set<Promise<unknown>>();
      const run = (what: string, work: () => Promise<void>) => {
        const task = deps.background.track(
          work().catch((error: unknown) => deps.logger.error({ err: error, what }, 'alert work failed')),
        );
        inflight.add(task);
        void task.finally(() => inflight.delete(task));
      };

      let minuteTimer: NodeJS.Timeout | undefined;
      let ticking = false;
      const scheduleTick = () => {
        const now = deps.now().getTime();
        const due = windowStartMs(now, 'MINUTE') + INTERVAL_MS.MINUTE + tickDelayMs;
        minuteTimer = setTimeout(
          () => {
            if (stopped) return;
            // A tick still running a minute later is not joined by another: ticks would pile up.
            if (ticking)
              deps.logger.warn('the previous alerts tick is still running: this minute is skipped');
            else {
              ticking = true;
              run('alerts tick', () => tick().finally(() => (ticking = false)));
            }
            scheduleTick();
          },
          Math.max(0, due - now),
        );
        minuteTimer.unref();
      };
      scheduleTick();

      const deliveryTimer = setInterval(() => {
        // The tick delivers too; a timer firing during a pass has nothing to add.
        if (!stopped && !delivering) run('webhook deliveries', deliver);
      }, deliveryIntervalMs);
      deliveryTimer.unref();

      return async () => {
        stopped = true;
        clearTimeout(minuteTimer);
        clearInterval(deliveryTimer);
        await Promise.allSettled([...inflight]);
      };
    },
  };
}
