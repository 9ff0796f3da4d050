import { allow, errors, hasRole, type IRules, isAuthenticated, rule } from '@ukp/kit';
import type { UsersContext } from './context.js';
import type { AccountRow } from './db/schema.js';

/**
 * Private fields (email, twoFactorEnabled): the user themself and ADMINs only. `signedInAs`
 * covers the payload of signUp/login/refreshSession, which come without a token.
 */
const isSelfOrAdmin = rule('isSelfOrAdmin', { cache: 'no_cache' })(
  (parent: AccountRow, _args, ctx: UsersContext) => {
    if (ctx.signedInAs === parent.id) return true;
    if (!ctx.viewer) return errors.unauthenticated();
    return ctx.viewer.userId === parent.id || ctx.viewer.roles.includes('ADMIN') ? true : errors.forbidden();
  },
);

/** Fields for signed-in readers (roles, dates): anonymous callers see only who wrote a document. */
const isSignedInOrSelf = rule('isSignedInOrSelf', { cache: 'no_cache' })(
  (parent: AccountRow, _args, ctx: UsersContext) =>
    ctx.viewer || ctx.signedInAs === parent.id ? true : errors.unauthenticated(),
);

const admin = hasRole('ADMIN');

/**
 * The users subgraph's rule tree; anything not named here is denied (see `applyShield`). `User`
 * is guarded field by field, so the rules hold however a user is reached, `_entities` included
 * (the gateway resolves `Document.author` there): the schema's descriptions say who reads what.
 */
export const permissions: IRules = {
  Query: {
    me: allow,
    user: isAuthenticated,
    users: admin,
    auditLog: admin,
  },
  Mutation: {
    signUp: allow,
    login: allow,
    refreshSession: allow,
    logout: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    logoutEverywhere: isAuthenticated,
    beginTwoFactorSetup: isAuthenticated,
    confirmTwoFactor: isAuthenticated,
    disableTwoFactor: isAuthenticated,
    setUserRoles: admin,
    deactivateUser: admin,
  },
  User: {
    id: allow,
    displayName: allow,
    email: isSelfOrAdmin,
    twoFactorEnabled: isSelfOrAdmin,
    roles: isSignedInOrSelf,
    createdAt: isSignedInOrSelf,
    deactivatedAt: isSignedInOrSelf,
  },
  AuthPayload: allow,
  TwoFactorSetup: allow,
  AuditEvent: allow,
  UserConnection: allow,
  UserEdge: allow,
  AuditEventConnection: allow,
  AuditEventEdge: allow,
  PageInfo: allow,
};
