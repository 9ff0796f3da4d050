import {
  buildShieldedSubgraphSchema,
  DateTimeScalar,
  JSONScalar,
  type RequestContext,
  type Role,
  readSdl,
  type SubgraphResolvers,
  silentLogger,
} from '@ukp/kit';
import { type ExecutionResult, type GraphQLSchema, graphql } from 'graphql';
import { type AnalyticsContext, createAnalyticsContext } from '../context.js';
import { permissions } from '../permissions.js';
import type { AnalyticsServices } from '../services.js';

export interface ResolverHarness {
  schema: GraphQLSchema;
  /** A request's context: signed in with `roles` as `userId`, or anonymous when `roles` is null. */
  context(roles: Role[] | null, userId?: string): AnalyticsContext;
  /** `source` executed as that caller. */
  run(
    roles: Role[] | null,
    source: string,
    variableValues?: Record<string, unknown>,
    userId?: string,
  ): Promise<ExecutionResult>;
}

/**
 * Some of the subgraph's resolvers (the scalars always) on its real SDL and shield, without the
 * rest of the server: what a client sends and sees, and who may do it. `services` is asked for
 * at each call, so a test may build them in its `beforeAll`.
 */
export function resolverHarness(
  resolvers: SubgraphResolvers<AnalyticsContext>,
  services: () => AnalyticsServices,
): ResolverHarness {
  const schema = buildShieldedSubgraphSchema<AnalyticsContext>({
    typeDefs: readSdl(new URL('../schema.graphql', import.meta.url)),
    resolvers: { DateTime: DateTimeScalar, JSON: JSONScalar, ...resolvers },
    permissions,
  });
  const context = (roles: Role[] | null, userId = 'u-analyst') =>
    createAnalyticsContext(
      {
        requestId: 'test',
        viewer: roles ? { userId, roles, sessionId: 's' } : null,
        ip: null,
        logger: silentLogger(),
      } as unknown as RequestContext,
      services(),
    );
  return {
    schema,
    context,
    run: (roles, source, variableValues = {}, userId = 'u-analyst') =>
      graphql({ schema, source, variableValues, contextValue: context(roles, userId) }),
  };
}

/** The error codes of a result, in order. */
export const codes = (result: ExecutionResult): unknown[] =>
  result.errors?.map((error) => error.extensions.code) ?? [];
