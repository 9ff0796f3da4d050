import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { AccountRow, AuditRow } from '../db/schema.js';
import type { UsersContext } from '../context.js';
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
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** A security-relevant event, kept for audit. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  /** What happened, e.g. `login.failed`, `user.roles_changed`. */
  action: Scalars['String']['output'];
  /** Who did it, when known. */
  actor?: Maybe<User>;
  /** When it happened. */
  at: Scalars['DateTime']['output'];
  /** More detail, including the request id. */
  detail?: Maybe<Scalars['JSON']['output']>;
  /** Opaque id of the event. */
  id: Scalars['ID']['output'];
  /** The client address. */
  ip?: Maybe<Scalars['String']['output']>;
  /** What it happened to (a user id or email), when there is one. */
  target?: Maybe<Scalars['String']['output']>;
};

/** A page of audit events, newest first. */
export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  /** The events on this page, newest first. */
  edges: Array<AuditEventEdge>;
  /** Whether there is a next page, and the cursor to get it. */
  pageInfo: PageInfo;
  /** All events matching the filters, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** An audit event and its position in the log. */
export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  /** Pass as `after` to continue after this event. */
  cursor: Scalars['String']['output'];
  /** The event. */
  node: AuditEvent;
};

/** A signed-in session: a short-lived access token and the refresh token that renews it. */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** Send as `Authorization: Bearer <accessToken>`. Valid for `expiresIn` seconds. */
  accessToken: Scalars['String']['output'];
  /** Lifetime of the access token in seconds. */
  expiresIn: Scalars['Int']['output'];
  /** Single use: `refreshSession` returns a new pair and retires this one. Keep it secret. */
  refreshToken: Scalars['String']['output'];
  /** The signed-in user. */
  user: User;
};

/** Who may share a cached value: PUBLIC, anyone; PRIVATE, only the caller it was computed for. */
export type CacheControlScope =
  /** Only the caller it was computed for may be served the cached value. */
  | 'PRIVATE'
  /** Any caller may be served the cached value. */
  | 'PUBLIC';

/** Credentials for `login`. */
export type LoginInput = {
  /** The account's email, compared case-insensitively. */
  email: Scalars['String']['input'];
  /** The account's password. */
  password: Scalars['String']['input'];
  /** The 6-digit code from the authenticator app, or a recovery code, when two-factor is on. */
  totpCode?: InputMaybe<Scalars['String']['input']>;
};

