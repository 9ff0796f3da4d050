import { gzipSync } from 'node:zlib';
import { checkRefusal, dataOf, JSON_HEADERS, leaksIn, parseJson, postGraphql, send, short } from '../http.js';
import type { Probe } from '../scan.js';

const TYPENAME = JSON.stringify({ query: '{ __typename }' });

/** A simple POST and a preflight from `origin`. */
async function corsAnswers(url: URL, origin: string) {
  const simple = await postGraphql(url, TYPENAME, { origin });
  const preflight = await send(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  });
  return [
    ['POST', simple],
    ['preflight', preflight],
  ] as const;
}

/** Hostile request bodies and transports over plain HTTP. */
export const httpProbes: Probe[] = [
  {
    name: 'baseline: { __typename } answers',
    group: 'baseline',
    async run({ url }) {
      const answer = await postGraphql(url, TYPENAME);
      const data = dataOf(answer) as { __typename?: unknown } | undefined;
      if (answer.status !== 200 || typeof data?.__typename !== 'string') {
        return [
          `the endpoint does not answer a trivial query (HTTP ${answer.status}): ${short(answer.text)}`,
        ];
      }
      return leaksIn(answer.text);
    },
  },
  {
    name: 'malformed JSON body',
    group: 'body',
    async run({ url }) {
      const findings: string[] = [];
      for (const body of [
        '{"query": "{ __typename }"',
        '{"query": }',
        'null',
        '"just a string"',
        '[]',
        '{}',
        '{"query": 42}',
        '{"query": "{ __typename }", "variables": "not an object"}',
        '{"query": "{ __typename }", "operationName": 42}',
        '{"query": "{ __typename }", "extensions": "x"}',
        '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 2, "sha256Hash": "x"}}}',
      ]) {
        const answer = await postGraphql(url, body);
        findings.push(...checkRefusal(answer, { status: 400 }).map((f) => `${body}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'JSON nested 100,000 levels deep',
    group: 'body',
    async run({ url }) {
      const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
      const findings: string[] = [];
      for (const [label, body] of Object.entries({
        'as the variables': `{"query":"{ __typename }","variables":${deep}}`,
        'in an unused variable': `{"query":"{ __typename }","variables":{"a":${deep}}}`,
        'in a declared variable': `{"query":"query ($a: String) { __typename }","variables":{"a":${deep}}}`,
        'in the extensions': `{"query":"{ __typename }","extensions":{"persistedQuery":${deep}}}`,
        'as the query': `{"query":${deep}}`,
      })) {
        const answer = await postGraphql(url, body);
        // Parsing it and ignoring what is unused is fine; crashing or leaking is not.
        if (answer.status === 200) findings.push(...leaksIn(answer.text).map((f) => `${label}: ${f}`));
        else findings.push(...checkRefusal(answer, { status: 400 }).map((f) => `${label}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'body over 1 MB refused with 413',
    group: 'body',
    async run({ url }) {
      const padding = 'x'.repeat(1_100_000);
      const body = JSON.stringify({ query: '{ __typename }', variables: { padding } });
      const declared = await postGraphql(url, body);
      // Without a Content-Length the server must count the bytes as they come.
      const chunked = await send(url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
        body,
      });
      return [
        ...checkRefusal(declared, { status: 413 }).map((f) => `with content-length: ${f}`),
        ...checkRefusal(chunked, { status: 413 }).map((f) => `chunked: ${f}`),
      ];
    },
  },
  {
    name: 'gzip bomb (50 MB of zeros in 50 KB)',
    group: 'body',
    async run({ url }) {
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20), { level: 9 });
      const answer = await send(url, {
        method: 'POST',
        headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
        body: bomb,
      });
      // Refusing compressed bodies (415) is as good as refusing the inflated size (413).
      return checkRefusal(answer, { status: [413, 415] });
    },
  },
  {
    name: 'unsupported content types',
    group: 'body',
    async run({ url }) {
      const findings: string[] = [];
      for (const type of ['application/xml', 'application/octet-stream', 'image/png', '']) {
        const answer = await send(url, {
          method: 'POST',
          headers: type ? { 'content-type': type, 'apollo-require-preflight': 'true' } : {},
          body: TYPENAME,
        });
        if (answer.status === 200 || dataOf(answer)) findings.push(`${type || 'no content type'}: executed`);
        findings.push(...checkRefusal(answer, { status: [400, 415] }).map((f) => `${type || 'none'}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'CSRF: simple-request content types without a preflight header',
    group: 'csrf',
    async run({ url }) {
      const findings: string[] = [];
      const mutation = JSON.stringify({ query: 'mutation { __typename }' });
      for (const type of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
      ]) {
        const answer = await send(url, {
          method: 'POST',
          headers: { 'content-type': type, origin: 'https://evil.example' },
          body: mutation,
        });
        if (dataOf(answer)) findings.push(`${type}: the operation ran`);
        findings.push(...checkRefusal(answer, { status: [400, 415] }).map((f) => `${type}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'GET with a mutation',
    group: 'csrf',
    async run({ url }) {
      const findings: string[] = [];
      const variants: Array<Record<string, string>> = [
        {},
        { 'apollo-require-preflight': 'true' },
        { 'content-type': 'application/json' },
      ];
      for (const headers of variants) {
        const answer = await send(url, {
          path: `${url.pathname}?query=${encodeURIComponent('mutation { __typename }')}`,
          headers,
        });
        if (dataOf(answer)) findings.push(`GET mutation ran (${JSON.stringify(headers)})`);
        findings.push(...checkRefusal(answer, { status: [400, 405] }));
      }
      return findings;
    },
  },
  {
    name: 'CORS: a foreign Origin is not reflected',
    group: 'cors',
    async run({ url, allowedOrigin }) {
      const findings: string[] = [];
      const foreign = ['https://evil.example', 'null', `${url.origin}.evil.example`];
      if (allowedOrigin) {
        // Look-alikes of the allowed origin: a prefix/suffix/regex match would let them through.
        const allowed = new URL(allowedOrigin);
        foreign.push(
          `${allowedOrigin}.evil.example`,
          `${allowed.protocol}//evil${allowed.host}`,
          `${allowed.protocol === 'https:' ? 'http:' : 'https:'}//${allowed.host}`,
          `${allowed.protocol}//${allowed.host.replace(/\./, 'x')}`,
        );
      }
      for (const origin of foreign) {
        for (const [kind, answer] of await corsAnswers(url, origin)) {
          const allowed = answer.headers['access-control-allow-origin'];
          if (allowed === origin) findings.push(`${kind} reflects Origin ${origin}`);
          if (allowed === '*') findings.push(`${kind} answers Access-Control-Allow-Origin: *`);
        }
      }
      if (allowedOrigin) {
        for (const [kind, answer] of await corsAnswers(url, allowedOrigin)) {
          const allowed = answer.headers['access-control-allow-origin'];
          if (allowed !== allowedOrigin)
            findings.push(`${kind}: the allowed origin got ${allowed ?? 'no CORS headers'}`);
          if (!/\borigin\b/i.test(String(answer.headers.vary ?? ''))) {
            findings.push(`${kind}: an origin-specific answer without Vary: Origin (caches would share it)`);
          }
          if (allowed === '*' && answer.headers['access-control-allow-credentials'] === 'true') {
            findings.push(`${kind} allows credentials with a wildcard origin`);
          }
        }
      }
      return findings;
    },
  },
  {
    name: 'no GraphQL IDE or landing page',
    group: 'disclosure',
    async run({ url }) {
      const findings: string[] = [];
      for (const path of [url.pathname, '/', `${url.pathname}/`, '/graphiql', '/playground', '/sandbox']) {
        const answer = await send(url, {
          path,
          headers: { accept: 'text/html,application/xhtml+xml', 'apollo-require-preflight': 'true' },
        });
        if (
          /html/i.test(String(answer.headers['content-type'] ?? '')) ||
          /<html|<!doctype/i.test(answer.text)
        ) {
          findings.push(`GET ${path} serves HTML: ${short(answer.text, 120)}`);
        }
        const jsonError = /json/i.test(String(answer.headers['content-type'] ?? '')) && answer.status >= 400;
        if (!jsonError && /graphiql|playground|apollo sandbox|embeddable-sandbox/i.test(answer.text)) {
          findings.push(`GET ${path} mentions an IDE: ${short(answer.text, 120)}`);
        }
      }
      return findings;
    },
  },
  {
    name: 'no unauthenticated diagnostics or secrets endpoints',
    group: 'disclosure',
    async run({ url }) {
      const findings: string[] = [];
      for (const path of [
        '/metrics',
        '/debug/vars',
        '/debug/pprof',
        '/server-status',
        '/actuator',
        '/actuator/env',
        '/.env',
        '/.git/config',
        '/package.json',
        '/graphql/schema.graphql',
        '/supergraph.graphql',
        '/.well-known/apollo/server-health',
      ]) {
        const answer = await send(url, { path });
        if (answer.status === 200 && answer.text.length > 0) {
          findings.push(`GET ${path} answers 200 without credentials: ${short(answer.text, 100)}`);
        }
        if (answer.status >= 500) findings.push(`GET ${path}: HTTP ${answer.status}`);
        findings.push(...leaksIn(answer.text).map((f) => `GET ${path}: ${f}`));
      }
      // Health checks are for load balancers and may answer anyone, but must not describe the inside.
      for (const path of ['/healthz', '/readyz', '/health', '/ready']) {
        const answer = await send(url, { path });
        if (answer.status >= 500 && answer.status !== 503)
          findings.push(`GET ${path}: HTTP ${answer.status}`);
        findings.push(...leaksIn(answer.text).map((f) => `GET ${path}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'TRACE, PUT, DELETE and PATCH refused',
    group: 'methods',
    async run({ url }) {
      const findings: string[] = [];
      for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH']) {
        const answer = await send(url, {
          method,
          headers: { ...JSON_HEADERS, 'x-scan-echo': 'echo-canary-91f3' },
          ...(method === 'TRACE' ? {} : { body: TYPENAME }),
        });
        if (answer.text.includes('echo-canary-91f3')) findings.push(`${method} echoes the request (XST)`);
        findings.push(...checkRefusal(answer, { status: [400, 404, 405] }).map((f) => `${method}: ${f}`));
      }
      return findings;
    },
  },
  {
    name: 'oversized request headers',
    group: 'headers',
    async run({ url }) {
      const findings: string[] = [];
      for (const headers of [
        { 'x-padding': 'a'.repeat(64 * 1024) },
        { authorization: `Bearer ${'a'.repeat(32 * 1024)}` },
        Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h-${i}`, 'x'.repeat(100)])),
      ]) {
        const label = Object.keys(headers).length > 1 ? '500 headers' : Object.keys(headers)[0];
        try {
          const answer = await send(url, {
            method: 'POST',
            headers: { ...JSON_HEADERS, ...headers },
            body: TYPENAME,
          });
          if (answer.status < 400) findings.push(`${label}: accepted (HTTP ${answer.status})`);
          if (answer.status >= 500) findings.push(`${label}: HTTP ${answer.status}`);
          findings.push(...leaksIn(answer.text).map((f) => `${label}: ${f}`));
        } catch {
          // Closing the connection is a refusal too.
        }
      }
      return findings;
    },
  },
  {
    name: 'response headers leak nothing',
    group: 'headers',
    async run({ url }) {
      const findings: string[] = [];
      const answers = [
        await postGraphql(url, TYPENAME),
        await postGraphql(url, '{'),
        await send(url, { path: '/no-such-path' }),
      ];
      for (const answer of answers) {
        const poweredBy = String(answer.headers['x-powered-by'] ?? '');
        if (poweredBy) findings.push(`X-Powered-By: ${poweredBy}`);
        const server = String(answer.headers.server ?? '');
        if (server && /\d/.test(server)) findings.push(`Server header names a version: ${server}`);
        if (answer.headers['x-aspnet-version'] || answer.headers['x-runtime'])
          findings.push('framework headers');
        const type = String(answer.headers['content-type'] ?? '');
        if (answer.text && !/json/i.test(type))
          findings.push(`a ${answer.status} answered as ${type || 'untyped'}`);
        if (answer.status >= 400 && !parseJson(answer.text))
          findings.push(`a ${answer.status} without a JSON body`);
        // OWASP's REST cheat sheet: API answers carry nosniff, so no browser runs one as a script or page.
        if (answer.headers['x-content-type-options'] !== 'nosniff') {
          findings.push(`a ${answer.status} without X-Content-Type-Options: nosniff`);
        }
      }
      return [...new Set(findings)];
    },
  },
];
