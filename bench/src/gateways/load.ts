// Closed-loop load: `concurrency` workers, each sending the next request as soon as the previous
// answered, over keep-alive node:http (cheaper per request than fetch, so the generator steals
// less CPU from the gateways on a small machine).
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Target {
  url: string;
  agent: Agent;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** One latency sample per request, milliseconds. */
  latencies: number[];
  /** The first error seen, to make a failing run explain itself. */
  firstError?: string;
}

export function target(url: string, concurrency: number): Target {
  return { url, agent: new Agent({ keepAlive: true, maxSockets: concurrency }) };
}

/** Sends one POST and resolves with the status and the raw body. */
export function post(
  t: Target,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return send(t, body, headers, false);
}

/** How many leading bytes of an answer the closed loop reads: enough to see `{"errors":`. */
const HEAD_BYTES = 16;

function send(
  t: Target,
  body: string,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      t.url,
      {
        method: 'POST',
        agent: t.agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on('data', (c: Buffer) => {
          if (headOnly && kept >= HEAD_BYTES) return;
          chunks.push(c);
          kept += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export async function closedLoop(
  t: Target,
  body: string,
  headers: Record<string, string>,
  concurrency: number,
  seconds: number,
): Promise<LoadResult> {
  const result: LoadResult = { requests: 0, errors: 0, latencies: [] };
  // Sockets left idle while the other gateway was measured may be closing on the server side by
  // now (its keep-alive timeout): start every run on fresh connections.
  t.agent.destroy();
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const start = performance.now();
      let failure: string | undefined;
      try {
        // Only the head of each answer is kept, like autocannon: decoding 128 KB per request
        // would tax the generator (it shares the machine), and the answers were checked in full
        // before the load started. Apollo puts `errors` first, so a failure shows in the head.
        const { status, text } = await send(t, body, headers, true);
        if (status !== 200 || !text.startsWith('{"data":')) failure = `${status} ${text.slice(0, 300)}`;
      } catch (error) {
        failure = String(error);
      }
      result.latencies.push(performance.now() - start);
      result.requests += 1;
      if (failure) {
        result.errors += 1;
        result.firstError ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}
