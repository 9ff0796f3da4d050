import {
  AskDocument,
  CreateDocumentDocument,
  GetDocumentDocument,
  PublishDocumentDocument,
  SearchDocument,
  UpdateDocumentDocument,
} from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveScriptIn, SCRIPT_LINK_BODIES } from '../../scripts/security-scan/probes/markdown.js';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

/**
 * Issue 8, findings 2 and 3, as a client meets them through the gateway: an editor stores hostile
 * Markdown; what is stored renders with no script link in the CommonMark reference renderer, and
 * bodies built to make a parser quadratic are saved, searched and answered from. (That the work
 * is linear is asserted by step counts in the knowledge unit tests, not by time here.)
 */
describe('hostile Markdown through the gateway', () => {
  let t: TestPlatform;
  let editor: Awaited<ReturnType<typeof userWithRoles>>;

  beforeAll(async () => {
    t = await startTestPlatform();
    editor = await userWithRoles(t, await adminToken(t), ['EDITOR']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('the issue-8 script links are live unsanitised, and stored with none', async () => {
    const [inQuote, inList, escapedBracket] = SCRIPT_LINK_BODIES;
    expect([inQuote, inList, escapedBracket]).toEqual([
      '> [a]: javascript:alert(1)\n>\n> [x][a]',
      '- [a]: javascript:alert(1)\n\n[x][a]',
      '[a\\]b]: javascript:alert(1)\n\n[x][a\\]b]',
    ]);
    for (const body of SCRIPT_LINK_BODIES) {
      // The check itself sees the danger in what was sent.
      expect(liveScriptIn(body), body).not.toEqual([]);
      const created = await execute(
        t.url,
        CreateDocumentDocument,
        { input: { title: 'Script link', body } },
        editor.token,
      );
      expect(created.errors, body).toBeUndefined();
      const read = await execute(
        t.url,
        GetDocumentDocument,
        { id: created.data!.createDocument.id },
        editor.token,
      );
      const stored = read.data?.document?.body ?? '';
      expect(liveScriptIn(stored), `${body} → ${stored}`).toEqual([]);
    }
  });

  it('an update cannot bring a script link back either', async () => {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Safe at first', body: '[x](https://ok.test)' } },
      editor.token,
    );
    const doc = created.data!.createDocument;
    const updated = await execute(
      t.url,
      UpdateDocumentDocument,
      {
        id: doc.id,
        expectedVersion: doc.version,
        input: { body: '> [a]: javascript:alert(1)\n>\n> [x][a]' },
      },
      editor.token,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateDocument.body).toBe('> [a]: #\n>\n> [x][a]');
  });

  it('saves brackets on 60,000 lines as written', async () => {
    const body = '[\n'.repeat(60_000);
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Brackets', body } },
      editor.token,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data?.createDocument.body).toBe(body);
  });

  it('answers and searches over 96 KB of images never closed', async () => {
    const body = `zqx ${'![a '.repeat(24_000)}`;
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Hostile images', body } },
      editor.token,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createDocument.id;
    expect((await execute(t.url, PublishDocumentDocument, { id }, editor.token)).errors).toBeUndefined();

    const asked = await execute(t.url, AskDocument, { question: 'what is zqx?' });
    expect(asked.errors).toBeUndefined();
    expect(asked.data?.ask.sources.map((s) => s.document.id)).toContain(id);
    expect(asked.data?.ask.text).toMatch(/zqx/);

    const searched = await execute(t.url, SearchDocument, { query: 'zqx' });
    expect(searched.errors).toBeUndefined();
    expect(searched.data?.search.map((hit) => hit.document.id)).toContain(id);
  });

  it('refuses a body over KNOWLEDGE_BODY_MAX_BYTES (default 256 KiB) as BAD_USER_INPUT naming it', async () => {
    const fits = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Exactly at the limit', body: 'x'.repeat(262_144) } },
      editor.token,
    );
    expect(fits.errors).toBeUndefined();
    const over = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Over the limit', body: 'é'.repeat(131_073) } },
      editor.token,
    );
    expect(errorCode(over)).toBe('BAD_USER_INPUT');
    expect(over.errors?.[0]?.extensions?.field).toBe('body');
    expect(over.errors?.[0]?.message).toContain('262144 bytes');
  });
});
