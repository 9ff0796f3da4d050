import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { DocumentRow, RevisionRow, UserRef } from '../db/schema.js';
import type { SearchHitModel, SearchResultModel, AnswerModel } from '../domain/search-types.js';
import type { CollaborationSessionModel, DocumentEventModel, DocumentEditedModel, PresenceChangedModel, DocumentSavedModel } from '../domain/realtime-types.js';
import type { KnowledgeContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC, e.g. `2026-11-29T10:15:00.000Z`. */
  DateTime: { input: Date | string; output: Date | string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** An extractive answer: sentences taken from documents the caller may read, each source cited. */
export type Answer = {
  __typename?: 'Answer';
  /** In [0, 1]; 0 when no answer was found. */
  confidence: Scalars['Float']['output'];
  /** The documents the answer's sentences come from, with the sentence as the snippet. */
  sources: Array<SearchHit>;
  /** The answer, or an honest statement that none was found. */
  text: Scalars['String']['output'];
};

/** Who may share a cached value: PUBLIC, anyone; PRIVATE, only the caller it was computed for. */
export type CacheControlScope =
  /** Only the caller it was computed for may be served the cached value. */
  | 'PRIVATE'
  /** Any caller may be served the cached value. */
  | 'PUBLIC';

/** Live editing across every knowledge instance, for the operations dashboard. */
export type CollaborationActivity = {
  __typename?: 'CollaborationActivity';
  /** People in those sessions; someone in two documents counts twice. */
  participants: Scalars['Int']['output'];
  /** Documents with at least one participant. */
  sessions: Scalars['Int']['output'];
};

/** A live editing session: the shared Yjs state and who is in it. */
export type CollaborationSession = {
  __typename?: 'CollaborationSession';
  /** The document being edited. */
  documentId: Scalars['ID']['output'];
  /** Who is editing now. */
  participants: Array<User>;
  /** Base64 of the Yjs update encoding of the whole document (`Y.encodeStateAsUpdate`); the Markdown body is the Y.Text named `body`. */
  state: Scalars['String']['output'];
};

/** A new document. It starts as a DRAFT at version 1. */
export type CreateDocumentInput = {
  /** Markdown, at most KNOWLEDGE_BODY_MAX_BYTES of UTF-8 (256 KiB by default); embedded HTML is sanitised. */
  body: Scalars['String']['input'];
  /** Up to 20 lower-case kebab-case tags of up to 40 characters each. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** 1 to 300 characters. */
  title: Scalars['String']['input'];
  /** Who may read and edit it beyond the rules for its status. */
  visibility?: InputMaybe<Visibility>;
};

/** A piece of knowledge: Markdown with a title and tags, versioned on every saved change. */
export type Document = {
  __typename?: 'Document';
  /** Who wrote it. */
  author: User;
  /** Markdown. Embedded HTML is sanitised on write (no scripts, event handlers or javascript: URLs). */
  body: Scalars['String']['output'];
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Opaque, stable id of the document. */
  id: Scalars['ID']['output'];
  /** When it was last published, if ever. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Saved versions, newest first. `first` ≤ 100. */
  revisions: RevisionConnection;
  /** DRAFT, PUBLISHED or ARCHIVED. */
  status: DocumentStatus;
  /** Up to 20 lower-case kebab-case tags. */
  tags: Array<Scalars['String']['output']>;
  /** 1 to 300 characters. */
  title: Scalars['String']['output'];
  /** When it was last changed (a saved edit or a change of status). */
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows by one on every saved change; send it back as `expectedVersion` to update. */
  version: Scalars['Int']['output'];
  /** PUBLIC or PRIVATE. */
  visibility: Visibility;
};


/** A piece of knowledge: Markdown with a title and tags, versioned on every saved change. */
export type DocumentRevisionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** A page of documents, newest first. */
export type DocumentConnection = {
  __typename?: 'DocumentConnection';
  /** The documents on this page, newest first. */
  edges: Array<DocumentEdge>;
  /** Whether there is a next page, and the cursor to get it. */
  pageInfo: PageInfo;
  /** All documents matching the filter that the caller may read. */
  totalCount: Scalars['Int']['output'];
};

/** A document and its position in the list. */
export type DocumentEdge = {
  __typename?: 'DocumentEdge';
  /** Pass as `after` to continue after this document. */
  cursor: Scalars['String']['output'];
  /** The document. */
  node: Document;
};

/** A participant changed the shared document; apply `update` with `Y.applyUpdate`. */
export type DocumentEdited = {
  __typename?: 'DocumentEdited';
  /** Who made the change. */
  actor: User;
  /** The document being edited. */
  documentId: Scalars['ID']['output'];
  /** Base64 of a Yjs update. */
  update: Scalars['String']['output'];
};

/** Something happened in a document being edited live. */
export type DocumentEvent = DocumentEdited | DocumentSaved | PresenceChanged;

/** Narrows `documents`; every condition given must hold. */
export type DocumentFilter = {
  /** Only documents written by this user. */
  authorId?: InputMaybe<Scalars['ID']['input']>;
  /** Only documents in this status. */
  status?: InputMaybe<DocumentStatus>;
  /** Documents having all of these tags. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Only documents with this visibility. */
  visibility?: InputMaybe<Visibility>;
};

/** The live state was saved as a new version and revision. */
export type DocumentSaved = {
  __typename?: 'DocumentSaved';
  /** The document as saved, with its new version. */
  document: Document;
};

/** Where a document is in its life: drafts are being written, published ones are live, archived ones are retired. */
export type DocumentStatus =
  /** Retired: readable as a DRAFT is; `restoreDocument` makes it a DRAFT again. */
  | 'ARCHIVED'
  /** Being written; new documents start here. Readable by its author, ADMINs and, when PUBLIC, EDITORs. */
  | 'DRAFT'
  /** Live: anyone may read it when PUBLIC; a PRIVATE one, its author and ADMINs. */
  | 'PUBLISHED';

/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Applies a base64 Yjs update (≤ 1 MB) to the shared state and broadcasts it; durable once this returns. Returns
   * the document's version. Who may: as `joinDocument`. BAD_USER_INPUT (`update`) when it touches anything but the
   * text of the Y.Text "body", or would grow the body past the body limit or the whole state past the
   * `KNOWLEDGE_COLLAB_MAX_STATE_BYTES` limit.
   */
  applyDocumentUpdate: Scalars['Int']['output'];
  /** PUBLISHED → ARCHIVED. Author or ADMIN. */
  archiveDocument: Document;
  /** Creates a DRAFT. EDITOR or ADMIN. */
  createDocument: Document;
  /** Soft delete: the document disappears for everyone. Author or ADMIN. */
  deleteDocument: Scalars['Boolean']['output'];
  /** Keeps the caller present while idle (participants silent for 30 seconds are dropped). */
  documentHeartbeat: Scalars['Boolean']['output'];
  /**
   * Starts or joins live editing and returns the current shared state. The same rule as `updateDocument`'s body:
   * an EDITOR on a PUBLIC document, the author or an ADMIN on any; live edits are saved as their editor.
   */
  joinDocument: CollaborationSession;
  /** Leaves live editing; the last editor leaving saves a new version (recorded as the last editor's, and only if the rule still lets them edit). */
  leaveDocument: Scalars['Boolean']['output'];
  /** DRAFT → PUBLISHED. Author or ADMIN (saves a live session's text first). */
  publishDocument: Document;
  /** ARCHIVED → DRAFT. Author or ADMIN. */
  restoreDocument: Document;
  /**
   * Saves a change; `expectedVersion` must be the current version, else CONFLICT with `extensions.currentVersion`.
   * The title, body and tags of a PUBLIC document: any EDITOR (a shared knowledge base; each revision records its
   * editor). A PRIVATE document, or a change of visibility: the author or an ADMIN. Refused: FORBIDDEN when the
   * caller may read the document, NOT_FOUND when they may not (so the answer never reveals that it exists).
   */
  updateDocument: Document;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationApplyDocumentUpdateArgs = {
  id: Scalars['ID']['input'];
  update: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationArchiveDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationCreateDocumentArgs = {
  input: CreateDocumentInput;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationDeleteDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationDocumentHeartbeatArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationJoinDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationLeaveDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationPublishDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationRestoreDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationUpdateDocumentArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  input: UpdateDocumentInput;
};

/** Relay page info. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether another page follows this one. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Someone joined, left, or went silent for 30 seconds. */
export type PresenceChanged = {
  __typename?: 'PresenceChanged';
  /** The document being edited. */
  documentId: Scalars['ID']['output'];
  /** Everyone editing now, after the change. */
  participants: Array<User>;
};

/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Query = {
  __typename?: 'Query';
  /** Answers a question from readable documents, citing them. `question` ≤ 500 characters. */
  ask: Answer;
  /** How many documents are being edited live right now, and by how many people (counts only). ANALYST or ADMIN. */
  collaborationActivity: CollaborationActivity;
  /** A document by id; null when it does not exist or the caller may not read it. */
  document?: Maybe<Document>;
  /** Documents the caller may read, newest first. `first` ≤ 100. */
  documents: DocumentConnection;
  /** Ranked full-text search over readable documents (quoted phrases, -exclusion, or; the last word matches as a prefix). `first` ≤ 100; `query` ≤ 500 characters. */
  search: Array<SearchHit>;
  /** The same search with a did-you-mean suggestion when nothing matched. */
  searchWithSuggestions: SearchResult;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryAskArgs = {
  question: Scalars['String']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryDocumentArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DocumentFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QuerySearchArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QuerySearchWithSuggestionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** A saved version of a document. */
export type Revision = {
  __typename?: 'Revision';
  /** When it was saved. */
  at: Scalars['DateTime']['output'];
  /** The Markdown body as saved. */
  body: Scalars['String']['output'];
  /** Who saved it. */
  editor?: Maybe<User>;
  /** The tags as saved. */
  tags: Array<Scalars['String']['output']>;
  /** The title as saved. */
  title: Scalars['String']['output'];
  /** The document's version this revision recorded. */
  version: Scalars['Int']['output'];
};

/** A page of revisions, newest first. */
export type RevisionConnection = {
  __typename?: 'RevisionConnection';
  /** The revisions on this page, newest first. */
  edges: Array<RevisionEdge>;
  /** Whether there is a next page, and the cursor to get it. */
  pageInfo: PageInfo;
  /** All revisions of the document, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** A revision and its position in the list. */
export type RevisionEdge = {
  __typename?: 'RevisionEdge';
  /** Pass as `after` to continue after this revision. */
  cursor: Scalars['String']['output'];
  /** The revision. */
  node: Revision;
};

/** A search result: the document, how well it matched, and the matching passage with `<mark>` around the hits. */
export type SearchHit = {
  __typename?: 'SearchHit';
  /** The matching document. */
  document: Document;
  /** Relevance, higher is better; comparable only within one list of hits. */
  score: Scalars['Float']['output'];
  /** The best matching passage, HTML-escaped, with `<mark>` around the matched words. */
  snippet: Scalars['String']['output'];
};

/** The result of a search: hits, and a corrected query when nothing matched. */
export type SearchResult = {
  __typename?: 'SearchResult';
  /** A suggested query when the search found nothing and a similar spelling would find something. */
  didYouMean?: Maybe<Scalars['String']['output']>;
  /** The hits, most relevant first. */
  hits: Array<SearchHit>;
};

/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Edits, presence and saves of one document. Whoever may read the document may subscribe; events stop if that changes. */
  documentEvents: DocumentEvent;
  /** Documents as they are published, optionally only those with any of these tags. */
  documentPublished: Document;
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionDocumentEventsArgs = {
  documentId: Scalars['ID']['input'];
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionDocumentPublishedArgs = {
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Fields to change; omitted fields stay as they are. */
export type UpdateDocumentInput = {
  /** New Markdown body, under the same limit as on creation. */
  body?: InputMaybe<Scalars['String']['input']>;
  /** The complete new list of tags (up to 20), replacing the old one. */
  tags?: InputMaybe<Array<Scalars['String']['input']>>;
  /** New title, 1 to 300 characters. */
  title?: InputMaybe<Scalars['String']['input']>;
  /** New visibility; only the author or an ADMIN may change it. */
  visibility?: InputMaybe<Visibility>;
};

/**
 * A person with an account. Who may read which field is decided per field (the same rules apply
 * however the user is reached: `me`, `user`, a document's `author`, any entity fetch by the gateway).
 */
export type User = {
  __typename?: 'User';
  /** Documents this user wrote that the caller may read, newest first. `first` ≤ 100. */
  documents: DocumentConnection;
  /** Opaque, stable id. Public: documents show their author. */
  id: Scalars['ID']['output'];
};


/**
 * A person with an account. Who may read which field is decided per field (the same rules apply
 * however the user is reached: `me`, `user`, a document's `author`, any entity fetch by the gateway).
 */
export type UserDocumentsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Who may read and edit a document beyond the rules for its status. */
export type Visibility =
  /** Readable and editable by its author and ADMINs only. */
  | 'PRIVATE'
  /** Readable by anyone once published (by EDITORs before); its title, body and tags editable by any EDITOR. */
  | 'PUBLIC';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Document: Document;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Document:
    ( { __typename: 'Document' }
    & GraphQLRecursivePick<FederationTypes['Document'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Answer: ResolverTypeWrapper<AnswerModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CacheControlScope: CacheControlScope;
  CollaborationActivity: ResolverTypeWrapper<CollaborationActivity>;
  CollaborationSession: ResolverTypeWrapper<CollaborationSessionModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CreateDocumentInput: CreateDocumentInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentRow>;
  DocumentConnection: ResolverTypeWrapper<Omit<DocumentConnection, 'edges'> & { edges: Array<ResolversTypes['DocumentEdge']> }>;
  DocumentEdge: ResolverTypeWrapper<Omit<DocumentEdge, 'node'> & { node: ResolversTypes['Document'] }>;
  DocumentEdited: ResolverTypeWrapper<DocumentEditedModel>;
  DocumentEvent: ResolverTypeWrapper<DocumentEventModel>;
  DocumentFilter: DocumentFilter;
  DocumentSaved: ResolverTypeWrapper<DocumentSavedModel>;
  DocumentStatus: DocumentStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PresenceChanged: ResolverTypeWrapper<PresenceChangedModel>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Revision: ResolverTypeWrapper<RevisionRow>;
  RevisionConnection: ResolverTypeWrapper<Omit<RevisionConnection, 'edges'> & { edges: Array<ResolversTypes['RevisionEdge']> }>;
  RevisionEdge: ResolverTypeWrapper<Omit<RevisionEdge, 'node'> & { node: ResolversTypes['Revision'] }>;
  SearchHit: ResolverTypeWrapper<SearchHitModel>;
  SearchResult: ResolverTypeWrapper<SearchResultModel>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateDocumentInput: UpdateDocumentInput;
  User: ResolverTypeWrapper<UserRef>;
  Visibility: Visibility;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Answer: AnswerModel;
  Float: Scalars['Float']['output'];
  String: Scalars['String']['output'];
  CollaborationActivity: CollaborationActivity;
  CollaborationSession: CollaborationSessionModel;
  ID: Scalars['ID']['output'];
  CreateDocumentInput: CreateDocumentInput;
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentRow;
  DocumentConnection: Omit<DocumentConnection, 'edges'> & { edges: Array<ResolversParentTypes['DocumentEdge']> };
  DocumentEdge: Omit<DocumentEdge, 'node'> & { node: ResolversParentTypes['Document'] };
  DocumentEdited: DocumentEditedModel;
  DocumentEvent: DocumentEventModel;
  DocumentFilter: DocumentFilter;
  DocumentSaved: DocumentSavedModel;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  PresenceChanged: PresenceChangedModel;
  Query: Record<PropertyKey, never>;
  Revision: RevisionRow;
  RevisionConnection: Omit<RevisionConnection, 'edges'> & { edges: Array<ResolversParentTypes['RevisionEdge']> };
  RevisionEdge: Omit<RevisionEdge, 'node'> & { node: ResolversParentTypes['Revision'] };
  SearchHit: SearchHitModel;
  SearchResult: SearchResultModel;
  Subscription: Record<PropertyKey, never>;
  UpdateDocumentInput: UpdateDocumentInput;
  User: UserRef;
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
}>;

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = KnowledgeContext, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AnswerResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Answer'] = ResolversParentTypes['Answer']> = ResolversObject<{
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sources?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CollaborationActivityResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['CollaborationActivity'] = ResolversParentTypes['CollaborationActivity']> = ResolversObject<{
  participants?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  sessions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CollaborationSessionResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['CollaborationSession'] = ResolversParentTypes['CollaborationSession']> = ResolversObject<{
  documentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  participants?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DocumentResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document'], FederationReferenceType extends FederationReferenceTypes['Document'] = FederationReferenceTypes['Document']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Document']> | FederationReferenceType, FederationReferenceType, ContextType>;
  author?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  revisions?: Resolver<ResolversTypes['RevisionConnection'], ParentType, ContextType, RequireFields<DocumentRevisionsArgs, 'first'>>;
  status?: Resolver<ResolversTypes['DocumentStatus'], ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  visibility?: Resolver<ResolversTypes['Visibility'], ParentType, ContextType>;
}>;

export type DocumentConnectionResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['DocumentConnection'] = ResolversParentTypes['DocumentConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['DocumentEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type DocumentEdgeResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['DocumentEdge'] = ResolversParentTypes['DocumentEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
}>;

export type DocumentEditedResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['DocumentEdited'] = ResolversParentTypes['DocumentEdited']> = ResolversObject<{
  actor?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  documentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  update?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DocumentEventResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['DocumentEvent'] = ResolversParentTypes['DocumentEvent']> = ResolversObject<{
  __resolveType: TypeResolveFn<'DocumentEdited' | 'DocumentSaved' | 'PresenceChanged', ParentType, ContextType>;
}>;

export type DocumentSavedResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['DocumentSaved'] = ResolversParentTypes['DocumentSaved']> = ResolversObject<{
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  applyDocumentUpdate?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationApplyDocumentUpdateArgs, 'id' | 'update'>>;
  archiveDocument?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationArchiveDocumentArgs, 'id'>>;
  createDocument?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationCreateDocumentArgs, 'input'>>;
  deleteDocument?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteDocumentArgs, 'id'>>;
  documentHeartbeat?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDocumentHeartbeatArgs, 'id'>>;
  joinDocument?: Resolver<ResolversTypes['CollaborationSession'], ParentType, ContextType, RequireFields<MutationJoinDocumentArgs, 'id'>>;
  leaveDocument?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLeaveDocumentArgs, 'id'>>;
  publishDocument?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationPublishDocumentArgs, 'id'>>;
  restoreDocument?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationRestoreDocumentArgs, 'id'>>;
  updateDocument?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationUpdateDocumentArgs, 'expectedVersion' | 'id' | 'input'>>;
}>;

export type PageInfoResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PresenceChangedResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['PresenceChanged'] = ResolversParentTypes['PresenceChanged']> = ResolversObject<{
  documentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  participants?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  ask?: Resolver<ResolversTypes['Answer'], ParentType, ContextType, RequireFields<QueryAskArgs, 'question'>>;
  collaborationActivity?: Resolver<ResolversTypes['CollaborationActivity'], ParentType, ContextType>;
  document?: Resolver<Maybe<ResolversTypes['Document']>, ParentType, ContextType, RequireFields<QueryDocumentArgs, 'id'>>;
  documents?: Resolver<ResolversTypes['DocumentConnection'], ParentType, ContextType, RequireFields<QueryDocumentsArgs, 'first'>>;
  search?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType, RequireFields<QuerySearchArgs, 'first' | 'query'>>;
  searchWithSuggestions?: Resolver<ResolversTypes['SearchResult'], ParentType, ContextType, RequireFields<QuerySearchWithSuggestionsArgs, 'first' | 'query'>>;
}>;

export type RevisionResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Revision'] = ResolversParentTypes['Revision']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  editor?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  tags?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RevisionConnectionResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['RevisionConnection'] = ResolversParentTypes['RevisionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['RevisionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type RevisionEdgeResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['RevisionEdge'] = ResolversParentTypes['RevisionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Revision'], ParentType, ContextType>;
}>;

export type SearchHitResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['SearchHit'] = ResolversParentTypes['SearchHit']> = ResolversObject<{
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  snippet?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SearchResultResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['SearchResult'] = ResolversParentTypes['SearchResult']> = ResolversObject<{
  didYouMean?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hits?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  documentEvents?: SubscriptionResolver<ResolversTypes['DocumentEvent'], "documentEvents", ParentType, ContextType, RequireFields<SubscriptionDocumentEventsArgs, 'documentId'>>;
  documentPublished?: SubscriptionResolver<ResolversTypes['Document'], "documentPublished", ParentType, ContextType, Partial<SubscriptionDocumentPublishedArgs>>;
}>;

export type UserResolvers<ContextType = KnowledgeContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  documents?: Resolver<ResolversTypes['DocumentConnection'], ParentType, ContextType, RequireFields<UserDocumentsArgs, 'first'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = KnowledgeContext> = ResolversObject<{
  Answer?: AnswerResolvers<ContextType>;
  CollaborationActivity?: CollaborationActivityResolvers<ContextType>;
  CollaborationSession?: CollaborationSessionResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  DocumentConnection?: DocumentConnectionResolvers<ContextType>;
  DocumentEdge?: DocumentEdgeResolvers<ContextType>;
  DocumentEdited?: DocumentEditedResolvers<ContextType>;
  DocumentEvent?: DocumentEventResolvers<ContextType>;
  DocumentSaved?: DocumentSavedResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PresenceChanged?: PresenceChangedResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Revision?: RevisionResolvers<ContextType>;
  RevisionConnection?: RevisionConnectionResolvers<ContextType>;
  RevisionEdge?: RevisionEdgeResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = KnowledgeContext> = ResolversObject<{
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
}>;
