import type { Logger } from '@ukp/kit';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';

/** One validated operation received on a socket, with everything needed to run it. */
export interface PlanRun {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  source: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: Logger;
}
