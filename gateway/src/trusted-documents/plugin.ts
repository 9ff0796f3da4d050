import { type ApolloServerPlugin, type GraphQLRequest, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { persistedQueryHash, type TrustedDocuments, trustedDocumentErrors } from './trusted-documents.js';

// What a rejected request runs through Apollo's pipeline instead of the client's text.
const PLACEHOLDER = '{ __typename }';

/**
 * Trusted documents over HTTP (and for operations Apollo runs for the socket). The decision is
 * taken in `requestDidStart`, before Apollo parses or validates anything: an operation that is
 * not allowed must not get validation errors back either, which would let a caller map the schema
 * by trial. Apollo has no hook there that may answer with an error, so a rejected request has its
 * text swapped for a trivial query and the error is thrown from `didResolveOperation`, the
 * documented place for it (its APQ registration comes after that hook, so nothing is stored).
 *
 * An Apollo persisted-query hash that is not in the manifest is left to Apollo, which finds its
 * text in the APQ cache (or answers PERSISTED_QUERY_NOT_FOUND); that text is judged once it is known.
 * Register this plugin first, so its error is the one a rejected request gets.
 */
export function trustedDocumentsPlugin(trusted: TrustedDocuments): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request, contextValue }) {
      const outcome = admit(trusted, request, contextValue);
      return {
        async didResolveOperation({ source }) {
          if (outcome instanceof GraphQLError) throw outcome;
          if (outcome !== 'judge-source') return;
          const verdict = trusted.check(source, undefined, contextValue);
          if (verdict.verdict === 'reject') throw withHttp(verdict.error, 403);
        },
      };
    },
  };
}

type Admission = 'allowed' | 'judge-source' | GraphQLError;

function admit(trusted: TrustedDocuments, request: GraphQLRequest, context: GatewayContext): Admission {
  const apqHash = persistedQueryHash(request.extensions);
  if (!request.query) {
    const documentId = requestedDocumentId(request);
    if (documentId !== undefined) {
      const text = trusted.document(documentId);
      if (text === undefined) return reject(request, withHttp(trustedDocumentErrors.notFound(), 200, true));
      request.query = text;
      return 'allowed';
    }
    if (apqHash === undefined) return 'allowed';
    const text = trusted.document(apqHash);
    if (text === undefined) return 'judge-source';
    // Served from the manifest: Apollo must not store it in the APQ cache on every request.
    request.query = text;
    dropPersistedQuery(request);
    return 'allowed';
  }
  const verdict = trusted.check(request.query, request.extensions, context);
  return verdict.verdict === 'allow' ? 'allowed' : reject(request, withHttp(verdict.error, 403));
}

function reject(request: GraphQLRequest, error: GraphQLError): GraphQLError {
  request.query = PLACEHOLDER;
  delete request.operationName;
  // Without the hash Apollo neither checks it against the placeholder nor registers anything.
  dropPersistedQuery(request);
  return error;
}

/**
 * `documentId` (GraphQL over HTTP's persisted documents) or Relay's `id`, from a POST body or the
 * query string of a GET; `extensions.documentId` too, as graphql-ws clients send it.
 */
function requestedDocumentId(request: GraphQLRequest): unknown {
  const http = request.http;
  if (http?.method === 'GET') {
    const params = new URLSearchParams(http.search);
    return params.get('documentId') ?? params.get('id') ?? request.extensions?.documentId;
  }
  const body = http?.body;
  if (typeof body === 'object' && body !== null) {
    const fields = body as { documentId?: unknown; id?: unknown };
    if (fields.documentId !== undefined) return fields.documentId;
    if (fields.id !== undefined) return fields.id;
  }
  return request.extensions?.documentId;
}

function dropPersistedQuery(request: GraphQLRequest): void {
  const extensions = request.extensions;
  if (!extensions || !('persistedQuery' in extensions)) return;
  const { persistedQuery: _persistedQuery, ...rest } = extensions;
  request.extensions = rest;
}

/**
 * The HTTP status goes on the error for Apollo, which strips it before the client sees it; the
 * socket path uses the bare errors. A miss must not be cached by a CDN in front of GET requests.
 */
function withHttp(error: GraphQLError, status: number, uncached = false): GraphQLError {
  const headers = uncached
    ? new HeaderMap([['cache-control', 'private, no-cache, must-revalidate']])
    : undefined;
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status, ...(headers ? { headers } : {}) } },
  });
}
