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
}

export interface PresencePayload {
  documentId: string;
  participantIds: string[];
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
  | ({ kind: 'saved' } & SavedPayload);

export type DocumentEditedModel = Extract<DocumentEventModel, { kind: 'edited' }>;
export type PresenceChangedModel = Extract<DocumentEventModel, { kind: 'presence' }>;
export type DocumentSavedModel = Extract<DocumentEventModel, { kind: 'saved' }>;
