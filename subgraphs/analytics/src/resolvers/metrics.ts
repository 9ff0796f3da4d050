import { anomalies } from '../domain/queries/anomalies.js';
import { forecast, forecastMethod } from '../domain/queries/forecast.js';
import { funnel } from '../domain/queries/funnel.js';
import { kpis } from '../domain/queries/kpis.js';
import { operationStats } from '../domain/queries/operation-stats.js';
import { retention } from '../domain/queries/retention.js';
import { timeSeries } from '../domain/queries/time-series.js';
import type { QueryResolvers } from '../generated/resolvers.js';

type MetricQueries = Pick<
  QueryResolvers,
  | 'kpis'
  | 'timeSeries'
  | 'anomalies'
  | 'forecast'
  | 'forecastMethod'
  | 'funnel'
  | 'retention'
  | 'operationStats'
>;

/** The read side: each field parses nothing itself, the domain query validates its input. */
export const metricResolvers: { Query: MetricQueries } = {
  Query: {
    kpis: (_p, args, ctx) => kpis(ctx.services.deps, args),
    timeSeries: (_p, args, ctx) => timeSeries(ctx.services.deps, args),
    anomalies: (_p, args, ctx) => anomalies(ctx.services.deps, args),
    forecast: (_p, args, ctx) => forecast(ctx.services.deps, args),
    forecastMethod: (_p, args, ctx) => forecastMethod(ctx.services.deps, args),
    funnel: (_p, args, ctx) => funnel(ctx.services.deps, args),
    retention: (_p, args, ctx) => retention(ctx.services.deps, args),
    operationStats: (_p, args, ctx) => operationStats(ctx.services.deps, args),
  },
};
