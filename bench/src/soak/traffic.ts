// The soak's mixed traffic through the gateway: queries, mutations, subscriptions opened and
// closed, collaborative edits (join, Yjs updates, leave) and sign-ins. Workers loop until stopped.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import * as Y from 'yjs';

export interface Account {
  email: string;
  password: string;
  token: string;
  id: string;
}

export interface OpCounts {
  [op: string]: { ok: number; failed: number };
}

export interface Traffic {
  ops: OpCounts;
  errors: string[];
  /** Creates the shared document the edits and subscriptions use. */
  init(): Promise<void>;
  /** Runs `concurrency` workers until `stop()`; resolves when all have finished their last op. */
  run(concurrency: number): { stop(): Promise<void> };
}

async function gql<T>(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors || !body.data)
    throw new Error(`${response.status} ${JSON.stringify(body.errors).slice(0, 300)}`);
  return body.data;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

export function createTraffic(url: string, accounts: { admin: Account; editors: Account[] }): Traffic {
  const ops: OpCounts = {};
  const errors: string[] = [];
  const wsUrl = url.replace(/^http/, 'ws');
  let sharedDoc = '';
  let n = 0;
  const editor = () => accounts.editors[n++ % accounts.editors.length]!;

  const newDocument = async (who: Account, publish: boolean) => {
    const { createDocument } = await gql<{ createDocument: { id: string; version: number } }>(
      url,
      'mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { id version } }',
      { input: { title: `Soak ${n}`, body: 'Soak body about backups and restores.', tags: ['soak'] } },
      who.token,
    );
    await gql(
      url,
      'mutation ($id: ID!, $v: Int!) { updateDocument(id: $id, expectedVersion: $v, input: { body: "Edited soak body about backups." }) { version } }',
      { id: createDocument.id, v: createDocument.version },
      who.token,
    );
    if (publish)
      await gql(
        url,
        'mutation ($id: ID!) { publishDocument(id: $id) { id } }',
        { id: createDocument.id },
        who.token,
      );
    return createDocument.id;
  };

  const table: Array<[string, number, () => Promise<unknown>]> = [
    [
      'query documents+authors',
      25,
      () =>
        gql(
          url,
          '{ documents(first: 5) { totalCount edges { node { id title author { id displayName } } } } }',
          {},
        ),
    ],
    [
      'query users+documents',
      10,
      () =>
        gql(
          url,
          '{ users(first: 10) { edges { node { id documents(first: 2) { totalCount edges { node { id } } } } } } }',
          {},
          accounts.admin.token,
        ),
    ],
    [
      'query me',
      10,
      () => gql(url, '{ me { id email documents(first: 3) { totalCount } } }', {}, editor().token),
    ],
    ['query search', 10, () => gql(url, '{ search(query: "backup") { document { id } } }', {})],
    ['mutation create+update+publish', 8, () => newDocument(editor(), true)],
    [
      'subscription open+close',
      12,
      async () => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          lazy: true,
          connectionParams: { authorization: `Bearer ${editor().token}` },
        });
        try {
          const events = client.iterate({
            query:
              n % 2
                ? 'subscription { documentPublished { id } }'
                : `subscription { documentEvents(documentId: "${sharedDoc}") { __typename } }`,
          });
          // Open for a moment (an event may or may not come), then close from the client side.
          const first = events.next();
          first.catch(() => {});
          await Promise.race([first, new Promise((r) => setTimeout(r, 200 + (n % 5) * 100))]);
          await events.return?.();
        } finally {
          await client.dispose();
        }
      },
    ],
    [
      'collab join+edit+leave',
      12,
      async () => {
        const who = editor();
        // Mostly the shared document; now and then a fresh one, so no document's history grows without end.
        const id = n % 10 === 0 ? await newDocument(who, true) : sharedDoc;
        const { joinDocument } = await gql<{ joinDocument: { state: string } }>(
          url,
          'mutation ($id: ID!) { joinDocument(id: $id) { state } }',
          { id },
          who.token,
        );
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Buffer.from(joinDocument.state, 'base64'), 'remote');
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array, origin: unknown) => {
          if (origin !== 'remote') updates.push(u);
        });
        const text = doc.getText('body');
        const at = text.length;
        text.insert(at, ' live');
        text.insert(at + 5, '!');
        text.delete(at, 6); // the body stays the same size, as real editing roughly does
        try {
          for (const update of updates)
            await gql(
              url,
              'mutation ($id: ID!, $u: String!) { applyDocumentUpdate(id: $id, update: $u) }',
              { id, u: b64(update) },
              who.token,
            );
        } finally {
          await gql(url, 'mutation ($id: ID!) { leaveDocument(id: $id) }', { id }, who.token);
          doc.destroy();
        }
      },
    ],
    [
      'sign-in',
      4,
      async () => {
        const who = editor();
        await gql(url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
          input: { email: who.email, password: who.password },
        });
      },
    ],
  ];
  const totalWeight = table.reduce((sum, [, w]) => sum + w, 0);
  const pick = () => {
    let r = Math.random() * totalWeight;
    for (const entry of table) {
      r -= entry[1];
      if (r < 0) return entry;
    }
    return table[0]!;
  };

  return {
    ops,
    errors,
    async init() {
      sharedDoc = await newDocument(accounts.editors[0]!, true);
    },
    run(concurrency) {
      let stopping = false;
      const worker = async () => {
        while (!stopping) {
          const [name, , op] = pick();
          const count = ops[name] ?? { ok: 0, failed: 0 };
          ops[name] = count;
          try {
            await op();
            count.ok += 1;
          } catch (error) {
            count.failed += 1;
            if (errors.length < 20) errors.push(`${name}: ${(error as Error).message}`);
          }
        }
      };
      const workers = Array.from({ length: concurrency }, () => worker());
      return {
        async stop() {
          stopping = true;
          await Promise.all(workers);
        },
      };
    },
  };
}
