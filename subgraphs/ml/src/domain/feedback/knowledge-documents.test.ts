import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { knowledgeDocuments } from './knowledge-documents.js';

const answering = (body: unknown, status = 200) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

const client = (send: typeof fetch) =>
  knowledgeDocuments({ url: 'http://knowledge.test/graphql', timeoutMs: 1000, fetch: send });

describe('knowledge documents as the caller', () => {
  it('reads a document with its author', async () => {
    const document = {
      id: 'd1',
      version: 3,
      title: 'T',
      body: 'B',
      tags: ['a'],
      visibility: 'PUBLIC',
      status: 'PUBLISHED',
      author: { id: 'u1' },
    };
    await expect(client(answering({ data: { document } })).read('d1', 'Bearer x')).resolves.toEqual({
      id: 'd1',
      version: 3,
      title: 'T',
      body: 'B',
      tags: ['a'],
      visibility: 'PUBLIC',
      status: 'PUBLISHED',
      authorId: 'u1',
    });
    await expect(client(answering({ data: { document: null } })).read('d1', 'Bearer x')).resolves.toBeNull();
  });

  it("passes knowledge's refusals through with their codes", async () => {
    const forbidden = answering({
      data: null,
      errors: [{ message: 'No.', extensions: { code: 'FORBIDDEN' } }],
    });
    const error = await client(forbidden)
      .setTags('d1', 1, ['a'], 'Bearer x')
      .catch((e: unknown) => e);
    expect(codeOf(error)).toBe('FORBIDDEN');
  });

  it('is SUBGRAPH_UNAVAILABLE when knowledge does not answer or fails', async () => {
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as unknown as typeof fetch;
    expect(
      codeOf(
        await client(down)
          .read('d1', 'Bearer x')
          .catch((e: unknown) => e),
      ),
    ).toBe('SUBGRAPH_UNAVAILABLE');
    const failing = answering(
      { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] },
      500,
    );
    expect(
      codeOf(
        await client(failing)
          .read('d1', 'Bearer x')
          .catch((e: unknown) => e),
      ),
    ).toBe('SUBGRAPH_UNAVAILABLE');
    const notJson = (async () => new Response('<html>', { status: 502 })) as unknown as typeof fetch;
    expect(
      codeOf(
        await client(notJson)
          .read('d1', 'Bearer x')
          .catch((e: unknown) => e),
      ),
    ).toBe('SUBGRAPH_UNAVAILABLE');
  });
});
