import type { Logger } from '@ukp/kit';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';

/**
 * One validated operation received on a socket, with what is needed to run it: the parsed
 * document, its source and variables, and the socket's context for it.
 */
export interface SocketRequest {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  source: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: Logger;
}
