import { Writable } from 'node:stream';
import { createLogger } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

const QUERY = '{ me { id } document(id: "00000000-0000-0000-0000-000000000000") { id } }';

/** A subgraph goes down: the other subgraph's fields still resolve, and the circuit opens. */
describe('resilience', () => {
  let t: TestPlatform;
  let token = '';
  const lines: Array<{ msg?: string; subgraph?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n'))
        if (text) lines.push(JSON.parse(text) as { msg?: string });
      done();
    },
  });

  const post = async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    return (await response.json()) as {
      data?: { me: { id: string } | null; document: unknown } | null;
      errors?: Array<{ path?: string[]; extensions?: Record<string, unknown> }>;
    };
  };

  beforeAll(async () => {
    t = await startTestPlatform(
      {
        SUBGRAPH_BREAKER_THRESHOLD: '2',
        SUBGRAPH_BREAKER_HALF_OPEN_MS: '600000',
        SUBGRAPH_RETRY_ATTEMPTS: '2',
      },
      { logger: createLogger({ service: 'ukp', level: 'info', destination }) },
    );
    token = await adminToken(t);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers from both subgraphs while both are up', async () => {
    const result = await post();
    expect(result.errors).toBeUndefined();
    expect(result.data?.me?.id).toEqual(expect.any(String));
    expect(result.data?.document).toBeNull();
  });

  it('returns partial results with SUBGRAPH_UNAVAILABLE when one subgraph is down, then fails fast', async () => {
    await t.platform.subgraphs.knowledge.stop();
    const result = await post();
    expect(result.data?.me?.id).toEqual(expect.any(String));
    expect(result.data?.document).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'knowledge',
    });
    // Two failed requests (the first retried once) open the circuit: the third fails fast.
    await post();
    const opened = lines.find((l) => l.msg === 'circuit opened: failing fast' && l.subgraph === 'knowledge');
    expect(opened).toBeDefined();
    const fast = await post();
    expect(fast.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'knowledge',
    });
    expect(fast.data?.me?.id).toEqual(expect.any(String));
  });
});
