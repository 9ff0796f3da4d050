// What a soak child reports, what the parent samples, and the bounds a soak must meet. Pure: the
// e2e soak test checks the bound computation itself with a leaking series.

export const STATS_REQUEST = 'stats';

/** One child's figures right after a forced GC (`--expose-gc`). */
export interface ChildStats {
  /** false when the child ran without --expose-gc: memory then includes garbage. */
  gc: boolean;
  heapUsed: number;
  rss: number;
  external: number;
  /** Active TCP (and TLS) sockets: `process.getActiveResourcesInfo()` TCPSocketWrap + TLSWrap. */
  sockets: number;
  servers: number;
  /** Active timers: `getActiveResourcesInfo()` Timeout entries. */
  timers: number;
  immediates: number;
  /** Listeners on `process`, all events summed. */
  processListeners: number;
  resources: Record<string, number>;
}

/** One sample of one process: its stats and its DB connections, counted in pg_stat_activity. */
export interface Sample {
  /** Seconds since traffic started. */
  t: number;
  service: string;
  stats: ChildStats;
  dbConnections: number;
}

export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export interface GrowthBounds {
  /** Fraction of the run that is warm-up (not judged)… */
  warmupFraction: number;
  /**
   * …but at least this many seconds: under sign-in load (argon2id hashes 19 MiB at a time on the
   * libuv pool) the allocator's arenas take about a minute to reach their working size, a plateau
   * of RSS that a short run would otherwise judge as growth.
   */
  minWarmupSeconds: number;
  /** Fraction of the run in each compared window: right after warm-up, and the last one. */
  windowFraction: number;
  /** Largest allowed growth of the median, as a fraction (0.1 = 10%). */
  maxGrowth: number;
}

export const DEFAULT_GROWTH: GrowthBounds = {
  warmupFraction: 0.2,
  minWarmupSeconds: 60,
  windowFraction: 0.15,
  maxGrowth: 0.1,
};

/** Seconds of a run of `durationS` that are warm-up. */
export const warmupSeconds = (durationS: number, bounds: GrowthBounds = DEFAULT_GROWTH) =>
  Math.min(durationS / 2, Math.max(durationS * bounds.warmupFraction, bounds.minWarmupSeconds));

export interface Growth {
  early: number;
  late: number;
  /** (late − early) / early */
  growth: number;
  ok: boolean;
}

/**
 * Growth of a series sampled over a run of `durationS` seconds: the median of the samples in the
 * window right after warm-up against the median of the last window.
 */
export function growthOf(
  points: ReadonlyArray<{ t: number; v: number }>,
  durationS: number,
  bounds: GrowthBounds = DEFAULT_GROWTH,
): Growth {
  const warm = warmupSeconds(durationS, bounds);
  const width = durationS * bounds.windowFraction;
  const early = median(points.filter((p) => p.t >= warm && p.t < warm + width).map((p) => p.v));
  const late = median(points.filter((p) => p.t >= durationS - width).map((p) => p.v));
  const growth = (late - early) / early;
  return { early, late, growth, ok: Number.isFinite(growth) && growth < bounds.maxGrowth };
}

/** Counts that must come back to their idle level once traffic stops. */
export const COUNTED = ['sockets', 'timers', 'processListeners', 'dbConnections'] as const;
export type Counted = (typeof COUNTED)[number];

export interface Idle {
  sockets: number;
  timers: number;
  processListeners: number;
  dbConnections: number;
}

export const idleOf = (stats: ChildStats, dbConnections: number): Idle => ({
  sockets: stats.sockets,
  timers: stats.timers,
  processListeners: stats.processListeners,
  dbConnections,
});

/** Slack per count: a pool may keep one more idle connection, a keep-alive socket may linger. */
export const LEAK_SLACK: Idle = { sockets: 3, timers: 3, processListeners: 0, dbConnections: 2 };

export interface Leak {
  count: Counted;
  before: number;
  after: number;
  ok: boolean;
}

/** Each count after traffic stopped (and a settle delay) against its idle level after warm-up. */
export function leaksOf(before: Idle, after: Idle, slack: Idle = LEAK_SLACK): Leak[] {
  return COUNTED.map((count) => ({
    count,
    before: before[count],
    after: after[count],
    ok: after[count] <= before[count] + slack[count],
  }));
}
