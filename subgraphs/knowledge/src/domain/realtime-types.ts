import type { DocumentRow } from '../db/schema.js';

/**
 * The contract between live editing (collaboration) and the subscriptions that deliver it:
 * bus topics, their payloads, and the models the GraphQL resolvers map. Every instance of the
 * knowledge service publishes to and listens on these topics, so subscribers on one instance
 * hear edits applied on another.
 */
export const REALTIME_TOPICS = {
  /** A Yjs update was applied and durably logged. */
  edited: 'document.edited',
  /** The participant list of a document changed (join, leave, 30 s of silence). */
  presence: 'document.presence',
  /** The live state was compacted into the document as a new version and revision. */
  saved: 'document.saved',
} as const;

export interface EditedPayload {
  documentId: string;
  /** Base64 of the Yjs update exactly as applied. */
  update: string;
  actorId: string;
  /**
   * The instance that applied it, which ignores its own echo. Absent for updates made by a saved
   * change (updateDocument): every instance applies those.
   */
  origin?: string;
}

export interface PresencePayload {
  documentId: string;
  participantIds: string[];
  /**
   * Grows with every change of the list (counted in Postgres). Instances publish in no global
   * order, so a subscriber drops a list older than one it already delivered.
   */
  seq?: number;
}

export interface SavedPayload {
  documentId: string;
  version: number;
}

export interface CollaborationSessionModel {
  documentId: string;
  state: string;
  participantIds: string[];
}

/** One event of `documentEvents`, discriminated for the union's `__resolveType`. */
export type DocumentEventModel =
  | ({ kind: 'edited' } & EditedPayload)
  | ({ kind: 'presence' } & PresencePayload)
  // `document`: the document as the subscriber may read it, loaded when the event was authorised.
  | ({ kind: 'saved'; document?: DocumentRow } & SavedPayload);

export type DocumentEditedModel = Extract<DocumentEventModel, { kind: 'edited' }>;
export type PresenceChangedModel = Extract<DocumentEventModel, { kind: 'presence' }>;
export type DocumentSavedModel = Extract<DocumentEventModel, { kind: 'saved' }>;
