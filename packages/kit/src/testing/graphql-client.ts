import { randomUUID } from 'node:crypto';

/** GraphQL over HTTP the way a client sends it, for integration tests of any service. */
export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export interface GqlResult<T> {
  status: number;
  /** Sent as `x-request-id`, so a test can find what the request wrote (audit rows, logs). */
  requestId: string;
  body: { data?: T | null; errors?: GqlError[] };
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const requestId = `test-${randomUUID()}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, requestId, body: (await response.json()) as GqlResult<T>['body'] };
}

/** The first error's code (undefined when the request succeeded). */
export function errorCode(result: GqlResult<unknown>): string | undefined {
  return result.body.errors?.[0]?.extensions?.code;
}

/** The data of a request that must succeed; fails the test with the errors otherwise. */
export function dataOf<T>(result: GqlResult<T>): T {
  if (result.body.errors?.length || !result.body.data) {
    throw new Error(`GraphQL request failed: ${JSON.stringify(result.body.errors)}`);
  }
  return result.body.data;
}
