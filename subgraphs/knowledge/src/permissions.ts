import {
  allow,
  errors,
  hasRole,
  type IRule,
  type IRules,
  isAuthenticated,
  or,
  type RequestContext,
  rule,
} from '@ukp/kit';
import type { DocumentRow } from './db/schema.js';
import { mayRead } from './domain/access.js';

// One ADMIN rule for both: graphql-shield refuses two rules of the same name.
const admin = hasRole('ADMIN');
const editor = or(hasRole('EDITOR'), admin);
const analyst = or(hasRole('ANALYST'), admin);

/**
 * Every field of a Document is read only if the caller may read that document, judged on the row
 * the resolver already loaded (the parent: no query). The service's own filter and row-level
 * security keep unreadable rows from being loaded at all, so this refuses only what slipped past
 * both; it throws rather than hiding, so a slip shows up as an error and never as data. Not
 * cached: the answer depends on the row, and checking a loaded row costs nothing.
 */
const readableDocument: IRule = rule('readableDocument', { cache: 'no_cache' })(
  (parent: DocumentRow, _args, ctx: RequestContext) => {
    if (mayRead(ctx.viewer, parent)) return true;
    return ctx.viewer ? errors.forbidden('You may not read this document.') : errors.unauthenticated();
  },
);

export interface PermissionOptions {
  /**
   * Tests only: without the read rule on Document, to show that the other guards (the service's
   * filter, row-level security) hold on their own.
   */
  documentReadRule?: boolean;
}

/**
 * The knowledge rule tree. Reads are checked three times: the service filters what it loads, row-
 * level security filters it again in Postgres, and the Document rule checks the loaded row. Writes
 * need a signed-in caller (EDITOR to create or edit live), and the edit rule (`domain/access.ts`)
 * is applied to the row.
 */
export function knowledgePermissions(options: PermissionOptions = {}): IRules {
  return {
    Query: {
      document: allow,
      documents: allow,
      search: allow,
      searchWithSuggestions: allow,
      ask: allow,
      collaborationActivity: analyst,
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
    // domain and row-level security, like reads; the Document rule guards what events carry.
    Subscription: {
      documentEvents: allow,
      documentPublished: allow,
    },
    CollaborationSession: allow,
    DocumentEdited: allow,
    PresenceChanged: allow,
    DocumentSaved: allow,
    Document: options.documentReadRule === false ? allow : readableDocument,
    // Reached only through a Document field, which the Document rule guards.
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
    CollaborationActivity: allow,
  };
}

export const permissions: IRules = knowledgePermissions();
