import type { FetchLike } from './http.js';

export interface SentRequest {
  body: { documentId?: string; query?: string; operationName?: string; variables: Record<string, unknown> };
  token: string | undefined;
}

type Answer = { status?: number; body: unknown } | Promise<{ status?: number; body: unknown }>;

/**
 * A fetch that answers like the gateway, from `answer`, and records what was sent: the client's
 * tests run without a network.
 */
export function fakeFetch(answer: (request: SentRequest) => Answer): {
  fetch: FetchLike;
  sent: SentRequest[];
} {
  const sent: SentRequest[] = [];
  const fetch: FetchLike = async (_url, init) => {
    const headers = init.headers as Record<string, string>;
    const request: SentRequest = {
      body: JSON.parse(String(init.body)) as SentRequest['body'],
      token: headers.authorization?.replace(/^Bearer /, ''),
    };
    sent.push(request);
    const { status = 200, body } = await answer(request);
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetch, sent };
}

export const unauthenticated = {
  status: 401,
  body: {
    errors: [
      { message: 'Access token expired.', extensions: { code: 'UNAUTHENTICATED', requestId: 'r-401' } },
    ],
  },
};

export function session(accessToken: string, refreshToken: string, field: 'login' | 'refreshSession') {
  return { body: { data: { [field]: { accessToken, refreshToken, expiresIn: 900, user: { id: 'u1' } } } } };
}

/** A promise and the function that settles it, to hold an answer back until a test says so. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}
