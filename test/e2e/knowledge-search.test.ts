import {
  AskDocument,
  CreateDocumentDocument,
  PublishDocumentDocument,
  SearchDocument,
  SearchWithSuggestionsDocument,
} from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

/** An editor publishes; an anonymous reader finds it and gets a cited answer; private stays private. */
describe('search and ask through the gateway', () => {
  let t: TestPlatform;
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;
  let publicId = '';
  let privateId = '';

  const write = async (
    title: string,
    body: string,
    tags: string[],
    visibility: 'PUBLIC' | 'PRIVATE' = 'PUBLIC',
  ) => {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title, body, tags, visibility } },
      editor.token,
    );
    const id = created.data!.createDocument.id;
    await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    return id;
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    const admin = await adminToken(t);
    editor = await userWithRoles(t, admin, ['EDITOR']);
    viewer = await userWithRoles(t, admin, ['VIEWER']);
    publicId = await write(
      'Backup retention for the orders database',
      'Nightly snapshots of the orders database are taken at 02:00 UTC.\n\nBackups are kept for 35 days and restores are tested every quarter by the platform team.',
      ['infrastructure', 'backups'],
    );
    await write(
      'Expense policy for client travel',
      'Expense reports must be filed within 30 days of the purchase. Receipts are required for anything above 25 euros.',
      ['finance'],
    );
    privateId = await write(
      'Incident bridge passphrase',
      'The zebra-cobalt passphrase opens the incident bridge. Rotate the zebra-cobalt passphrase monthly.',
      ['security'],
      'PRIVATE',
    );
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('lets an anonymous reader find a published document, with the match marked', async () => {
    const result = await execute(t.url, SearchDocument, { query: 'backups retention' });
    expect(result.errors).toBeUndefined();
    const [top] = result.data!.search;
    expect(top?.document).toMatchObject({ id: publicId, author: { displayName: 'EDITOR' } });
    expect(top?.snippet).toMatch(/<mark>/);
    const prefix = await execute(t.url, SearchDocument, { query: 'restor' });
    expect(prefix.data?.search.map((h) => h.document.id)).toContain(publicId);
    const tagged = await execute(t.url, SearchDocument, { query: 'days', tags: ['finance'] });
    expect(tagged.data?.search.map((h) => h.document.title)).toEqual(['Expense policy for client travel']);
  });

  it('answers a question from the documents, citing the source', async () => {
    const result = await execute(t.url, AskDocument, { question: 'How long are backups kept?' });
    expect(result.errors).toBeUndefined();
    const answer = result.data!.ask;
    expect(answer.text).toContain('35 days');
    expect(answer.confidence).toBeGreaterThan(0.3);
    expect(answer.sources.map((s) => s.document.id)).toContain(publicId);
  });

  it('says so honestly when nothing answers', async () => {
    const result = await execute(t.url, AskDocument, {
      question: 'What is the airspeed of an unladen swallow?',
    });
    expect(result.data?.ask).toMatchObject({ confidence: 0, sources: [] });
    expect(result.data?.ask.text.length).toBeGreaterThan(10);
  });

  it('suggests a spelling that finds something', async () => {
    const result = await execute(t.url, SearchWithSuggestionsDocument, { query: 'snapshuts' });
    expect(result.data?.searchWithSuggestions.hits).toEqual([]);
    expect(result.data?.searchWithSuggestions.didYouMean).toBe('snapshots');
  });

  it('keeps a private document out of search, ask and suggestions for everyone else', async () => {
    for (const token of [undefined, viewer.token]) {
      const search = await execute(t.url, SearchDocument, { query: 'zebra-cobalt passphrase' }, token);
      expect(search.data?.search.map((h) => h.document.id)).not.toContain(privateId);
      const ask = await execute(
        t.url,
        AskDocument,
        { question: 'Which passphrase opens the incident bridge?' },
        token,
      );
      expect(ask.data?.ask.sources.map((s) => s.document.id)).not.toContain(privateId);
      expect(ask.data?.ask.text).not.toContain('zebra');
      const suggest = await execute(t.url, SearchWithSuggestionsDocument, { query: 'zebar' }, token);
      expect(suggest.data?.searchWithSuggestions.didYouMean ?? '').not.toContain('zebra');
    }
    const own = await execute(t.url, SearchDocument, { query: 'zebra-cobalt passphrase' }, editor.token);
    expect(own.data?.search.map((h) => h.document.id)).toContain(privateId);
  });

  it('bounds queries', async () => {
    expect(errorCode(await execute(t.url, SearchDocument, { query: 'x'.repeat(501) }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await execute(t.url, SearchDocument, { query: 'backups', first: 101 }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(errorCode(await execute(t.url, AskDocument, { question: 'x'.repeat(501) }))).toBe(
      'BAD_USER_INPUT',
    );
  });
});
