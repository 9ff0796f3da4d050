import type { FetchNode } from '@apollo/query-planner';
import { type GraphQLSchema, OperationTypeNode } from 'graphql';
import type { GatewayContext } from '../../context.js';
import type { PlanRun, SubgraphTransport } from '../plan-executor.js';
import { supergraphTypes } from '../supergraph-types.js';

/** What an entity fetch of `User` needs from the entities it is sent for: `__typename id`. */
export const requiresUser: NonNullable<FetchNode['requires']> = [
  {
    kind: 'InlineFragment',
    typeCondition: 'User',
    selections: [
      { kind: 'Field', name: '__typename' },
      { kind: 'Field', name: 'id' },
    ],
  },
];

/** A root query fetch, as the planner writes one. */
export function rootFetch(serviceName: string, operation: string): FetchNode {
  return {
    kind: 'Fetch',
    serviceName,
    operation,
    operationName: undefined,
    operationKind: OperationTypeNode.QUERY,
  };
}

/** An `_entities` fetch of `selection` on `User` from `serviceName`, named like the planner names them when `operationName` is given. */
export function userEntityFetch(serviceName: string, selection: string, operationName?: string): FetchNode {
  return {
    kind: 'Fetch',
    serviceName,
    operation: `query${operationName ? ` ${operationName}` : ''}($representations:[_Any!]!){_entities(representations:$representations){...on User{${selection}}}}`,
    operationName,
    operationKind: OperationTypeNode.QUERY,
    requires: requiresUser,
  };
}

/** A plan run over `schema` with no variables: what the executor tests hand to `executePlan`. */
export function planRun(
  transport: SubgraphTransport,
  schema: GraphQLSchema,
  context: GatewayContext,
): PlanRun {
  return {
    transport,
    types: supergraphTypes(schema),
    context,
    variables: {},
    variableDefinitions: [],
    errors: [],
  };
}
