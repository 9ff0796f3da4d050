/** One sample of Prometheus' text format: `name{label="v",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export function sum(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

/** Per subgraph: fetches, failed fetches and the cumulative latency buckets. */
export interface SubgraphCounters {
  count: number;
  errors: number;
  buckets: Array<{ le: number; count: number }>;
}

const FETCH = 'ukp_gateway_subgraph_fetch_duration_seconds';

export function subgraphCounters(samples: Sample[]): Map<string, SubgraphCounters> {
  const out = new Map<string, SubgraphCounters>();
  const of = (name: string) => {
    const known = out.get(name);
    if (known) return known;
    const fresh: SubgraphCounters = { count: 0, errors: 0, buckets: [] };
    out.set(name, fresh);
    return fresh;
  };
  for (const s of samples) {
    const subgraph = s.labels.subgraph;
    if (!subgraph) continue;
    if (s.name === `${FETCH}_count`) {
      of(subgraph).count += s.value;
      if (s.labels.outcome === 'error') of(subgraph).errors += s.value;
    } else if (s.name === `${FETCH}_bucket`) {
      const le = s.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(s.labels.le);
      const buckets = of(subgraph).buckets;
      // Outcomes are separate series: add them up per bound.
      const same = buckets.find((b) => b.le === le);
      if (same) same.count += s.value;
      else buckets.push({ le, count: s.value });
    }
  }
  for (const c of out.values()) c.buckets.sort((a, b) => a.le - b.le);
  return out;
}

/**
 * What happened between two scrapes: fetches per second, error rate, and the p95 in ms read off
 * the buckets' differences (the bound of the bucket the 95th percentile falls in, as
 * Prometheus' histogram_quantile does without interpolation). Null where nothing happened.
 */
export function subgraphRates(
  before: SubgraphCounters | undefined,
  after: SubgraphCounters,
  seconds: number,
): { rps: number; errorRate: number | null; p95Ms: number | null } {
  const count = after.count - (before?.count ?? 0);
  const errors = after.errors - (before?.errors ?? 0);
  if (count <= 0 || seconds <= 0) return { rps: 0, errorRate: null, p95Ms: null };
  const target = count * 0.95;
  let p95Ms: number | null = null;
  for (const b of after.buckets) {
    const earlier = before?.buckets.find((x) => x.le === b.le)?.count ?? 0;
    if (b.count - earlier >= target) {
      p95Ms = Number.isFinite(b.le) ? b.le * 1000 : null;
      break;
    }
  }
  return { rps: count / seconds, errorRate: errors / count, p95Ms };
}
