import { dataOf, type GqlResult, gql } from '@ukp/kit/testing';
import * as Y from 'yjs';
import type { TestUser } from './server-fixture.js';

/** Live editing as a client drives it: the operations, and an editor with its own Y.Doc. */

export const JOIN = `mutation ($id: ID!) { joinDocument(id: $id) { documentId state participants { id } } }`;
export const APPLY =
  'mutation ($id: ID!, $update: String!) { applyDocumentUpdate(id: $id, update: $update) }';
export const LEAVE = 'mutation ($id: ID!) { leaveDocument(id: $id) }';
export const HEARTBEAT = 'mutation ($id: ID!) { documentHeartbeat(id: $id) }';
export const DOCUMENT_EVENTS = `subscription ($id: ID!) {
  documentEvents(documentId: $id) {
    __typename
    ... on DocumentEdited { documentId update actor { id } }
    ... on PresenceChanged { documentId participants { id } }
    ... on DocumentSaved { document { id version body } }
  }
}`;

export interface DocumentEventData {
  documentEvents: {
    __typename: 'DocumentEdited' | 'PresenceChanged' | 'DocumentSaved';
    documentId?: string;
    update?: string;
    actor?: { id: string };
    participants?: Array<{ id: string }>;
    document?: { id: string; version: number; body: string };
  };
}

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * A live-editing client as a browser would run one: its own Y.Doc, joined over GraphQL, sending
 * the update of each local edit and applying the updates it is given.
 */
export class LiveEditor {
  readonly doc = new Y.Doc();

  constructor(
    readonly user: TestUser,
    readonly documentId: string,
    private readonly url: string,
  ) {}

  /** Joins and loads the shared state; the participants' ids. */
  async join(): Promise<string[]> {
    const joined = dataOf(
      await gql<{ joinDocument: { state: string; participants: Array<{ id: string }> } }>(
        this.url,
        JOIN,
        { id: this.documentId },
        this.user.token,
      ),
    ).joinDocument;
    Y.applyUpdate(this.doc, unb64(joined.state));
    return joined.participants.map((p) => p.id);
  }

  text(): string {
    return this.doc.getText('body').toString();
  }

  /** Makes a local edit and returns its update (base64), without sending it. */
  edit(change: (text: Y.Text) => void): string {
    const before = Y.encodeStateVector(this.doc);
    change(this.doc.getText('body'));
    return b64(Y.encodeStateAsUpdate(this.doc, before));
  }

  send(update: string): Promise<GqlResult<{ applyDocumentUpdate: number }>> {
    return gql(this.url, APPLY, { id: this.documentId, update }, this.user.token);
  }

  /** Edits and sends; the version the server answers. */
  async type(change: (text: Y.Text) => void): Promise<number> {
    return dataOf(await this.send(this.edit(change))).applyDocumentUpdate;
  }

  receive(update: string): void {
    Y.applyUpdate(this.doc, unb64(update));
  }

  async leave(): Promise<boolean> {
    return dataOf(
      await gql<{ leaveDocument: boolean }>(this.url, LEAVE, { id: this.documentId }, this.user.token),
    ).leaveDocument;
  }
}
