import { randomBytes } from 'node:crypto';
import { createClient, type Tokens, type UkpClient, UkpError } from '@ukp/client';
import {
  CreateDocumentDocument,
  DocumentEventsDocument,
  JoinDocumentDocument,
  LeaveDocumentDocument,
  ListDocumentsDocument,
  MeDocument,
  PublishDocumentDocument,
  SearchDocument,
} from '@ukp/client/documents';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeToken, hs256 } from '../../scripts/security-scan/jwt.js';
import { adminToken, startTestPlatform, type TestPlatform, userWithRoles } from '../testkit/platform.js';

/** What the client sent over HTTP, read from the bodies: the wire is what a frontend controls. */
type Sent = { documentId?: string; query?: string; operationName?: string };

/**
 * The platform driven through `@ukp/client` as a frontend drives it, under
 * `TRUSTED_DOCUMENTS=enforce`: every operation here goes by its trusted-document id.
 */
describe('@ukp/client against the platform (trusted documents enforced)', () => {
  const jwtSecret = randomBytes(48).toString('base64url');
  const word = `zephyrine${randomBytes(3).toString('hex')}`;
  let t: TestPlatform;
  // Sign-in details only, as a frontend's form holds them.
  let editor: { email: string; password: string };
  let viewer: { id: string; email: string; password: string };
  let editorId = '';
  let documentId = '';
  const sent: Sent[] = [];
  const clients: UkpClient[] = [];

  /** A client that records every HTTP body it sends. */
  function client(options: {
    credentials?: { email: string; password: string };
    tokens?: Tokens;
    documents?: 'text';
    refreshAheadMs?: number;
  }) {
    const created = createClient({
      url: t.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      fetch: (input, init) => {
        sent.push(JSON.parse(String(init.body)) as Sent);
        return fetch(input, init);
      },
      ...options,
    });
    clients.push(created);
    return created;
  }

  /** The token the platform would have issued an hour ago: expired, but signed with its secret. */
  function expired(token: string): string {
    const now = Math.floor(Date.now() / 1000);
    return hs256({}, { ...decodeToken(token)?.payload, iat: now - 7200, exp: now - 3600 }, jwtSecret);
  }

  beforeAll(async () => {
    t = await startTestPlatform({ TRUSTED_DOCUMENTS: 'enforce', JWT_SECRET: jwtSecret });
    const admin = await adminToken(t);
    const editorUser = await userWithRoles(t, admin, ['EDITOR']);
    editor = { email: editorUser.email, password: editorUser.password };
    editorId = editorUser.id;
    viewer = await userWithRoles(t, admin, ['VIEWER']);
  });
  afterAll(async () => {
    for (const created of clients) await created.dispose();
    await t?.stop();
  });

  it('signs in with credentials and runs typed operations by document id', async () => {
    const ukp = client({ credentials: editor });
    const before = sent.length;
    const { me } = await ukp.request(MeDocument);
    expect(me?.id).toBe(editorId);

    const created = await ukp.request(CreateDocumentDocument, {
      input: { title: `The ${word} handbook`, body: `All about ${word}.`, tags: ['client-e2e'] },
    });
    documentId = created.createDocument.id;
    await ukp.request(PublishDocumentDocument, { id: documentId });
    const { search } = await ukp.request(SearchDocument, { query: word });
    expect(search.map((hit) => hit.document.id)).toContain(documentId);

    const mine = sent.slice(before);
    expect(mine.map((body) => body.operationName)).toEqual([
      'Login',
      'Me',
      'CreateDocument',
      'PublishDocument',
      'Search',
    ]);
    for (const body of mine) {
      expect(body.documentId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(body.query).toBeUndefined();
    }
  });

  it('refreshes an expired access token once for concurrent requests, and retries each', async () => {
    const signedIn = client({ credentials: { email: viewer.email, password: viewer.password } });
    await signedIn.request(MeDocument);
    const tokens = signedIn.tokens!;
    signedIn.signOut();
    // Refreshing only after a refusal: the gateway's UNAUTHENTICATED is what this drives.
    const stale = client({
      tokens: { accessToken: expired(tokens.accessToken), refreshToken: tokens.refreshToken },
      refreshAheadMs: 0,
    });
    const before = sent.length;

    const results = await Promise.all(Array.from({ length: 4 }, () => stale.request(MeDocument)));
    expect(results.map((r) => r.me?.id)).toEqual(Array(4).fill(viewer.id));
    const refreshes = sent.slice(before).filter((body) => body.operationName === 'RefreshSession');
    expect(refreshes).toHaveLength(1);
    expect(sent.slice(before).filter((body) => body.operationName === 'Me')).toHaveLength(8);
    expect(stale.tokens?.refreshToken).not.toBe(tokens.refreshToken);

    // The refresh token is spent: presenting it again, past the users subgraph's grace window for
    // a second tab, revokes the session — a typed error.
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    const replay = client({
      tokens: { accessToken: expired(tokens.accessToken), refreshToken: tokens.refreshToken },
      refreshAheadMs: 0,
    });
    const failure = await replay.request(MeDocument).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UkpError);
    expect(failure).toMatchObject({ code: 'REFRESH_TOKEN_REUSED', operationName: 'RefreshSession' });
    expect(replay.tokens).toBeUndefined();
  });

  it('refreshes an access token that has expired before sending anything with it', async () => {
    const signedIn = client({ credentials: { email: viewer.email, password: viewer.password } });
    await signedIn.request(MeDocument);
    const tokens = signedIn.tokens!;
    signedIn.signOut();
    const stale = client({
      tokens: { accessToken: expired(tokens.accessToken), refreshToken: tokens.refreshToken },
    });
    const before = sent.length;

    const results = await Promise.all(Array.from({ length: 3 }, () => stale.request(MeDocument)));
    expect(results.map((r) => r.me?.id)).toEqual(Array(3).fill(viewer.id));
    // One refresh first, then each request once: none was sent to be refused.
    expect(sent.slice(before).map((body) => body.operationName)).toEqual([
      'RefreshSession',
      'Me',
      'Me',
      'Me',
    ]);
  });

  /**
   * The first event of `events`. graphql-ws does not acknowledge a subscribe, so the presence is
   * changed (as `actor`) until something is heard.
   */
  async function firstEvent(
    events: AsyncIterator<unknown>,
    actor: UkpClient,
  ): Promise<IteratorResult<unknown>> {
    let heard: IteratorResult<unknown> | undefined;
    const first = events.next().then((result) => {
      heard = result;
      return result;
    });
    for (let attempt = 0; attempt < 20 && !heard; attempt += 1) {
      if (attempt % 2) await actor.request(LeaveDocumentDocument, { id: documentId });
      else await actor.request(JoinDocumentDocument, { id: documentId });
      await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 200))]);
    }
    return first;
  }

  it('receives a live document event through graphql-ws as an async iterator', async () => {
    const ukp = client({ credentials: editor });
    const events = ukp.subscribe(DocumentEventsDocument, { documentId });
    const result = await firstEvent(events, ukp);
    expect(result.done).toBe(false);
    expect(result.value).toMatchObject({ documentEvents: { __typename: expect.any(String) } });
    await events.return?.();
  });

  it('refreshes an expired token the socket refused, and subscribes again on a new connection', async () => {
    const signedIn = client({ credentials: editor });
    await signedIn.request(MeDocument);
    const tokens = signedIn.tokens!;
    signedIn.signOut();
    const stale = client({
      tokens: { accessToken: expired(tokens.accessToken), refreshToken: tokens.refreshToken },
      refreshAheadMs: 0,
    });
    const before = sent.length;
    const events = stale.subscribe(DocumentEventsDocument, { documentId });
    const result = await firstEvent(events, client({ credentials: editor }));
    expect(result.value).toMatchObject({ documentEvents: { __typename: expect.any(String) } });
    expect(sent.slice(before).filter((body) => body.operationName === 'RefreshSession')).toHaveLength(1);
    await events.return?.();
  });

  it('throws typed errors: FORBIDDEN, BAD_USER_INPUT, OPERATION_NOT_ALLOWED, with request ids', async () => {
    const ukp = client({ credentials: { email: viewer.email, password: viewer.password } });
    const forbidden = await ukp
      .request(CreateDocumentDocument, { input: { title: 'No', body: 'No.' } })
      .catch((error: unknown) => error);
    expect(forbidden).toBeInstanceOf(UkpError);
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN', requestId: expect.any(String) });

    const badInput = await ukp
      .request(ListDocumentsDocument, { first: 101 })
      .catch((error: unknown) => error);
    expect(badInput).toMatchObject({ code: 'BAD_USER_INPUT', requestId: expect.any(String) });

    // A document that is not in the manifest, sent as text: the gateway refuses it outright.
    const adHoc = parse('query AdHoc { me { id } }');
    const refused = await client({
      credentials: { email: viewer.email, password: viewer.password },
      documents: 'text',
    })
      .request(adHoc, {})
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'OPERATION_NOT_ALLOWED', status: 403 });
  });
});
