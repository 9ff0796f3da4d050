import { Writable } from 'node:stream';
import { createGateway, type RunningGateway } from '@ukp/gateway';
import { createLogger } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminToken, startTestPlatform, subgraphUrlsOf, type TestPlatform } from '../testkit/platform.js';

const QUERY = '{ me { id } document(id: "00000000-0000-0000-0000-000000000000") { id } }';

interface LogLine {
  msg?: string;
  subgraph?: string;
}

/** A logger whose JSON lines the test reads back. */
function capturedLogger() {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n')) if (text) lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'ukp', level: 'info', destination }) };
}

/** The breaker's log lines about the knowledge subgraph, oldest first. */
function breakerEvents(lines: LogLine[]): string[] {
  return lines
    .filter((l) => l.subgraph === 'knowledge' && l.msg?.startsWith('circuit '))
    .map((l) => l.msg ?? '');
}

const OPENED = 'circuit opened: failing fast';
const HALF_OPEN = 'circuit half-open: trying one request';
const CLOSED = 'circuit closed again';

/**
 * A subgraph goes down: the other subgraph's fields still resolve and the circuit opens. While it
 * is open nothing reaches the subgraph; once the subgraph is back (restarted on the same port),
 * the first request after the half-open delay probes it and closes the circuit.
 *
 * Two gateways front the same subgraphs: the platform's, whose circuit half-opens after 500 ms,
 * and a patient one whose circuit stays open for the whole file — it shows that an open circuit
 * keeps requests away from a subgraph that is up again, without racing the half-open timer.
 */
describe('resilience', () => {
  let t: TestPlatform;
  let patient: RunningGateway;
  let token = '';
  const quick = capturedLogger();
  const slow = capturedLogger();

  const post = async (url: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    return (await response.json()) as {
      data?: { me: { id: string } | null; document: unknown } | null;
      errors?: Array<{ path?: string[]; extensions?: Record<string, unknown> }>;
    };
  };
  /** SQL the knowledge subgraph ran for a `document` lookup: one per request that reached it. */
  const documentLookups = () =>
    t.statements.filter((s) =>
      s.includes('from "knowledge"."documents" where ("knowledge"."documents"."id" in'),
    ).length;

  beforeAll(async () => {
    const breaker = { SUBGRAPH_BREAKER_THRESHOLD: '2', SUBGRAPH_RETRY_ATTEMPTS: '2' };
    t = await startTestPlatform(
      { ...breaker, SUBGRAPH_BREAKER_HALF_OPEN_MS: '500' },
      { logger: quick.logger },
    );
    patient = await createGateway({
      env: {
        ...t.platform.config.gateway,
        SUBGRAPH_BREAKER_THRESHOLD: 2,
        SUBGRAPH_RETRY_ATTEMPTS: 2,
        SUBGRAPH_BREAKER_HALF_OPEN_MS: 600_000,
        subgraphUrlOverrides: subgraphUrlsOf(t),
      },
      port: 0,
      logger: slow.logger,
      bus: t.platform.bus,
    });
    token = await adminToken(t);
  });
  afterAll(async () => {
    await patient?.stop();
    await t?.stop();
  });

  it('answers from both subgraphs while both are up', async () => {
    for (const url of [t.url, patient.url]) {
      const before = documentLookups();
      const result = await post(url);
      expect(result.errors).toBeUndefined();
      expect(result.data?.me?.id).toEqual(expect.any(String));
      expect(result.data?.document).toBeNull();
      expect(documentLookups()).toBe(before + 1);
    }
  });

  it('returns partial results with SUBGRAPH_UNAVAILABLE when one subgraph is down, then fails fast', async () => {
    await t.platform.subgraphs.knowledge.stop();
    for (const { url, lines } of [
      { url: t.url, lines: quick.lines },
      { url: patient.url, lines: slow.lines },
    ]) {
      const result = await post(url);
      expect(result.data?.me?.id).toEqual(expect.any(String));
      expect(result.data?.document).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'knowledge',
      });
      // Two failed requests (the first retried once) open the circuit: the third fails fast.
      await post(url);
      expect(breakerEvents(lines)).toContain(OPENED);
      const fast = await post(url);
      expect(fast.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'knowledge',
      });
      expect(fast.data?.me?.id).toEqual(expect.any(String));
    }
  });

  it('opens the circuit again when the half-open probe fails (the subgraph is still down)', async () => {
    await vi.waitFor(
      async () => {
        const result = await post(t.url);
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE' });
        const events = breakerEvents(quick.lines);
        const probe = events.indexOf(HALF_OPEN);
        expect(probe).toBeGreaterThanOrEqual(0);
        expect(events.slice(probe + 1)).toContain(OPENED);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(breakerEvents(quick.lines)).not.toContain(CLOSED);
  });

  it('keeps requests away from a restarted subgraph while the circuit is open', async () => {
    await t.platform.subgraphs.knowledge.restart();
    // The subgraph answers again, on the port the gateways know.
    const direct = await fetch(`${new URL(t.platform.subgraphs.knowledge.url).origin}/readyz`);
    expect(direct.status).toBe(200);

    const before = documentLookups();
    for (let i = 0; i < 3; i += 1) {
      const result = await post(patient.url);
      expect(result.data?.me?.id).toEqual(expect.any(String));
      expect(result.errors?.[0]?.extensions).toMatchObject({
        code: 'SUBGRAPH_UNAVAILABLE',
        subgraph: 'knowledge',
      });
    }
    expect(documentLookups()).toBe(before);
    expect(breakerEvents(slow.lines)).toEqual([OPENED]);
  });

  it('probes after the half-open delay, closes the circuit and returns full results again', async () => {
    const before = documentLookups();
    await vi.waitFor(
      async () => {
        const result = await post(t.url);
        expect(result.errors).toBeUndefined();
      },
      { timeout: 15_000, interval: 200 },
    );
    const events = breakerEvents(quick.lines);
    expect(events.slice(-2)).toEqual([HALF_OPEN, CLOSED]);
    // The probe reached the subgraph; the circuit stays closed for the requests after it.
    expect(documentLookups()).toBeGreaterThan(before);
    const result = await post(t.url);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.id).toEqual(expect.any(String));
    expect(result.data?.document).toBeNull();
    expect(breakerEvents(quick.lines).slice(-1)).toEqual([CLOSED]);
  });
});
