import { assignVariant, concludeExperiment, createExperiment } from '../domain/experiments/commands.js';
import { findExperiment, listExperiments } from '../domain/experiments/read.js';
import type { ExperimentResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers.js';

/** Thin: each resolver hands its arguments to one domain function; shield guarantees the viewer's role. */
export const experimentResolvers: {
  Query: Pick<QueryResolvers, 'experiment' | 'experiments'>;
  Mutation: Pick<MutationResolvers, 'createExperiment' | 'assignVariant' | 'concludeExperiment'>;
  Experiment: ExperimentResolvers;
} = {
  Query: {
    experiment: (_p, { key }, ctx) => findExperiment(ctx.services.deps, key),
    experiments: (_p, _a, ctx) => listExperiments(ctx.services.deps),
  },
  Mutation: {
    createExperiment: (_p, { input }, ctx) =>
      createExperiment(ctx.services.deps, ctx.viewer!.userId, {
        key: input.key,
        metric: input.metric,
        variants: input.variants,
        sequential: input.sequential,
      }),
    assignVariant: (_p, { experimentKey }, ctx) =>
      assignVariant(ctx.services.deps, ctx.viewer!.userId, experimentKey),
    concludeExperiment: (_p, { key }, ctx) => concludeExperiment(ctx.services.deps, key),
  },
  Experiment: {
    key: (m) => m.row.key,
    status: (m) => m.row.status,
    metric: (m) => m.row.metric,
    sequential: (m) => m.row.sequential,
    variants: (m) => m.variants,
    sampleRatioMismatch: (m) => m.sampleRatioMismatch,
    sampleRatioPValue: (m) => m.sampleRatioPValue,
    winner: (m) => m.winner,
    createdAt: (m) => m.row.createdAt,
    concludedAt: (m) => m.row.concludedAt,
  },
};
