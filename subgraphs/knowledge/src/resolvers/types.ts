import { DateTimeScalar, errors } from '@ukp/kit';
import { revisionPage } from '../domain/queries.js';
import type {
  CollaborationSessionResolvers,
  DocumentEditedResolvers,
  DocumentEventResolvers,
  DocumentResolvers,
  DocumentSavedResolvers,
  PresenceChangedResolvers,
  RevisionResolvers,
  UserResolvers,
} from '../generated/resolvers.js';

export const Document: DocumentResolvers = {
  __resolveReference: async (reference, ctx) => (await ctx.loaders.document.load(reference.id)) ?? null,
  // A list reads its rows without the body unless its selection names it (listDocuments).
  body: async (doc, _args, ctx) => {
    if (typeof doc.body === 'string') return doc.body;
    const row = await ctx.loaders.document.load(doc.id);
    if (!row) throw errors.notFound('Document');
    return row.body;
  },
  author: (doc) => ({ id: doc.authorId }),
  revisions: (doc, { first, after }, ctx) =>
    after
      ? revisionPage(ctx.deps, ctx.viewer, doc.id, { first, after })
      : ctx.loaders.revisions(first ?? 20).load(doc.id),
};

export const Revision: RevisionResolvers = {
  editor: (revision) => ({ id: revision.editorId }),
  at: (revision) => revision.createdAt,
};

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  documents: (user, { first, after }, ctx) => ctx.loaders.userDocuments(first, after).load(user.id),
};

const users = (ids: readonly string[]) => ids.map((id) => ({ id }));

export const CollaborationSession: CollaborationSessionResolvers = {
  participants: (session) => users(session.participantIds),
};

const TYPE_OF = { edited: 'DocumentEdited', presence: 'PresenceChanged', saved: 'DocumentSaved' } as const;

export const DocumentEvent: DocumentEventResolvers = {
  __resolveType: (event) => TYPE_OF[event.kind],
};

export const DocumentEdited: DocumentEditedResolvers = {
  actor: (event) => ({ id: event.actorId }),
};

export const PresenceChanged: PresenceChangedResolvers = {
  participants: (event) => users(event.participantIds),
};

export const DocumentSaved: DocumentSavedResolvers = {
  // Loaded as the subscriber when the event was authorised; the loader only for other callers.
  document: async (event, _args, ctx) => {
    const row = event.document ?? (await ctx.loaders.document.load(event.documentId));
    if (!row) throw errors.notFound('Document');
    return row;
  },
};

export const scalars = { DateTime: DateTimeScalar };
