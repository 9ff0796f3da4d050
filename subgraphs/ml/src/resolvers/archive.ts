import { errors } from '@ukp/kit';
import { isModelName } from '../domain/registry/model-record.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** Retiring versions from the registry. */
export const archiveResolvers: { Mutation: Pick<MutationResolvers, 'archiveModel'> } = {
  Mutation: {
    archiveModel: async (_p, { name, version }, ctx) => {
      // A malformed name or version names no version: the same answer as an unknown one.
      if (!isModelName(name) || !Number.isInteger(version) || version < 1)
        throw errors.notFound(`Model ${JSON.stringify(name.slice(0, 100))} version ${version}`);
      return ctx.services.registry.archive(name, version, ctx.viewer!.userId);
    },
  },
};
