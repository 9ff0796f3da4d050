import { errors } from '@ukp/kit';
import { resolveAlias } from '../domain/registry/aliases.js';
import { isModelName, PRODUCTION_ALIAS } from '../domain/registry/model-record.js';
import { listModels, modelByVersion } from '../domain/registry/versions.js';
import type {
  ModelResolvers,
  MutationResolvers,
  QueryResolvers,
  TrainingJobResolvers,
} from '../generated/resolvers.js';

/** The registry: versions, aliases, training jobs. */
export const modelResolvers: {
  Query: Pick<QueryResolvers, 'models' | 'model'>;
  Mutation: Pick<MutationResolvers, 'trainModel' | 'setModelAlias' | 'setTrafficSplit'>;
  Model: ModelResolvers;
  TrainingJob: TrainingJobResolvers;
} = {
  Query: {
    models: (_p, { name }, ctx) => {
      if (name !== null && name !== undefined && !isModelName(name)) return [];
      return listModels(ctx.services.deps.db, name);
    },
    model: async (_p, { name, version, alias }, ctx) => {
      if (!isModelName(name)) return null;
      const { db } = ctx.services.deps;
      if (version !== null && version !== undefined) {
        if (alias) throw errors.badInput('Give a version or an alias, not both.', 'alias');
        return modelByVersion(db, name, version);
      }
      return resolveAlias(db, name, alias ?? PRODUCTION_ALIAS);
    },
  },
  Mutation: {
    trainModel: async (_p, { input }, ctx) => {
      const job = await ctx.services.training.start(
        { name: input.name, algorithm: input.algorithm, seed: input.seed },
        ctx.viewer!.userId,
      );
      // Only auto-train asks to skip a name already trained; a caller always gets a job.
      if (!job) throw errors.internal();
      return job;
    },
    setModelAlias: async (_p, { name, version, alias, force }, ctx) => {
      // The shield lets only ADMINs in; forcing past the gate is checked again on its own, so a
      // future loosening of the mutation's rule cannot loosen the gate with it.
      if (force && !ctx.viewer?.roles.includes('ADMIN'))
        throw errors.forbidden('Only an ADMIN may force a promotion.');
      const result = await ctx.services.registry.setAlias({
        name,
        version,
        alias,
        force: force ?? false,
        actor: ctx.viewer!.userId,
        requestId: ctx.requestId,
      });
      return result!.model;
    },
    setTrafficSplit: (_p, { name, split }, ctx) =>
      ctx.services.splits.set({ name, split, actor: ctx.viewer!.userId }),
  },
  Model: {
    __resolveReference: (reference, ctx) => ctx.loaders.model.load(reference.id),
    aliases: (model, _a, ctx) => ctx.loaders.aliases.load(model.id),
    trafficWeight: (model, _a, ctx) => ctx.loaders.trafficWeight.load(model.id),
    servedCount: (model, _a, ctx) => ctx.loaders.servedCount.load(model.id),
    metrics: (model) => model.metrics ?? null,
  },
  TrainingJob: {
    model: (job, _a, ctx) => ctx.loaders.model.load(job.modelId),
  },
};
