import type { OperationPayload } from './document.js';
import { type GraphQLErrorBody, UkpError } from './errors.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpResult {
  status: number;
  data: unknown;
  errors: GraphQLErrorBody[] | undefined;
}

/** One POST of an operation; a GraphQL answer comes back whatever its status, anything else throws. */
export async function post(
  fetchImpl: FetchLike,
  url: string,
  payload: OperationPayload,
  accessToken: string | undefined,
  headers: Record<string, string>,
): Promise<HttpResult> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(payload),
    });
  } catch (cause) {
    throw UkpError.network(`Could not reach ${url}: ${(cause as Error).message}`, {
      operationName: payload.operationName,
      cause,
    });
  }
  let body: { data?: unknown; errors?: GraphQLErrorBody[] };
  try {
    body = (await response.json()) as typeof body;
  } catch (cause) {
    throw UkpError.network(`${url} answered ${response.status} without a GraphQL body.`, {
      status: response.status,
      operationName: payload.operationName,
      cause,
    });
  }
  if (typeof body !== 'object' || body === null || (!('data' in body) && !Array.isArray(body.errors))) {
    throw UkpError.network(`${url} answered ${response.status} without a GraphQL body.`, {
      status: response.status,
      operationName: payload.operationName,
    });
  }
  return { status: response.status, data: body.data, errors: body.errors?.length ? body.errors : undefined };
}

export function isUnauthenticated(result: { errors?: readonly GraphQLErrorBody[] | undefined }): boolean {
  return result.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED') ?? false;
}
