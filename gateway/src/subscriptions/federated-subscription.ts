import { createHash } from 'node:crypto';
import { errors, type Logger } from '@ukp/kit';
import { type ExecutionResult, GraphQLError } from 'graphql';
import type { SubgraphTransport } from '../execution/plan-executor.js';
import type { Planning } from '../execution/planning.js';
import {
  type PreparedOperation,
  type PreparedOperations,
  prepareOperation,
  type SubscriptionSplit,
} from '../execution/prepare.js';
import { ClientStream, EncodedResult } from './client-stream.js';
import { executeEvent } from './event-executor.js';
import type { SocketRequest } from './socket-request.js';
import type { UpstreamLease, UpstreamPool } from './upstream-pool.js';

export interface FederatedDeps {
  planning(): Planning;
  /** Prepared operations, shared with the HTTP executor. */
  operations: PreparedOperations;
  pool: UpstreamPool;
  /** The subgraph clients, for the per-event entity fetches. */
  transport: SubgraphTransport;
  logger: Logger;
  /** Identical client subscriptions currently sharing one upstream stream and execution. */
  shared: SharedStreams;
}

/**
 * Client subscriptions that would compute the same results — same identity, same document,
 * operation name and variables — share one upstream subscription AND one execution of the rest
 * of the plan per event; every client queue receives the same (read-only) result, serialised
 * once. With 5,000 anonymous readers of one document, an edit costs one plan execution and one
 * serialisation, not 5,000.
 */
export type SharedStreams = Map<string, SharedStream>;

interface SharedStream {
  queues: Set<ClientStream>;
  lease: UpstreamLease | undefined;
}

/** Events a slow client may have queued before it is cut off (it can resubscribe and resync). */
export const MAX_QUEUED_EVENTS = 1000;

function shareKey(request: SocketRequest): string {
  return JSON.stringify([
    request.context.authorization ?? '',
    request.source,
    request.operationName ?? null,
    request.variables,
  ]);
}

/** The subscription's plan and shaper, from the gateway's one cache of prepared operations. */
function prepare(
  deps: FederatedDeps,
  request: SocketRequest,
): PreparedOperation & { subscription: SubscriptionSplit } {
  const prepared = prepareOperation(
    deps.planning(),
    {
      document: request.document,
      operation: request.operation,
      operationName: request.operationName,
      // What Apollo keys HTTP operations by, so both transports key the cache one way.
      queryHash: createHash('sha256').update(request.source).digest('hex'),
    },
    deps.operations,
  );
  const { subscription } = prepared;
  if (!subscription) {
    throw new Error(`expected a Subscription plan, got ${prepared.plan.node?.kind ?? 'an empty plan'}`);
  }
  return { ...prepared, subscription };
}

/**
 * Starts a validated subscription: plan it, subscribe to the primary fetch through the pool, and
 * run the rest of the plan for each event, in order. Returns the client's stream, or a single
 * result with errors when it cannot start.
 */
export function subscribeFederated(
  deps: FederatedDeps,
  request: SocketRequest,
  requestId: string,
): ClientStream | ExecutionResult {
  const key = shareKey(request);
  const existing = deps.shared.get(key);
  if (existing) return join(deps, key, existing);

  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = prepare(deps, request);
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    request.logger.error({ err: error }, 'planning a subscription failed');
    return { errors: [errors.internal()] };
  }

  const stream: SharedStream = { queues: new Set(), lease: undefined };
  deps.shared.set(key, stream);
  const broadcast = (deliver: (queue: ClientStream) => void) => {
    for (const queue of [...stream.queues]) deliver(queue);
  };
  // Events are executed one after another so every client sees them in the order they were sent.
  let chain = Promise.resolve();
  const then = (step: () => Promise<void> | void) => {
    chain = chain.then(step).catch((error: unknown) => {
      request.logger.error({ err: error }, 'a subscription event failed');
      broadcast((queue) => queue.push({ errors: [errors.internal()] }));
    });
  };

  const { primary } = prepared.subscription;
  const variables = pick(request.variables, primary.variableUsages);
  const queue = join(deps, key, stream);
  stream.lease = deps.pool.subscribe(
    {
      subgraph: primary.serviceName,
      authorization: request.context.authorization,
      query: primary.operation,
      operationName: primary.operationName,
      variables,
      requestId,
    },
    {
      next: (event) =>
        then(async () => {
          if (stream.queues.size === 0) return;
          const result = await executeEvent(prepared, deps.transport, request, event);
          const encoded = EncodedResult.of(result);
          broadcast((q) => {
            if (!q.deliver(result, encoded, MAX_QUEUED_EVENTS)) q.end({ errors: [tooSlow()] });
          });
        }),
      error: (failures) => then(() => broadcast((q) => q.end({ errors: failures }))),
      complete: () => then(() => broadcast((q) => q.end())),
    },
  );
  // The pool may have refused synchronously (shutting down), before `lease` was assigned.
  if (stream.queues.size === 0) stream.lease.release();
  return queue;
}

function join(deps: FederatedDeps, key: string, stream: SharedStream): ClientStream {
  const queue: ClientStream = new ClientStream(() => {
    stream.queues.delete(queue);
    if (stream.queues.size > 0) return;
    if (deps.shared.get(key) === stream) deps.shared.delete(key);
    stream.lease?.release();
  });
  stream.queues.add(queue);
  return queue;
}

function tooSlow(): GraphQLError {
  return new GraphQLError(
    `More than ${MAX_QUEUED_EVENTS} events waited for this client: subscribe again (and resync what you show).`,
    { extensions: { code: 'INTERNAL_SERVER_ERROR', limit: 'queuedEvents' } },
  );
}

/** The variables the primary fetch uses, as the executor would send them. */
function pick(
  variables: Record<string, unknown>,
  names: readonly string[] | undefined,
): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names ?? []) {
    if (Object.hasOwn(variables, name) && variables[name] !== undefined) picked[name] = variables[name];
  }
  return picked;
}
