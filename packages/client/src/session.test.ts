import { describe, expect, it, vi } from 'vitest';
import { createClient } from './client.js';
import { documentIdOf } from './document.js';
import { UkpError } from './errors.js';
import { MeDocument, RefreshSessionDocument } from './generated/graphql.js';
import { fakeFetch, gate, type SentRequest, session, unauthenticated } from './test-support.js';

const GATEWAY = 'http://gateway.test/graphql';
const me = { body: { data: { me: { id: 'u1' } } } };
const isRefresh = (request: SentRequest) => request.body.documentId === documentIdOf(RefreshSessionDocument);

describe('token refresh', () => {
  it('runs one refreshSession for many requests refused at once, then retries each once', async () => {
    const refreshed = gate();
    const { fetch, sent } = fakeFetch(async (request) => {
      if (isRefresh(request)) {
        await refreshed.opened;
        return session('access-2', 'refresh-2', 'refreshSession');
      }
      return request.token === 'access-2' ? me : unauthenticated;
    });
    const onTokens = vi.fn();
    const client = createClient({
      url: GATEWAY,
      fetch,
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' },
      onTokens,
    });

    const results = Promise.all(Array.from({ length: 5 }, () => client.request(MeDocument)));
    // Let every request meet its 401 before the refresh answers: they must all be waiting on it.
    await vi.waitFor(() => expect(sent.filter((r) => r.token === 'access-1')).toHaveLength(5));
    refreshed.open();

    expect(await results).toEqual(Array(5).fill({ me: { id: 'u1' } }));
    const refreshes = sent.filter(isRefresh);
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.body.variables).toEqual({ refreshToken: 'refresh-1' });
    expect(refreshes[0]?.token).toBeUndefined();
    expect(sent.filter((r) => r.token === 'access-2')).toHaveLength(5);
    expect(onTokens).toHaveBeenCalledOnce();
    expect(client.tokens).toEqual({ accessToken: 'access-2', refreshToken: 'refresh-2' });
  });

  it('does not refresh again for a request refused after another one already refreshed', async () => {
    const slow = gate();
    const { fetch, sent } = fakeFetch(async (request) => {
      if (isRefresh(request)) return session('access-2', 'refresh-2', 'refreshSession');
      if (request.body.variables.slow && request.token === 'access-1') {
        await slow.opened;
        return unauthenticated;
      }
      return request.token === 'access-2' ? me : unauthenticated;
    });
    const client = createClient({
      url: GATEWAY,
      fetch,
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' },
    });
    // Variables MeDocument does not declare: only the fake gateway reads them, to hold this one back.
    const slowRequest = client.request(MeDocument, { slow: true } as never);
    await client.request(MeDocument);
    slow.open();
    await slowRequest;
    expect(sent.filter(isRefresh)).toHaveLength(1);
  });

  it('retries once only: a second refusal is the answer', async () => {
    const { fetch, sent } = fakeFetch((request) =>
      isRefresh(request) ? session('access-2', 'refresh-2', 'refreshSession') : unauthenticated,
    );
    const client = createClient({
      url: GATEWAY,
      fetch,
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' },
    });
    const error = await client.request(MeDocument).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UkpError);
    expect((error as UkpError).code).toBe('UNAUTHENTICATED');
    expect(sent).toHaveLength(3);
    expect(sent.filter(isRefresh)).toHaveLength(1);
  });

  it('surfaces a failed refresh as a typed error to every waiting request, and drops the tokens', async () => {
    const { fetch, sent } = fakeFetch((request) =>
      isRefresh(request)
        ? {
            status: 401,
            body: {
              errors: [{ message: 'reused', extensions: { code: 'REFRESH_TOKEN_REUSED', requestId: 'r-9' } }],
            },
          }
        : unauthenticated,
    );
    const onTokens = vi.fn();
    const client = createClient({
      url: GATEWAY,
      fetch,
      tokens: { accessToken: 'access-1', refreshToken: 'refresh-1' },
      onTokens,
    });
    const errors = await Promise.all(
      [1, 2, 3].map(() => client.request(MeDocument).catch((e: unknown) => e)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(UkpError);
      expect(error).toMatchObject({
        code: 'REFRESH_TOKEN_REUSED',
        requestId: 'r-9',
        operationName: 'RefreshSession',
      });
    }
    expect(sent.filter(isRefresh)).toHaveLength(1);
    expect(client.tokens).toBeUndefined();
    expect(onTokens).toHaveBeenLastCalledWith(undefined);
  });

  it('signs in once with credentials for concurrent first requests, then sends the token', async () => {
    const { fetch, sent } = fakeFetch((request) =>
      request.body.operationName === 'Login' ? session('access-1', 'refresh-1', 'login') : me,
    );
    const client = createClient({ url: GATEWAY, fetch, credentials: { email: 'a@b.test', password: 'pw' } });
    await Promise.all([client.request(MeDocument), client.request(MeDocument)]);
    const logins = sent.filter((r) => r.body.operationName === 'Login');
    expect(logins).toHaveLength(1);
    expect(logins[0]?.body.variables).toEqual({ input: { email: 'a@b.test', password: 'pw' } });
    expect(sent.filter((r) => r.body.operationName === 'Me').map((r) => r.token)).toEqual([
      'access-1',
      'access-1',
    ]);
  });

  it('never refreshes an anonymous request', async () => {
    const { fetch, sent } = fakeFetch(() => unauthenticated);
    const client = createClient({ url: GATEWAY, fetch });
    await expect(client.request(MeDocument)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(sent).toHaveLength(1);
  });
});

