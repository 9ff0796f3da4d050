import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { type ResponseBudget, responseTooLarge } from './response-budget.js';

export interface BodyLimits {
  /** Most bytes one answer of this subgraph may have. */
  maxBytes: number;
  /** The request's budget across all its subgraph answers, if it has one. */
  budget?: ResponseBudget | undefined;
  subgraph: string;
}

/**
 * A subgraph's response body as text, counted chunk by chunk as it arrives: once it passes the
 * subgraph's limit or the request's budget the body is destroyed (undici drops the connection)
 * and RESPONSE_TOO_LARGE is thrown, so nothing larger than the limit is ever held. A declared
 * `content-length` over either is refused before reading a byte.
 */
export function readBoundedBody(
  body: Readable,
  headers: IncomingHttpHeaders,
  limits: BodyLimits,
): Promise<string> {
  const { maxBytes, budget, subgraph } = limits;
  const declared = Number(headers['content-length']);
  if (declared > maxBytes) return refuse(body, budget, responseTooLarge(maxBytes, subgraph));
  if (budget && declared > budget.remaining) {
    budget.take(declared);
    return refuse(body, budget, budget.exceeded ?? responseTooLarge(budget.maxBytes));
  }
  return new Promise((resolve, reject) => {
    const reader = new BoundedReader(body, limits, reject);
    body.on('data', reader.onData);
    // `on`, not `once`: destroying the body (stop) emits undici's abort error after ours.
    body.on('error', (error) => {
      // The fetch failed for another reason and may be retried: what it counted was never kept.
      budget?.release(reader.received);
      reject(error);
    });
    body.once('end', () => resolve(reader.text()));
  });
}

/** Counts and keeps one body's chunks; refuses the body once it passes a limit. */
class BoundedReader {
  received = 0;
  private readonly chunks: Buffer[] = [];
  /** The `data` listener; assigned, not declared as a field, so tsx gives it no name per body. */
  readonly onData: (chunk: Buffer) => void;

  constructor(
    private readonly body: Readable,
    private readonly limits: BodyLimits,
    private readonly reject: (error: GraphQLError) => void,
  ) {
    this.onData = (chunk) => this.take(chunk);
  }

  text(): string {
    const only = this.chunks.length === 1 ? this.chunks[0] : undefined;
    return (only ?? Buffer.concat(this.chunks, this.received)).toString('utf8');
  }

  private take(chunk: Buffer): void {
    const { maxBytes, budget, subgraph } = this.limits;
    this.received += chunk.length;
    if (this.received > maxBytes) {
      const error = responseTooLarge(maxBytes, subgraph);
      budget?.refuse(error);
      this.stop(error);
      return;
    }
    if (budget && !budget.take(chunk.length)) {
      this.stop(budget.exceeded ?? responseTooLarge(budget.maxBytes));
      return;
    }
    this.chunks.push(chunk);
  }

  private stop(error: GraphQLError): void {
    this.body.off('data', this.onData);
    this.body.destroy();
    this.reject(error);
  }
}

function refuse(body: Readable, budget: ResponseBudget | undefined, error: GraphQLError): Promise<never> {
  budget?.refuse(error);
  // Destroying an unread body makes undici emit an abort error; nobody is waiting for it.
  body.on('error', () => {});
  body.destroy();
  return Promise.reject(error);
}
