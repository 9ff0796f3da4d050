import { allow, errors, hasRole, type IRules, isAuthenticated, rule } from '@ukp/kit';
import type { UsersContext } from './context.js';
import type { AccountRow } from './db/schema.js';

/** Email is private: the user themself and ADMINs only. */
const isSelfOrAdmin = rule('isSelfOrAdmin', { cache: 'no_cache' })(
  (parent: AccountRow, _args, ctx: UsersContext) => {
    if (ctx.signedInAs === parent.id) return true;
    if (!ctx.viewer) return errors.unauthenticated();
    return ctx.viewer.userId === parent.id || ctx.viewer.roles.includes('ADMIN') ? true : errors.forbidden();
  },
);

const admin = hasRole('ADMIN');

/** The users subgraph's rule tree; anything not named here is denied (see `applyShield`). */
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
    '*': allow,
    email: isSelfOrAdmin,
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
