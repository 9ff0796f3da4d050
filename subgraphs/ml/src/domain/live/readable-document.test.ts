import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { knowledgeDocuments } from '../feedback/knowledge-documents.js';
import { readAsCaller } from './readable-document.js';

/** A knowledge that answers `body` (or throws it), recording what it was asked. */
function knowledge(body: unknown) {
  const asked: Array<{ authorization: string | null; variables: unknown }> = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    if (body instanceof Error) throw body;
    const headers = new Headers(init.headers);
    asked.push({
      authorization: headers.get('authorization'),
      variables: JSON.parse(String(init.body)).variables,
    });
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return {
    read: readAsCaller(knowledgeDocuments({ url: 'http://knowledge/graphql', timeoutMs: 1000, fetch })),
    asked,
  };
}

const codeOfRejection = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error) => codeOf(error),
  );

describe('readAsCaller', () => {
  it('asks as the caller and maps the document', async () => {
    const k = knowledge({
      data: {
        document: {
          id: 'd',
          version: 3,
          title: 'T',
          body: 'B',
          tags: ['x'],
          visibility: 'PUBLIC',
          status: 'DRAFT',
          author: { id: 'u' },
        },
      },
    });
    expect(await k.read('d', 'Bearer t')).toEqual({
      id: 'd',
      title: 'T',
      body: 'B',
      tags: ['x'],
      visibility: 'PUBLIC',
      status: 'DRAFT',
      authorId: 'u',
    });
    expect(k.asked).toEqual([{ authorization: 'Bearer t', variables: { id: 'd' } }]);
  });

  it('is null when knowledge does not show the document', async () => {
    expect(await knowledge({ data: { document: null } }).read('d', 'Bearer t')).toBeNull();
    const notFound = { errors: [{ message: 'no', extensions: { code: 'NOT_FOUND' } }], data: null };
    expect(await knowledge(notFound).read('d', 'Bearer t')).toBeNull();
  });

  it('passes UNAUTHENTICATED on and calls anything else knowledge being unavailable', async () => {
    const expired = { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] };
    expect(await codeOfRejection(knowledge(expired).read('d', 'Bearer t'))).toBe('UNAUTHENTICATED');
    const broken = { errors: [{ message: 'boom', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    expect(await codeOfRejection(knowledge(broken).read('d', 'Bearer t'))).toBe('SUBGRAPH_UNAVAILABLE');
    expect(await codeOfRejection(knowledge(new TypeError('fetch failed')).read('d', 'Bearer t'))).toBe(
      'SUBGRAPH_UNAVAILABLE',
    );
  });
});
