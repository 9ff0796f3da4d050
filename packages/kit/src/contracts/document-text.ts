/**
 * The knowledge subgraph's announcement that a document's text changed (live edits and saved
 * changes), for services that react to what a document says (ml's live tag suggestions). It lives
 * in the kit so that a consumer depends on this contract, not on the knowledge package.
 *
 * Pub/sub only, not a durable topic: it is a level (the newest text replaces the last), so a
 * consumer that missed one simply works from the next. Knowledge sends at most one a second per
 * document and instance, and always the last text of a burst of edits.
 */
export const DOCUMENT_TEXT_CHANGED = 'document.text_changed';

export interface DocumentTextChanged {
  documentId: string;
  title: string;
  /** The body as it is being edited (the live text), or as saved. */
  body: string;
  tags: string[];
  authorId: string;
  visibility: 'PUBLIC' | 'PRIVATE';
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  /** ISO-8601 time the text was read. */
  at: string;
}
