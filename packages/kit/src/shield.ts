/// <reference path="./types/graphql-middleware.d.ts" />
import { type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, type IRule, type IRules, rule, shield } from 'graphql-shield';
import type { RequestContext } from './context.js';
import { errors } from './errors.js';
import { type Role, rolesAllow } from './roles.js';

export { allow, and, type IRule, type IRules, or, rule } from 'graphql-shield';

/** Signed in, with any role. */
export const isAuthenticated: IRule = rule({ cache: 'contextual' })((_parent, _args, ctx: RequestContext) =>
  ctx.viewer ? true : errors.unauthenticated(),
);

/** Signed in with `role` (ADMIN passes every role check). */
export function hasRole(role: Role): IRule {
  return rule(`hasRole:${role}`, { cache: 'contextual' })((_parent, _args, ctx: RequestContext) => {
    if (!ctx.viewer) return errors.unauthenticated();
    return rolesAllow(ctx.viewer.roles, role) ? true : errors.forbidden();
  });
}

/** What the fallback does: tell anonymous callers to sign in, everyone else that it is forbidden. */
export const denyByDefault: IRule = rule('denyByDefault', { cache: 'contextual' })(
  (_parent, _args, ctx: RequestContext) => (ctx.viewer ? errors.forbidden() : errors.unauthenticated()),
);

/** The federation plumbing the gateway needs; entity types still guard their own fields. */
export const federationRules: IRules = {
  Query: { _service: allow, _entities: allow },
  _Service: allow,
};

function mergeRules(base: IRules, extra: IRules): IRules {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [type, rules] of Object.entries(extra as Record<string, unknown>)) {
    const existing = merged[type];
    merged[type] =
      existing && typeof existing === 'object' && rules && typeof rules === 'object' && !('resolve' in rules)
        ? { ...existing, ...rules }
        : rules;
  }
  return merged as IRules;
}

/**
 * Wraps a subgraph schema in its graphql-shield rule tree. Anything the tree does not name is
 * denied, so a new field is private until someone writes its rule.
 */
export function applyShield(schema: GraphQLSchema, rules: IRules): GraphQLSchema {
  // graphql-middleware wraps a subscription field's `subscribe` only when the field has no
  // `resolve` of its own; with one, the rule would run on each event and never when the
  // subscription opens. Set such resolves aside so the rule guards `subscribe`, then put them back
  // (they only shape an event the subscribe already authorised).
  const resolves = new Map<string, GraphQLFieldResolver<unknown, unknown>>();
  for (const field of Object.values(schema.getSubscriptionType()?.getFields() ?? {})) {
    if (field.subscribe && field.resolve) {
      resolves.set(field.name, field.resolve);
      delete field.resolve;
    }
  }
  const originals = resolversOf(schema);
  const shielded = applyMiddleware(
    schema,
    shield(mergeRules(federationRules, rules), {
      fallbackRule: denyByDefault,
      // Errors our resolvers throw are already registry errors: let them through as they are.
      allowExternalErrors: true,
      fallbackError: () => errors.forbidden(),
    }),
  );
  const fields = shielded.getSubscriptionType()?.getFields() ?? {};
  for (const [name, resolve] of resolves) {
    const field = fields[name];
    if (field) field.resolve = resolve;
  }
  // A field whose rule is `allow` checks nothing, yet graphql-shield would still wrap it in an
  // async rule evaluation: on a list of 720 points that is most of the response's cost. Give such
  // fields their own resolvers back.
  for (const [typeName, fieldName, resolve] of allowedFields(schema, rules, originals)) {
    const type = shielded.getType(typeName);
    if (!isObjectType(type)) continue;
    const field = type.getFields()[fieldName];
    if (!field) continue;
    if (resolve) field.resolve = resolve;
    else delete field.resolve;
  }
  return shielded;
}

type FieldResolver = GraphQLFieldResolver<unknown, unknown> | undefined;

/** Each field's resolver before the shield, by `Type.field` (the shield may rebuild the schema). */
function resolversOf(schema: GraphQLSchema): Map<string, FieldResolver> {
  const out = new Map<string, FieldResolver>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) out.set(`${type.name}.${field.name}`, field.resolve);
  }
  return out;
}

/** Fields (not of Subscription) whose rule, by type or by field, is exactly `allow`. */
function allowedFields(
  schema: GraphQLSchema,
  rules: IRules,
  originals: Map<string, FieldResolver>,
): Array<[string, string, FieldResolver]> {
  const out: Array<[string, string, FieldResolver]> = [];
  const subscription = schema.getSubscriptionType()?.name;
  for (const [typeName, entry] of Object.entries(
    mergeRules(federationRules, rules) as Record<string, unknown>,
  )) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeName === subscription) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = entry === allow ? allow : (entry as Record<string, unknown> | null)?.[field.name];
      if (rule === allow) out.push([typeName, field.name, originals.get(`${typeName}.${field.name}`)]);
    }
  }
  return out;
}
