import { describe, expect, it } from 'vitest';
import { knowledgeCorpus } from './corpus.js';

interface Sent {
  headers: Record<string, string>;
  body: { query: string; variables: { first: number; after: string | null } };
}

function fakeKnowledge(total: number, sent: Sent[]): typeof fetch {
  return (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as Sent['body'];
    sent.push({ headers: init.headers as Record<string, string>, body });
    const start = body.variables.after ? Number(body.variables.after) : 0;
    const end = Math.min(total, start + body.variables.first);
    const edges = Array.from({ length: end - start }, (_, i) => ({
      node: { id: `d${start + i}`, title: `T${start + i}`, body: 'Body', tags: ['a'] },
    }));
    return new Response(
      JSON.stringify({
        data: { documents: { edges, pageInfo: { hasNextPage: end < total, endCursor: String(end) } } },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  }) as typeof fetch;
}

describe('knowledgeCorpus', () => {
  it('reads every published public document, 100 a page, anonymously', async () => {
    const sent: Sent[] = [];
    const corpus = knowledgeCorpus({
      url: 'http://k/graphql',
      timeoutMs: 1000,
      maxDocuments: 1000,
      fetch: fakeKnowledge(250, sent),
    });
    const examples = await corpus.examples();
    expect(examples).toHaveLength(250);
    expect(examples[7]).toEqual({ id: 'd7', text: 'T7\n\nBody', labels: ['a'] });
    expect(sent.map((s) => s.body.variables.after)).toEqual([null, '100', '200']);
    expect(sent.every((s) => s.body.variables.first === 100)).toBe(true);
    expect(sent[0]!.body.query).toContain('filter: { status: PUBLISHED, visibility: PUBLIC }');
    expect(sent.some((s) => Object.keys(s.headers).some((h) => h.toLowerCase() === 'authorization'))).toBe(
      false,
    );
  });

  it('stops at maxDocuments and fails clearly on an error answer', async () => {
    const capped = knowledgeCorpus({
      url: 'http://k/graphql',
      timeoutMs: 1000,
      maxDocuments: 150,
      fetch: fakeKnowledge(1000, []),
    });
    expect(await capped.examples()).toHaveLength(150);
    const failing = knowledgeCorpus({
      url: 'http://k/graphql',
      timeoutMs: 1000,
      maxDocuments: 10,
      fetch: (async () =>
        new Response(JSON.stringify({ errors: [{ message: 'boom' }] }), {
          status: 500,
        })) as unknown as typeof fetch,
    });
    await expect(failing.examples()).rejects.toThrow('knowledge did not list documents: boom');
  });
});
