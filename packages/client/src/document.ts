import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** Any typed document, whatever its result and variables. */
// biome-ignore lint/suspicious/noExplicitAny: a variance-free bound; results and variables are checked at the call.
export type AnyDocument = TypedDocumentNode<any, any>;

/** What goes on the wire for one operation: its trusted-document id, or its text. */
export interface OperationPayload {
  documentId?: string;
  query?: string;
  operationName?: string;
  variables: Record<string, unknown>;
}

export type DocumentMode = 'id' | 'text';

/** The id codegen's client preset puts on each typed document (`sha256:<hex>`, the manifest's key). */
export function documentIdOf(document: AnyDocument): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  return typeof hash === 'string' ? hash : undefined;
}

export function operationNameOf(document: AnyDocument): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind === 'OperationDefinition') return definition.name?.value;
  }
  return undefined;
}

/**
 * By id when the document has one and `mode` is `id`: the gateway runs the manifest's text, and
 * under `TRUSTED_DOCUMENTS=enforce` nothing else. A document built by hand has no id, so it goes
 * as text (and only an ADMIN may run it under `enforce`).
 */
export function payloadOf(
  document: AnyDocument,
  variables: Record<string, unknown> | undefined,
  mode: DocumentMode,
): OperationPayload {
  const id = mode === 'id' ? documentIdOf(document) : undefined;
  const operationName = operationNameOf(document);
  return {
    ...(id ? { documentId: id } : { query: print(document) }),
    ...(operationName ? { operationName } : {}),
    variables: variables ?? {},
  };
}
