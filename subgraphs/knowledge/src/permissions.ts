import { allow, hasRole, type IRules, isAuthenticated, or } from '@ukp/kit';

const editor = or(hasRole('EDITOR'), hasRole('ADMIN'));

/**
 * The knowledge rule tree. Reads are open here because what a caller may read is decided per
 * row, by the domain and again by Postgres row-level security; writes need a signed-in caller
 * (EDITOR to create), and authorship is checked on the row.
 */
export const permissions: IRules = {
  Query: {
    document: allow,
    documents: allow,
    search: allow,
    searchWithSuggestions: allow,
    ask: allow,
  },
  Mutation: {
    createDocument: editor,
    updateDocument: isAuthenticated,
    publishDocument: isAuthenticated,
    archiveDocument: isAuthenticated,
    restoreDocument: isAuthenticated,
    deleteDocument: isAuthenticated,
    joinDocument: editor,
    applyDocumentUpdate: editor,
    // Anyone in a session may keep it alive or leave, even if their role changed meanwhile.
    documentHeartbeat: isAuthenticated,
    leaveDocument: isAuthenticated,
  },
  // Whoever may read the document may subscribe: decided per document (and per event) by the
  // domain and row-level security, like reads.
  Subscription: {
    documentEvents: allow,
    documentPublished: allow,
  },
  CollaborationSession: allow,
  DocumentEdited: allow,
  PresenceChanged: allow,
  DocumentSaved: allow,
  Document: allow,
  Revision: allow,
  RevisionConnection: allow,
  RevisionEdge: allow,
  DocumentConnection: allow,
  DocumentEdge: allow,
  PageInfo: allow,
  User: allow,
  SearchHit: allow,
  SearchResult: allow,
  Answer: allow,
};
