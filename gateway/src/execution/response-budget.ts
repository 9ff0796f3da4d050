import { appError } from '@ukp/kit';
import type { GraphQLError } from 'graphql';

/**
 * The bytes one client request (or one subscription event) may receive from the subgraphs. The
 * merged answer is built from those answers, so bounding their sum bounds what the gateway holds
 * and sends, without measuring the result again. Counted as the bytes stream in, so an answer
 * that would blow the budget is dropped mid-body rather than buffered first.
 */
export class ResponseBudget {
  private used = 0;
  /** The refusal, once any answer went over; the request then sends this error and no data. */
  exceeded: GraphQLError | undefined;

  constructor(readonly maxBytes: number) {}

  get remaining(): number {
    return Math.max(0, this.maxBytes - this.used);
  }

  /** Counts `bytes` more; false (and `exceeded` set) once the total passes the budget. */
  take(bytes: number): boolean {
    this.used += bytes;
    if (this.used <= this.maxBytes) return true;
    this.exceeded ??= responseTooLarge(this.maxBytes);
    return false;
  }

  /** Gives back what an attempt counted before it failed for another reason (it will be retried). */
  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  /** Records a refusal made elsewhere (one subgraph's answer over its own limit). */
  refuse(error: GraphQLError): void {
    this.exceeded ??= error;
  }
}

/**
 * RESPONSE_TOO_LARGE, without an HTTP status: subscription events carry it too (the HTTP executor
 * adds its 400).
 */
export function responseTooLarge(maxBytes: number, subgraph?: string): GraphQLError {
  const what = subgraph ? `The ${subgraph} service's answer` : 'The response';
  return appError(
    'RESPONSE_TOO_LARGE',
    `${what} would be larger than ${maxBytes} bytes, the most the gateway sends. Ask for fewer items (smaller pages, fewer aliases) or fewer large fields.`,
    subgraph ? { max: maxBytes, subgraph } : { max: maxBytes },
  );
}
