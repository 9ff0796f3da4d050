// The events the ingestion bench sends: client batches for `trackEvents`, and a platform mix for
// the bus shaped as the services publish it (the gateway's GatewayRequestEvent of
// gateway/src/observability/request-sample.ts, knowledge's search and document events, users' logins).
import { randomUUID } from 'node:crypto';

/** A fixed population: analytics keys activity by user and hour. */
export const USER_IDS: readonly string[] = Array.from({ length: 1000 }, () => randomUUID());
const DOCUMENT_IDS: readonly string[] = Array.from({ length: 500 }, () => randomUUID());
const OPERATIONS: ReadonlyArray<[string | null, 'query' | 'mutation']> = [
  ['Search', 'query'],
  ['Document', 'query'],
  ['Documents', 'query'],
  ['Me', 'query'],
  ['Ask', 'query'],
  ['DocumentWithAuthor', 'query'],
  ['UserDocuments', 'query'],
  ['Kpis', 'query'],
  ['UpdateDocument', 'mutation'],
  ['CreateDocument', 'mutation'],
  ['DocumentHeartbeat', 'mutation'],
  [null, 'query'],
];
const QUERIES = [
  'kubernetes deployment',
  'expense report',
  'password rotation',
  'incident on-call',
  'backup',
];
const CLIENT_NAMES = ['page.view', 'button.click', 'editor.opened', 'search.opened', 'share.clicked'];

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;

/** Log-normal around `median` ms (Box–Muller): latencies have a long right tail. */
function latencyMs(median: number, sigma = 0.9): number {
  const normal = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  return Math.round(median * Math.exp(sigma * normal) * 100) / 100;
}

function gatewayRequest(at: string): Record<string, unknown> {
  const [operationName, operationType] = pick(OPERATIONS);
  const r = Math.random();
  const outcome = r < 0.98 ? 'ok' : r < 0.995 ? 'error' : 'rejected';
  const durationMs = latencyMs(12);
  const event: Record<string, unknown> = {
    sampleRate: 1,
    operationName,
    operationType,
    durationMs,
    outcome,
    errorCodes: outcome === 'ok' ? [] : [outcome === 'error' ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT'],
    userId: Math.random() < 0.7 ? pick(USER_IDS) : null,
    at,
  };
  if (outcome !== 'rejected')
    event.subgraphTimings = { knowledge: Math.round(durationMs * 60) / 100, users: latencyMs(2) };
  return event;
}

/** One platform event: 80% gateway samples, then searches, document views and logins. */
export function platformEvent(): { topic: string; data: Record<string, unknown> } {
  const at = new Date().toISOString();
  const r = Math.random();
  if (r < 0.8) return { topic: 'gateway.request', data: gatewayRequest(at) };
  if (r < 0.88)
    return {
      topic: 'search.performed',
      data: {
        query: pick(QUERIES),
        resultCount: Math.floor(Math.random() * 11),
        latencyMs: latencyMs(8),
        userId: pick(USER_IDS),
      },
    };
  if (r < 0.96)
    return {
      topic: 'document.viewed',
      data: {
        documentId: pick(DOCUMENT_IDS),
        authorId: pick(USER_IDS),
        actorId: pick(USER_IDS),
        title: 'Backup and restore runbook',
        tags: ['ops', 'runbook'],
        status: 'PUBLISHED',
        visibility: 'PUBLIC',
        version: 3,
      },
    };
  return { topic: 'user.logged_in', data: { userId: pick(USER_IDS), at } };
}

/** A `trackEvents` request body: `size` client events, each with an id (an SDK's retry safety). */
export function trackBody(size: number): string {
  const now = Date.now();
  const events = Array.from({ length: size }, () => ({
    id: randomUUID(),
    name: pick(CLIENT_NAMES),
    at: new Date(now - Math.floor(Math.random() * 10_000)).toISOString(),
    properties: { path: `/documents/${pick(DOCUMENT_IDS)}`, ms: Math.floor(Math.random() * 2000) },
  }));
  return JSON.stringify({ query: TRACK, variables: { events } });
}

const TRACK = 'mutation Track($events: [EventInput!]!) { trackEvents(events: $events) }';
