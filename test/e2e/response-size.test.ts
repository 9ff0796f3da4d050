import {
  CreateDocumentDocument,
  PublishDocumentDocument,
  UpdateDocumentDocument,
} from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

interface WireError {
  message: string;
  extensions?: Record<string, unknown>;
}

interface Answer {
  status: number;
  xCache: string | null;
  body: { data?: unknown; errors?: WireError[] };
}

async function post(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    xCache: response.headers.get('x-cache'),
    body: (await response.json()) as Answer['body'],
  };
}

// Under the knowledge subgraph's body cap, whichever it is (1 MiB, or 256 KiB once lowered).
const BODY_CHARS = 200_000;
const REVISIONS = 7;
const MAX_RESPONSE_BYTES = 1024 * 1024;
let operation = 0;
/** A new operation name each time, as the attacker did: the response cache never answers. */
const fresh = (selection: string) => {
  operation += 1;
  return `query Read${operation} ${selection}`;
};

/** Finding 1 of issue 8: anonymous requests must not be able to make the gateway hold huge answers. */
describe('response size limits, anonymously over HTTP', () => {
  let t: TestPlatform;
  let id = '';

  beforeAll(async () => {
    t = await startTestPlatform({
      GATEWAY_MAX_RESPONSE_BYTES: String(MAX_RESPONSE_BYTES),
      RESPONSE_CACHE_MAX_ENTRY_BYTES: '100000',
    });
    const editor = await userWithRoles(t, await adminToken(t), ['EDITOR']);
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Large', body: 'a'.repeat(BODY_CHARS) } },
      editor.token,
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    id = created.data.createDocument.id;
    for (let version = 1; version < REVISIONS; version += 1) {
      const updated = await execute(
        t.url,
        UpdateDocumentDocument,
        {
          id,
          expectedVersion: version,
          input: { body: String.fromCharCode(98 + version).repeat(BODY_CHARS) },
        },
        editor.token,
      );
      if (!updated.data) throw new Error(JSON.stringify(updated.errors));
    }
    const published = await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    if (!published.data) throw new Error(JSON.stringify(published.errors));
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('refuses 15 aliases of 20 revision bodies by cost, before any subgraph is asked', async () => {
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `d${i}: document(id: $id) { revisions(first: 20) { edges { node { body } } } }`,
    ).join(' ');
    const before = t.statements.length;
    const answer = await post(t.url, fresh(`($id: ID!) { ${aliases} }`), { id });
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
    expect(t.statements.length).toBe(before);
  });

  it('refuses an answer over the byte budget with RESPONSE_TOO_LARGE and no data at all', async () => {
    // Within the cost (1 + 20 × 26), but seven 200 KB bodies are more than the 1 MiB allowed.
    const answer = await post(
      t.url,
      fresh('($id: ID!) { document(id: $id) { id revisions(first: 20) { edges { node { body } } } } }'),
      { id },
    );
    expect(answer.status).toBe(400);
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
      max: MAX_RESPONSE_BYTES,
    });
    expect(answer.body.errors?.[0]?.message).toMatch(/larger than 1048576 bytes.*Ask for fewer items/);
    // The gateway still answers, and a smaller page of the same is fine.
    const smaller = await post(
      t.url,
      fresh('($id: ID!) { document(id: $id) { revisions(first: 3) { edges { node { body } } } } }'),
      { id },
    );
    expect(smaller.status).toBe(200);
    expect(smaller.body.errors).toBeUndefined();
    const page = smaller.body.data as {
      document: { revisions: { edges: Array<{ node: { body: string } }> } };
    };
    expect(page.document.revisions.edges.map((e) => e.node.body.length)).toEqual([
      BODY_CHARS,
      BODY_CHARS,
      BODY_CHARS,
    ]);
  });

  it('refuses many concurrent over-budget requests and stays up', async () => {
    const query = '($id: ID!) { document(id: $id) { revisions(first: 20) { edges { node { body } } } } }';
    const answers = await Promise.all(Array.from({ length: 12 }, () => post(t.url, fresh(query), { id })));
    expect(answers.map((a) => a.body.errors?.[0]?.extensions?.code)).toEqual(
      Array.from({ length: 12 }, () => 'RESPONSE_TOO_LARGE'),
    );
    expect((await post(t.url, '{ __typename }')).status).toBe(200);
  });

  it('does not cache an answer over the per-entry maximum, but does cache small ones', async () => {
    const large = 'query LargeBody($id: ID!) { document(id: $id) { body } }';
    const first = await post(t.url, large, { id });
    expect(first.body.errors).toBeUndefined();
    expect(first.xCache).toBe('MISS');
    expect((await post(t.url, large, { id })).xCache).toBe('MISS');
    const small = 'query SmallTitle($id: ID!) { document(id: $id) { title } }';
    expect((await post(t.url, small, { id })).xCache).toBe('MISS');
    expect((await post(t.url, small, { id })).xCache).toBe('HIT');
  });
});