/** An unsigned token with these claims: the client reads `exp`/`iat` only to time its refresh. */
function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.signature`;
}

describe('refresh ahead of expiry', () => {
  const now = Date.parse('2026-12-07T12:00:00Z');
  const seconds = (ms: number) => Math.floor(ms / 1000);

  it('refreshes an access token about to expire before sending, once for concurrent requests', async () => {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    try {
      const expiring = jwt({ sub: 'u1', iat: seconds(now) - 900, exp: seconds(now) + 10 });
      const fresh = jwt({ sub: 'u1', iat: seconds(now), exp: seconds(now) + 900 });
      const { fetch, sent } = fakeFetch((request) =>
        isRefresh(request)
          ? session(fresh, 'refresh-2', 'refreshSession')
          : request.token === fresh
            ? me
            : unauthenticated,
      );
      const client = createClient({
        url: GATEWAY,
        fetch,
        tokens: { accessToken: expiring, refreshToken: 'refresh-1' },
      });

      expect(await Promise.all([client.request(MeDocument), client.request(MeDocument)])).toEqual([
        me.body.data,
        me.body.data,
      ]);
      expect(sent.filter(isRefresh)).toHaveLength(1);
      // Nothing was sent with the expiring token: no refusal, no retry.
      expect(sent.filter((r) => r.token === expiring)).toHaveLength(0);
      expect(sent.filter((r) => r.token === fresh)).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends a token with time left as it is, and never refreshes ahead when refreshAheadMs is 0', async () => {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    try {
      const valid = jwt({ sub: 'u1', iat: seconds(now), exp: seconds(now) + 600 });
      const expiring = jwt({ sub: 'u1', iat: seconds(now) - 900, exp: seconds(now) + 5 });
      const { fetch, sent } = fakeFetch((request) => (isRefresh(request) ? unauthenticated : me));

      const roomy = createClient({ url: GATEWAY, fetch, tokens: { accessToken: valid, refreshToken: 'r' } });
      await roomy.request(MeDocument);
      const off = createClient({
        url: GATEWAY,
        fetch,
        tokens: { accessToken: expiring, refreshToken: 'r' },
        refreshAheadMs: 0,
      });
      await off.request(MeDocument);

      expect(sent.filter(isRefresh)).toHaveLength(0);
      expect(sent.map((r) => r.token)).toEqual([valid, expiring]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not refresh a short-lived token on every request: only in the last half of its life', async () => {
    vi.useFakeTimers({ now, toFake: ['Date'] });
    try {
      // Issued for 20 s, so the 30 s default would make every request refresh it.
      const short = jwt({ sub: 'u1', iat: seconds(now), exp: seconds(now) + 20 });
      const { fetch, sent } = fakeFetch((request) =>
        isRefresh(request) ? session(short, 'refresh-2', 'refreshSession') : me,
      );
      const client = createClient({ url: GATEWAY, fetch, tokens: { accessToken: short, refreshToken: 'r' } });
      await client.request(MeDocument);
      expect(sent.filter(isRefresh)).toHaveLength(0);

      vi.setSystemTime(now + 11_000);
      await client.request(MeDocument);
      expect(sent.filter(isRefresh)).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('treats a token that is not a JWT, or a JWT without exp, as one to send', async () => {
    const { fetch, sent } = fakeFetch((request) => (isRefresh(request) ? unauthenticated : me));
    for (const accessToken of ['opaque-token', jwt({ sub: 'u1' }), 'a.%%%.c']) {
      await createClient({ url: GATEWAY, fetch, tokens: { accessToken, refreshToken: 'r' } }).request(
        MeDocument,
      );
    }
    expect(sent.filter(isRefresh)).toHaveLength(0);
  });
});
