import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import { withServerSpan } from '../tracing/apollo-plugin.js';
import type { ServerSpan } from '../tracing/spans.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A GraphQL-shaped JSON error body: clients always get JSON they can parse, never HTML. */
export function jsonErrorBody(code: string, message: string, requestId: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code, requestId } }] });
}

export const JSON_CONTENT_TYPE = { 'content-type': 'application/json; charset=utf-8' } as const;

/** Writes a GraphQL-shaped JSON error. */
export function sendJsonError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
) {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = jsonErrorBody(code, message, requestId);
  res.writeHead(status, { ...JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Reads the body up to `limit` bytes after decompression, so a small gzip bomb is refused the
 * moment it inflates past the limit rather than after it fills memory.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes.`);
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  let stream: Readable = req;
  if (encoding === 'gzip' || encoding === 'deflate') {
    const inflater = encoding === 'gzip' ? createGunzip() : createInflate();
    // `pipe` does not forward errors: without this a client that aborts mid-body leaves us waiting forever.
    req.once('error', (error) => inflater.destroy(error));
    stream = req.pipe(inflater);
  } else if (encoding !== 'identity') {
    throw new HttpError(415, 'BAD_REQUEST', `Unsupported content-encoding "${encoding}".`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Leaving the loop destroys an inflater but not the request: destroying the request would
    // cut the socket before the 413 could be sent (the server drops the rest and closes).
    for await (const chunk of stream.iterator({ destroyOnReturn: stream !== req })) {
      size += (chunk as Buffer).length;
      if (size > limit) {
        throw new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body is larger than ${limit} bytes.`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'BAD_REQUEST', 'Could not read the request body.');
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Builds a request's context; `span` is the request's server span when tracing is on. */
export type ContextFactory<C> = (req: IncomingMessage, requestId: string, span?: ServerSpan) => Promise<C>;

export interface GraphqlHttpOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: ContextFactory<C>;
  maxBodyBytes: number;
}

/** Apollo Server on plain `node:http`, the documented integration path (`executeHTTPGraphQLRequest`). */
export async function handleGraphqlHttp<C extends BaseContext>(
  options: GraphqlHttpOptions<C>,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
  span?: ServerSpan,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  let body: unknown;
  if (method === 'POST') {
    const raw = await readBody(req, options.maxBodyBytes);
    const type = req.headers['content-type'] ?? '';
    if (type.includes('application/json') || type.includes('application/graphql-response+json')) {
      try {
        body = raw.length > 0 ? JSON.parse(raw) : undefined;
      } catch {
        throw new HttpError(400, 'BAD_REQUEST', 'Request body is not valid JSON.');
      }
    } else {
      body = raw;
    }
  }

  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }

  // A context factory that throws (say, a forged token) is answered by Apollo with the error's
  // `extensions.http` status; ours are registry errors, so the client gets their code.
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context: span
      ? async () => withServerSpan(await options.context(req, requestId, span), span)
      : () => options.context(req, requestId),
  });

  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    let text = response.body.string;
    if (res.statusCode >= 400 && text.startsWith('{')) text = withRequestId(text, requestId);
    // Encoded once here: given the string, Node measures it for Content-Length and then encodes
    // it again for the socket (gateway CPU on the 128 KB fan-out answer: ~9% less this way).
    const body = Buffer.from(text, 'utf8');
    res.setHeader('content-length', body.length);
    res.end(body);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

// Errors Apollo answers before the request pipeline runs (bad body shape, CSRF) skip our plugins.
function withRequestId(text: string, requestId: string): string {
  try {
    const parsed = JSON.parse(text) as { errors?: Array<{ extensions?: Record<string, unknown> }> };
    if (!Array.isArray(parsed.errors)) return text;
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    return JSON.stringify(parsed);
  } catch {
    return text;
  }
}
