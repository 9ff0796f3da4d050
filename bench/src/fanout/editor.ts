import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';

const APPLY = 'mutation ($id: ID!, $u: String!) { applyDocumentUpdate(id: $id, update: $u) }';

/**
 * The editing side of the fan-out run: an EDITOR of the demo corpus who creates, publishes and
 * joins one document, then sends Yjs updates to it through the gateway over HTTP.
 */
export class Editor {
  private readonly doc = new Y.Doc();
  private token = '';
  documentId = '';

  constructor(
    private readonly url: string,
    private readonly dataDir: string,
  ) {}

  /** Signs in (again: access tokens expire, and a run with 10,000 sockets takes minutes). */
  async signIn(): Promise<void> {
    const accounts = JSON.parse(readFileSync(join(this.dataDir, 'demo-accounts.json'), 'utf8')) as Array<{
      email: string;
      password: string;
      roles: string[];
    }>;
    const editor = accounts.find((a) => a.roles.includes('EDITOR'));
    if (!editor) throw new Error('no EDITOR among the demo accounts');
    const { login } = await this.gql<{ login: { accessToken: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email: editor.email, password: editor.password } },
    );
    this.token = login.accessToken;
  }

  async createDocument(): Promise<string> {
    const { createDocument } = await this.gql<{ createDocument: { id: string } }>(
      'mutation { createDocument(input: { title: "Fan-out", body: "" }) { id } }',
    );
    this.documentId = createDocument.id;
    await this.gql('mutation ($id: ID!) { publishDocument(id: $id) { id } }', { id: this.documentId });
    const { joinDocument } = await this.gql<{ joinDocument: { state: string } }>(
      'mutation ($id: ID!) { joinDocument(id: $id) { state } }',
      { id: this.documentId },
    );
    Y.applyUpdate(this.doc, Buffer.from(joinDocument.state, 'base64'));
    return this.documentId;
  }

  /**
   * Gives the document an editing history before the run: `edits` inserts and deletes at random
   * places, sent as one update. Live editing costs can grow with a document's history (its Yjs
   * items), not only its length, and a fresh document has none.
   */
  async seedHistory(edits: number): Promise<void> {
    if (edits <= 0) return;
    let seed = 20_261_207;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const before = Y.encodeStateVector(this.doc);
    const body = this.doc.getText('body');
    for (let k = 0; k < edits; k += 1) {
      if (random() < 0.8 || body.length < 10) {
        body.insert(Math.floor(random() * (body.length + 1)), 'word '.slice(0, 1 + Math.floor(random() * 5)));
      } else {
        body.delete(Math.floor(random() * (body.length - 5)), 1 + Math.floor(random() * 4));
      }
    }
    await this.send(Buffer.from(Y.encodeStateAsUpdate(this.doc, before)).toString('base64'));
  }

  /**
   * The next edit's update (base64), applied to the local copy: send them in this order. The
   * transaction's own update, as a Yjs provider sends it; `Y.encodeStateAsUpdate` since a state
   * vector would repeat the document's whole delete set in every edit.
   */
  nextUpdate(text: string): string {
    let update: Uint8Array | undefined;
    const capture = (bytes: Uint8Array) => {
      update = bytes;
    };
    this.doc.on('update', capture);
    const body = this.doc.getText('body');
    body.insert(body.length, text);
    this.doc.off('update', capture);
    if (!update) throw new Error('the edit produced no update');
    return Buffer.from(update).toString('base64');
  }

  async send(update: string): Promise<void> {
    await this.gql(APPLY, { id: this.documentId, u: update });
  }

  private async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }
}
