import type { Duplex } from 'node:stream';
import type { Logger } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import type WebSocket from 'ws';
import type { GatewayContext } from '../context.js';
import type { ClientStream } from './client-stream.js';
import { type ConnectionIdentity, watchExpiry } from './connection-auth.js';
import { subscriptionErrors } from './errors.js';
import type { SocketRequest } from './socket-request.js';

/**
 * One accepted graphql-ws operation. It travels to graphql-ws's `execute`/`subscribe` as the
 * `contextValue`, which is how those hooks find the connection and the parsed request.
 */
export class WsOperation {
  /** The client's stream, once a subscription has started. */
  queue: ClientStream | undefined;
  readonly settled: Promise<void>;
  private resolveSettled: () => void = () => {};

  constructor(
    readonly id: string,
    readonly requestId: string,
    readonly isSubscription: boolean,
    readonly request: SocketRequest,
    readonly extensions: Record<string, unknown> | undefined,
    /** The socket it arrived on: a subscription's results may be written to it directly… */
    readonly socket: WebSocket,
    /** …as frames on the TCP socket under it. */
    readonly tcp: Duplex,
  ) {
    this.settled = new Promise((resolve) => {
      this.resolveSettled = resolve;
    });
  }

  /** graphql-ws has finished with it (completed, failed, or the socket closed). */
  settle(): void {
    this.resolveSettled();
  }

  /** Ends a running subscription: `error` as its last result, then `complete`. */
  endWith(error: GraphQLError): void {
    this.queue?.end({ errors: [error] });
  }
}

/** A client socket after `connection_init` was accepted: who it is and what it is running. */
export class ClientConnection {
  readonly operations = new Map<string, WsOperation>();
  /** Its token has expired: running subscriptions were ended and new operations are refused. */
  expired = false;
  /** Its session was ended (sign-out, deactivation, …): the same, with a different reason. */
  revoked = false;
  private readonly stopExpiry: () => void;
  private counter = 0;

  constructor(
    readonly requestId: string,
    readonly identity: ConnectionIdentity,
    private readonly ip: string | null,
    readonly logger: Logger,
    onExpired: (connection: ClientConnection) => void,
  ) {
    this.stopExpiry = watchExpiry(identity, () => {
      this.expired = true;
      onExpired(this);
    });
  }

  /** Why a new operation must be refused, if it must. */
  refusal(): GraphQLError | undefined {
    if (this.expired) return subscriptionErrors.tokenExpired();
    if (this.revoked) return subscriptionErrors.sessionEnded();
    return undefined;
  }

  /** Ends everything it runs when its session ends; true when it belonged to one of `sessionIds`. */
  endIfSessionIn(sessionIds: readonly string[]): boolean {
    const sessionId = this.identity.viewer?.sessionId;
    if (!sessionId || this.revoked || !sessionIds.includes(sessionId)) return false;
    this.revoked = true;
    this.endSubscriptions(subscriptionErrors.sessionEnded());
    return true;
  }

  /** A request id per operation, derived from the socket's so both can be found in the logs. */
  nextRequestId(): string {
    this.counter += 1;
    return `${this.requestId.slice(0, 100)}:${this.counter}`;
  }

  contextFor(requestId: string): GatewayContext {
    return {
      requestId,
      viewer: this.identity.viewer,
      ip: this.ip,
      logger: this.logger.child({ requestId }),
      authorization: this.identity.authorization,
    };
  }

  activeSubscriptions(): number {
    let count = 0;
    for (const operation of this.operations.values()) if (operation.isSubscription) count += 1;
    return count;
  }

  endSubscriptions(error: GraphQLError): void {
    for (const operation of this.operations.values()) operation.endWith(error);
  }

  /** Resolves when graphql-ws has finished every operation running now. */
  settled(): Promise<void> {
    return Promise.all([...this.operations.values()].map((operation) => operation.settled)).then(() => {});
  }

  /** The socket has closed: stop the expiry timer and let go of any stream still held. */
  close(): void {
    this.stopExpiry();
    for (const operation of this.operations.values()) {
      void operation.queue?.return();
      operation.settle();
    }
    this.operations.clear();
  }
}
