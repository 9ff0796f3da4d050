import type { FetchNode } from '@apollo/query-planner';
import { OperationTypeNode } from 'graphql';

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
