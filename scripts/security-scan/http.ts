import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpOptions {
  method?: string;
  /** Replaces the endpoint's path and query (e.g. `/`, `/graphql?query=…`). */
  path?: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/**
 * One raw HTTP request with node:http (fetch refuses TRACE, forbids some headers and hides the
 * transport). Resolves with whatever the server answered — even when it answers before the body
 * is fully sent and closes, as a server refusing a large body should — or rejects when the
 * connection ended with no answer at all.
 */
export function send(url: URL, options: HttpOptions = {}): Promise<HttpAnswer> {
  const target = new URL(options.path ?? `${url.pathname}${url.search}`, url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method: options.method ?? 'GET',
        // Node sends a DELETE's body with neither length nor chunking unless told the length.
        headers:
          options.body !== undefined && !hasHeader(options.headers, 'transfer-encoding')
            ? { 'content-length': String(Buffer.byteLength(options.body)), ...options.headers }
            : (options.headers ?? {}),
        timeout: options.timeoutMs ?? 15_000,
        // Every probe on its own connection: a connection the server closed cannot spoil the next.
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        const done = () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('end', done);
        res.on('aborted', done);
        res.on('error', done);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${options.timeoutMs ?? 15_000} ms`)));
    req.on('error', reject);
    if (options.body !== undefined) {
      // The server may answer and close while we are still writing (413): that is its right.
      req.write(options.body, () => req.end());
    } else {
      req.end();
    }
  });
}

function hasHeader(headers: HttpOptions['headers'], name: string): boolean {
  return Object.keys(headers ?? {}).some((key) => key.toLowerCase() === name);
}

export const JSON_HEADERS = { 'content-type': 'application/json' };

/** POSTs a GraphQL request body as JSON. */
export function postGraphql(
  url: URL,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpAnswer> {
  return send(url, {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

interface GraphqlBody {
  data?: unknown;
  errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
}

/** What must never appear in an answer: how the server is built, or where it runs. */
const LEAKS: Array<[RegExp, string]> = [
  [/\bat [\w$.<>]+ \(?[^\s()]+:\d+:\d+\)?/, 'a stack trace'],
  [/node_modules|(?:\/(?:home|usr|opt|srv|app|work|var|tmp|root)\/[\w./-]+)|[A-Z]:\\\\/, 'a file path'],
  [/\.(?:ts|mjs|cjs|js):\d+/, 'a source location'],
  [
    /\b(?:select\s[\s\S]{0,200}\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\b|syntax error at or near|relation "[^"]+" does not exist|\bSQLSTATE\b|duplicate key value/i,
    'SQL',
  ],
  [
    /\b(?:localhost|127\.0\.0\.1|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(?:1[6-9]|2\d|3[01])\.\d+\.\d+)(?::\d+)?\b|\.(?:internal|local|svc\.cluster\.local)\b|ECONNREFUSED/,
    'an internal address',
  ],
  [/Did you mean/i, 'a field suggestion ("Did you mean")'],
  [/<html|<!doctype/i, 'an HTML page'],
];

/** What an answer leaks, if anything. */
export function leaksIn(text: string): string[] {
  return LEAKS.filter(([pattern]) => pattern.test(text)).map(
    ([pattern, what]) => `leaks ${what}: "${excerpt(text, pattern)}"`,
  );
}

function excerpt(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match) return '';
  const start = Math.max(0, match.index - 40);
  return text.slice(start, match.index + match[0].length + 40).replace(/\s+/g, ' ');
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export interface Expectation {
  /** Statuses a correct server may answer with. */
  status: number | readonly number[];
  /** `extensions.code` values one of the errors must carry; undefined: any code. */
  code?: string | readonly string[];
}

/**
 * Checks an error answer: the expected status, a GraphQL-shaped JSON body in which every error
 * has a message and `extensions.code`, no data, and nothing leaked.
 */
export function checkRefusal(answer: HttpAnswer, expected: Expectation): string[] {
  const findings: string[] = [];
  const statuses = typeof expected.status === 'number' ? [expected.status] : expected.status;
  if (!statuses.includes(answer.status)) {
    findings.push(`answered HTTP ${answer.status}, expected ${statuses.join(' or ')}: ${short(answer.text)}`);
  }
  if (answer.status >= 500) findings.push(`a server error (HTTP ${answer.status}) on hostile input`);
  findings.push(...checkErrorBody(answer, expected.code));
  findings.push(...leaksIn(answer.text));
  return findings;
}

/** An error body must be GraphQL-shaped JSON with a code on every error, and carry no data. */
export function checkErrorBody(answer: HttpAnswer, code?: string | readonly string[]): string[] {
  const findings: string[] = [];
  if (!/json/i.test(String(answer.headers['content-type'] ?? ''))) {
    findings.push(`error answered as ${answer.headers['content-type'] ?? 'no content type'}, not JSON`);
  }
  const body = parseJson(answer.text) as GraphqlBody | undefined;
  if (!body || typeof body !== 'object' || !Array.isArray(body.errors) || body.errors.length === 0) {
    findings.push(`error body is not a GraphQL error response: ${short(answer.text)}`);
    return findings;
  }
  if (body.data !== undefined && body.data !== null) findings.push(`returned data: ${short(answer.text)}`);
  const codes = body.errors.map((e) => e.extensions?.code);
  if (codes.some((c) => typeof c !== 'string'))
    findings.push(`an error without extensions.code: ${short(answer.text)}`);
  if (answer.status < 500 && codes.includes('INTERNAL_SERVER_ERROR')) {
    findings.push(
      `a client error (HTTP ${answer.status}) reported as INTERNAL_SERVER_ERROR: ${short(answer.text)}`,
    );
  }
  if (code !== undefined) {
    const wanted = typeof code === 'string' ? [code] : code;
    if (!codes.some((c) => wanted.includes(c as string))) {
      findings.push(`error code ${codes.join(', ')}, expected ${wanted.join(' or ')}`);
    }
  }
  return findings;
}

/** Data, if the answer carried any (it must not, for a refused request). */
export function dataOf(answer: HttpAnswer): unknown {
  return (parseJson(answer.text) as GraphqlBody | undefined)?.data;
}

export function short(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat || '(empty)';
}
