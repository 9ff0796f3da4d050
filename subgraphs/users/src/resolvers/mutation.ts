import type { UsersContext } from '../context.js';
import * as accounts from '../domain/accounts.js';
import * as admin from '../domain/admin.js';
import * as reset from '../domain/password-reset.js';
import type { SessionTokens } from '../domain/sessions.js';
import * as sessions from '../domain/sessions.js';
import * as twoFactor from '../domain/two-factor.js';
import type { MutationResolvers } from '../generated/resolvers.js';

async function signedIn(ctx: UsersContext, session: Promise<SessionTokens>): Promise<SessionTokens> {
  const result = await session;
  ctx.signedInAs = result.user.id;
  return result;
}

/** Thin: each resolver hands its arguments to one domain function. */
export const Mutation: MutationResolvers = {
  signUp: (_p, { input }, ctx) => signedIn(ctx, accounts.signUp(ctx.deps, input, ctx.meta)),
  login: (_p, { input }, ctx) => signedIn(ctx, accounts.login(ctx.deps, input, ctx.meta)),
  refreshSession: (_p, { refreshToken }, ctx) =>
    signedIn(
      ctx,
      sessions.refreshSession(ctx.deps, (id) => ctx.loaders.account.load(id), refreshToken, ctx.meta),
    ),
  logout: (_p, { refreshToken }, ctx) => sessions.logout(ctx.deps, refreshToken, ctx.meta),
  logoutEverywhere: (_p, _a, ctx) => sessions.logoutEverywhere(ctx.deps, ctx.viewer!.userId, ctx.meta),
  beginTwoFactorSetup: (_p, _a, ctx) => twoFactor.beginTwoFactorSetup(ctx.deps, ctx.viewer!.userId, ctx.meta),
  confirmTwoFactor: (_p, { code }, ctx) =>
    twoFactor.confirmTwoFactor(ctx.deps, ctx.viewer!.userId, code, ctx.meta),
  disableTwoFactor: (_p, { code, password }, ctx) =>
    twoFactor.disableTwoFactor(ctx.deps, ctx.viewer!.userId, { code, password }, ctx.meta),
  requestPasswordReset: (_p, { email }, ctx) => reset.requestPasswordReset(ctx.deps, email, ctx.meta),
  resetPassword: (_p, { token, newPassword }, ctx) =>
    reset.resetPassword(ctx.deps, token, newPassword, ctx.meta),
  setUserRoles: (_p, { userId, roles }, ctx) => admin.setUserRoles(ctx.deps, userId, roles, ctx.meta),
  deactivateUser: (_p, { userId }, ctx) => admin.deactivateUser(ctx.deps, userId, ctx.meta),
};
