import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createClient } from './client.js';
import { documentIdOf } from './document.js';
import { SERVER_ERROR_CODES, UkpError, type UkpErrorCode } from './errors.js';
import { MeDocument, UserProfileDocument } from './generated/graphql.js';
import { fakeFetch } from './test-support.js';

const GATEWAY = 'http://gateway.test/graphql';

describe('documents on the wire', () => {
  it('sends the trusted-document id instead of the text by default', async () => {
    const { fetch, sent } = fakeFetch(() => ({ body: { data: { user: null } } }));
    await createClient({ url: GATEWAY, fetch }).request(UserProfileDocument, { id: 'u1' });
    expect(sent[0]?.body).toEqual({
      documentId: documentIdOf(UserProfileDocument),
      operationName: 'UserProfile',
      variables: { id: 'u1' },
    });
    expect(sent[0]?.body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sends the text with `documents: "text"`', async () => {
    const { fetch, sent } = fakeFetch(() => ({ body: { data: { me: null } } }));
    await createClient({ url: GATEWAY, fetch, documents: 'text' }).request(MeDocument);
    expect(sent[0]?.body.documentId).toBeUndefined();
    expect(sent[0]?.body.query).toMatch(/^query Me\b/);
  });
});

describe('typed errors', () => {
  it('throws a UkpError with the code, request id, path and partial data', async () => {
    const { fetch } = fakeFetch(() => ({
      body: {
        data: { user: { id: 'u1', email: null } },
        errors: [
          { message: 'No.', path: ['user', 'email'], extensions: { code: 'FORBIDDEN', requestId: 'req-1' } },
        ],
      },
    }));
    const error = await createClient({ url: GATEWAY, fetch })
      .request(UserProfileDocument, { id: 'u1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UkpError);
    expect(error).toMatchObject({
      code: 'FORBIDDEN',
      requestId: 'req-1',
      path: ['user', 'email'],
      status: 200,
      operationName: 'UserProfile',
      data: { user: { id: 'u1', email: null } },
    });
    expectTypeOf((error as UkpError).code).toEqualTypeOf<UkpErrorCode>();
  });

  it('reads a code it does not know as INTERNAL_SERVER_ERROR, keeping the extensions', async () => {
    const { fetch } = fakeFetch(() => ({
      status: 500,
      body: { errors: [{ message: 'x', extensions: { code: 'SOMETHING_NEW' } }] },
    }));
    const error = (await createClient({ url: GATEWAY, fetch })
      .request(MeDocument)
      .catch((e: unknown) => e)) as UkpError;
    expect(error.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.code).toBe('SOMETHING_NEW');
  });

  it('reports a failed fetch and a body that is not GraphQL as NETWORK_ERROR', async () => {
    const down = createClient({
      url: GATEWAY,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(down.request(MeDocument)).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    const proxy = fakeFetch(() => ({ status: 502, body: '<html>Bad gateway</html>' }));
    await expect(
      createClient({ url: GATEWAY, fetch: proxy.fetch }).request(MeDocument),
    ).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      status: 502,
    });
  });

  it('knows exactly the codes docs/errors.md lists', () => {
    const table = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(10);
    expect([...SERVER_ERROR_CODES].sort()).toEqual(documented.sort());
  });
});
