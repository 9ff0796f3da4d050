import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testkit/platform.js';

interface Probe {
  name: string;
  init: RequestInit & { path?: string };
  status: number;
  code: string;
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const forgedAdmin = `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
  sub: '00000000-0000-0000-0000-000000000000',
  sid: 's',
  roles: ['ADMIN'],
  jti: 'j',
  iat: 1,
  exp: 9_999_999_999,
  iss: 'ukp',
  aud: 'ukp-api',
})}.`;
const json = { 'content-type': 'application/json' };

/** Issue 8, finding 7: 2.5 KB that expands to 2^30 selections (A0/B0 select __typename). */
const fragmentFanOut = [
  'query FanOut { ...A30 ...B30 }',
  'fragment A0 on Query { __typename }',
  'fragment B0 on Query { __typename }',
  ...Array.from({ length: 30 }, (_, i) =>
    [
      `fragment A${i + 1} on Query { ...A${i} ...B${i} }`,
      `fragment B${i + 1} on Query { ...A${i} ...B${i} }`,
    ].join('\n'),
  ),
].join('\n');

/**
 * What an outside auditor throws at the production gateway. Every answer is a GraphQL-shaped JSON
 * error with a stable code and the request id — never a 500, an HTML page or a stack trace.
 */
const probes: Probe[] = [
  {
    name: 'JSON nested 100,000 levels deep',
    init: {
      method: 'POST',
      headers: json,
      body: `{"query":"{ __typename }","variables":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
    },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'invalid UTF-8 in the document',
    init: {
      method: 'POST',
      headers: json,
      body: Buffer.from([...Buffer.from('{"query":"{ __typename '), 0xff, 0xfe, ...Buffer.from(' }"}')]),
    },
    status: 400,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a simple (CSRF-able) text/plain request',
    init: { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ __typename }"}' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a mutation over GET',
    init: {
      method: 'GET',
      path: '?query=mutation%7BlogoutEverywhere%7D',
      headers: { 'apollo-require-preflight': '1' },
    },
    status: 405,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a batch',
    init: { method: 'POST', headers: json, body: '[{"query":"{ __typename }"},{"query":"{ __typename }"}]' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'an alg=none token claiming ADMIN',
    init: {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${forgedAdmin}` },
      body: '{"query":"{ users { totalCount } }"}',
    },
    status: 401,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'an integer beyond 32 bits',
    init: {
      method: 'POST',
      headers: json,
      body: '{"query":"{ documents(first: 99999999999) { totalCount } }"}',
    },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'fragments fanning out to 2^30 selections',
    init: { method: 'POST', headers: json, body: JSON.stringify({ query: fragmentFanOut }) },
    status: 400,
    code: 'QUERY_TOO_COMPLEX',
  },
  {
    name: 'introspection in production',
    init: { method: 'POST', headers: json, body: '{"query":"{ __schema { types { name } } }"}' },
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a path outside the API',
    init: { method: 'GET', path: '/../../etc/passwd' },
    status: 404,
    code: 'NOT_FOUND',
  },
];

describe('hostile input against the production gateway', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  for (const probe of probes) {
    it(`answers ${probe.name} with ${probe.status} ${probe.code}`, async () => {
      const { path = '', ...init } = probe.init;
      const url = path.startsWith('/') ? new URL(path, t.url) : `${t.url}${path}`;
      const response = await fetch(url, init);
      expect(response.status).toBe(probe.status);
      expect(response.headers.get('content-type')).toMatch(/json/);
      const text = await response.text();
      expect(text).not.toMatch(/ at \S+ \(|node_modules|<html/i);
      const body = JSON.parse(text) as { errors: Array<{ extensions: { code: string; requestId: string } }> };
      expect(body.errors[0]?.extensions).toMatchObject({ code: probe.code, requestId: expect.any(String) });
    });
  }

  it('hides field suggestions in production', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: json,
      body: '{"query":"{ documnt(id: \\"x\\") { id } }"}',
    });
    expect(await response.text()).not.toMatch(/Did you mean/);
  });

  it('serves no IDE to a browser in production', async () => {
    const response = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(await response.text()).not.toMatch(/<html|sandbox/i);
  });
});
