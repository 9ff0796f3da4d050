import { allow, errors, hasRole, type IRules, isAuthenticated, rule } from '@ukp/kit';
import type { AnalyticsContext } from './context.js';

/** ANALYST, or ADMIN (who may do everything). */
const analyst = hasRole('ANALYST');

/** `User.lastSeenAt` / `eventsLast7Days`: the user themself, ANALYST and ADMIN (ADMIN implies all). */
const isSelfOrAnalyst = rule('isSelfOrAnalyst', { cache: 'no_cache' })(
  (parent: { id: string }, _args, ctx: AnalyticsContext) => {
    if (!ctx.viewer) return errors.unauthenticated();
    if (ctx.viewer.userId === parent.id) return true;
    const roles = ctx.viewer.roles;
    return roles.includes('ANALYST') || roles.includes('ADMIN') ? true : errors.forbidden();
  },
);

/**
 * The analytics subgraph's rule tree; anything not named here is denied. `Document.views` is
 * open because the gateway reaches it only through a `Document` the knowledge subgraph let the
 * caller read (its own rules decide who reads a document; this subgraph never sees one otherwise).
 */
export const permissions: IRules = {
  Query: {
    kpis: analyst,
    timeSeries: analyst,
    anomalies: analyst,
    forecast: analyst,
    forecastMethod: analyst,
    funnel: analyst,
    retention: analyst,
    operationStats: analyst,
    experiment: analyst,
    experiments: analyst,
    alertRules: analyst,
    notifications: isAuthenticated,
  },
  Mutation: {
    trackEvents: isAuthenticated,
    createExperiment: analyst,
    assignVariant: isAuthenticated,
    concludeExperiment: analyst,
    createAlertRule: analyst,
    deleteAlertRule: analyst,
  },
  Subscription: {
    metricUpdated: analyst,
    anomalyDetected: analyst,
    notifications: isAuthenticated,
  },
  Document: { id: allow, views: allow },
  User: { id: allow, lastSeenAt: isSelfOrAnalyst, eventsLast7Days: isSelfOrAnalyst },
  Point: allow,
  Anomaly: allow,
  Kpis: allow,
  VariantResult: allow,
  Experiment: allow,
  Assignment: allow,
  MetricSample: allow,
  FunnelStep: allow,
  RetentionCohort: allow,
  Retention: allow,
  OperationStat: allow,
  AlertRule: allow,
  AlertRulePayload: allow,
  Notification: allow,
};