/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Starts two-factor setup: returns a new secret; nothing changes until `confirmTwoFactor`. */
  beginTwoFactorSetup: TwoFactorSetup;
  /**
   * Turns two-factor on with a current code from the new secret. Wrong codes are not counted
   * towards a lock: the caller was just given the secret, so guessing here reveals nothing.
   */
  confirmTwoFactor: Scalars['Boolean']['output'];
  /** Deactivates a user: the row stays, sign-in and refresh stop at once. ADMIN only. */
  deactivateUser: User;
  /**
   * Turns two-factor off; needs the account's password and a current code or an unused recovery
   * code. `password` is required: it is nullable only so that documents written before it existed
   * still validate, and a call without it is refused with BAD_USER_INPUT ("password is required").
   * A wrong password or code counts towards the same lock as failed sign-ins (ACCOUNT_LOCKED with
   * `extensions.retryAfterSeconds`, which also stops sign-in while it lasts), so the second factor
   * cannot be guessed here.
   */
  disableTwoFactor: Scalars['Boolean']['output'];
  /** Signs in. Too many failures lock the email for a while (ACCOUNT_LOCKED). */
  login: AuthPayload;
  /** Ends the session the refresh token belongs to. True even when it was already ended. */
  logout: Scalars['Boolean']['output'];
  /** Ends every session of the signed-in user. */
  logoutEverywhere: Scalars['Boolean']['output'];
  /** Exchanges a refresh token for a new pair. Reusing a retired token revokes the whole session. */
  refreshSession: AuthPayload;
  /** Mails a reset link when the account exists. Always true, so accounts cannot be enumerated. */
  requestPasswordReset: Scalars['Boolean']['output'];
  /**
   * Sets a new password with a reset token (single use, 30 minutes) and ends every session. The
   * new password must pass the same strength rule as at sign-up.
   */
  resetPassword: Scalars['Boolean']['output'];
  /** Replaces a user's roles. ADMIN only. */
  setUserRoles: User;
  /** Creates an account (role VIEWER) and signs it in. */
  signUp: AuthPayload;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationConfirmTwoFactorArgs = {
  code: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationDeactivateUserArgs = {
  userId: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationDisableTwoFactorArgs = {
  code: Scalars['String']['input'];
  password?: InputMaybe<Scalars['String']['input']>;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationLoginArgs = {
  input: LoginInput;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationRefreshSessionArgs = {
  refreshToken: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationRequestPasswordResetArgs = {
  email: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationResetPasswordArgs = {
  newPassword: Scalars['String']['input'];
  token: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationSetUserRolesArgs = {
  roles: Array<Role>;
  userId: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationSignUpArgs = {
  input: SignUpInput;
};

/** Relay page info. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Pass as `after` to get the next page; null on an empty page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether another page follows this one. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Query = {
  __typename?: 'Query';
  /** The security audit log, newest first. ADMIN only. `first` ≤ 100. */
  auditLog: AuditEventConnection;
  /** The signed-in user, or null when anonymous. */
  me?: Maybe<User>;
  /** Any user by id. Signed-in callers only. */
  user?: Maybe<User>;
  /** Users, optionally filtered by a search over name and email. ADMIN only. `first` ≤ 100. */
  users: UserConnection;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryAuditLogArgs = {
  action?: InputMaybe<Scalars['String']['input']>;
  actorId?: InputMaybe<Scalars['ID']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** What a user may do. ADMIN may do everything; no other role implies another. */
export type Role =
  /** Manages users, roles, models and everything else. */
  | 'ADMIN'
  /** Reads analytics: KPIs, experiments, anomalies. */
  | 'ANALYST'
  /** Writes, publishes and edits documents. */
  | 'EDITOR'
  /** Reads published documents, searches and asks. Every new account is a VIEWER. */
  | 'VIEWER';

/** A new account: its sign-in email, password and the name others see. */
export type SignUpInput = {
  /** 1 to 80 characters. */
  displayName: Scalars['String']['input'];
  /** A valid email address; it is the sign-in name and is compared case-insensitively. */
  email: Scalars['String']['input'];
  /**
   * 12 to 256 characters, and hard to guess: a strength estimate (zxcvbn, which looks for common
   * passwords, words, keyboard patterns, sequences, dates and the email and display name) of its
   * first 100 characters must reach 3 of 4. A refusal is BAD_USER_INPUT saying why.
   */
  password: Scalars['String']['input'];
};

/** What an authenticator app needs to start producing codes. */
export type TwoFactorSetup = {
  __typename?: 'TwoFactorSetup';
  /** otpauth:// URL, usually shown as a QR code. */
  otpauthUrl: Scalars['String']['output'];
  /** Ten single-use recovery codes. Shown once: store them safely. Valid after `confirmTwoFactor`. */
  recoveryCodes: Array<Scalars['String']['output']>;
  /** Base32 TOTP secret, for manual entry. */
  secret: Scalars['String']['output'];
};

/**
 * A person with an account. Who may read which field is decided per field (the same rules apply
 * however the user is reached: `me`, `user`, a document's `author`, any entity fetch by the gateway).
 */
export type User = {
  __typename?: 'User';
  /** When the account was created. Signed-in callers only (UNAUTHENTICATED for anonymous callers). */
  createdAt: Scalars['DateTime']['output'];
  /**
   * When an ADMIN deactivated the account; null while it is active. Signed-in callers only
   * (UNAUTHENTICATED for anonymous callers).
   */
  deactivatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The name others see. Public: documents show their author. */
  displayName: Scalars['String']['output'];
  /** Visible to the user themself and to ADMINs only; anyone else gets FORBIDDEN on this field. */
  email: Scalars['String']['output'];
  /** Opaque, stable id. Public: documents show their author. */
  id: Scalars['ID']['output'];
  /**
   * The user's roles. Signed-in callers only (UNAUTHENTICATED for anonymous callers): who holds
   * which role, ADMIN above all, is not for anonymous readers to map.
   */
  roles: Array<Role>;
  /**
   * Whether sign-in asks for a TOTP code. Visible to the user themself and to ADMINs only; anyone
   * else gets FORBIDDEN: which accounts lack a second factor is what an attacker would look for.
   */
  twoFactorEnabled: Scalars['Boolean']['output'];
};

/** A page of users. */
export type UserConnection = {
  __typename?: 'UserConnection';
  /** The users on this page, oldest account first. */
  edges: Array<UserEdge>;
  /** Whether there is a next page, and the cursor to get it. */
  pageInfo: PageInfo;
  /** All users matching the search, across pages. */
  totalCount: Scalars['Int']['output'];
};

/** A user and its position in the list. */
export type UserEdge = {
  __typename?: 'UserEdge';
  /** Pass as `after` to continue after this user. */
  cursor: Scalars['String']['output'];
  /** The user. */
  node: User;
};

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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AuditEvent: ResolverTypeWrapper<AuditRow>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AuditEventConnection: ResolverTypeWrapper<Omit<AuditEventConnection, 'edges'> & { edges: Array<ResolversTypes['AuditEventEdge']> }>;
  AuditEventEdge: ResolverTypeWrapper<Omit<AuditEventEdge, 'node'> & { node: ResolversTypes['AuditEvent'] }>;
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  CacheControlScope: CacheControlScope;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LoginInput: LoginInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Role: Role;
  SignUpInput: SignUpInput;
  TwoFactorSetup: ResolverTypeWrapper<TwoFactorSetup>;
  User: ResolverTypeWrapper<AccountRow>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'edges'> & { edges: Array<ResolversTypes['UserEdge']> }>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuditEvent: AuditRow;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AuditEventConnection: Omit<AuditEventConnection, 'edges'> & { edges: Array<ResolversParentTypes['AuditEventEdge']> };
  AuditEventEdge: Omit<AuditEventEdge, 'node'> & { node: ResolversParentTypes['AuditEvent'] };
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  DateTime: Scalars['DateTime']['output'];
  JSON: Scalars['JSON']['output'];
  LoginInput: LoginInput;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  SignUpInput: SignUpInput;
  TwoFactorSetup: TwoFactorSetup;
  User: AccountRow;
  UserConnection: Omit<UserConnection, 'edges'> & { edges: Array<ResolversParentTypes['UserEdge']> };
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
  Boolean: Scalars['Boolean']['output'];
  Int: Scalars['Int']['output'];
}>;

export type CacheControlDirectiveArgs = {
  inheritMaxAge?: Maybe<Scalars['Boolean']['input']>;
  maxAge?: Maybe<Scalars['Int']['input']>;
  scope?: Maybe<CacheControlScope>;
};

export type CacheControlDirectiveResolver<Result, Parent, ContextType = UsersContext, Args = CacheControlDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AuditEventResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  detail?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ip?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  target?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AuditEventConnectionResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type AuditEventEdgeResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
}>;

export type AuthPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  beginTwoFactorSetup?: Resolver<ResolversTypes['TwoFactorSetup'], ParentType, ContextType>;
  confirmTwoFactor?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationConfirmTwoFactorArgs, 'code'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'userId'>>;
  disableTwoFactor?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDisableTwoFactorArgs, 'code'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'input'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'refreshToken'>>;
  logoutEverywhere?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  refreshSession?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshSessionArgs, 'refreshToken'>>;
  requestPasswordReset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestPasswordResetArgs, 'email'>>;
  resetPassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationResetPasswordArgs, 'newPassword' | 'token'>>;
  setUserRoles?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetUserRolesArgs, 'roles' | 'userId'>>;
  signUp?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignUpArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  auditLog?: Resolver<ResolversTypes['AuditEventConnection'], ParentType, ContextType, RequireFields<QueryAuditLogArgs, 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
}>;

export type TwoFactorSetupResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['TwoFactorSetup'] = ResolversParentTypes['TwoFactorSetup']> = ResolversObject<{
  otpauthUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  recoveryCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  deactivatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  displayName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  twoFactorEnabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type UserConnectionResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UserEdgeResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = UsersContext> = ResolversObject<{
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  TwoFactorSetup?: TwoFactorSetupResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = UsersContext> = ResolversObject<{
  cacheControl?: CacheControlDirectiveResolver<any, any, ContextType>;
}>;
