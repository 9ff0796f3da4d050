import { errors, type Viewer } from '@ukp/kit';
import type { AnalyticsContext } from '../context.js';
import {
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  listNotifications,
} from '../domain/alerts/rules.js';
import type { AlertRuleResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers.js';

/** Shield has let the caller in; a missing viewer here would be a wiring mistake, refused all the same. */
function viewerOf(ctx: AnalyticsContext): Viewer {
  if (!ctx.viewer) throw errors.unauthenticated();
  return ctx.viewer;
}

/**
 * Thin: each resolver hands its arguments to one domain function. `AlertRule` maps to the stored
 * row, which holds the webhook's secret: only the fields below are schema fields, and the secret
 * reaches a client once, in `createAlertRule`'s payload.
 */
export const alertResolvers: {
  Query: Pick<QueryResolvers, 'alertRules' | 'notifications'>;
  Mutation: Pick<MutationResolvers, 'createAlertRule' | 'deleteAlertRule'>;
  AlertRule: AlertRuleResolvers;
} = {
  Query: {
    alertRules: (_p, _a, ctx) => listAlertRules(ctx.services.deps, viewerOf(ctx)),
    notifications: (_p, { first }, ctx) => listNotifications(ctx.services.deps, viewerOf(ctx).userId, first),
  },
  Mutation: {
    createAlertRule: (_p, { input }, ctx) =>
      createAlertRule(ctx.services.deps, viewerOf(ctx).userId, {
        metric: input.metric,
        kind: input.kind,
        threshold: input.threshold,
        direction: input.direction,
        webhookUrl: input.webhookUrl,
      }),
    deleteAlertRule: (_p, { id }, ctx) => deleteAlertRule(ctx.services.deps, viewerOf(ctx), id),
  },
  AlertRule: {
    id: (rule) => rule.id,
    ownerId: (rule) => rule.ownerId,
    metric: (rule) => rule.metric,
    kind: (rule) => rule.kind,
    threshold: (rule) => rule.threshold,
    direction: (rule) => rule.direction,
    webhookUrl: (rule) => rule.webhookUrl,
    createdAt: (rule) => rule.createdAt,
  },
};
