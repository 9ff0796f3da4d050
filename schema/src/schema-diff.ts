// Classifies the changes between the last released API schema and a new one with
// @graphql-inspector/core, and lets a breaking change through only when the element it breaks was
// already @deprecated in the release: that is the project's API versioning (docs/schema-changes.md).
import { ChangeType, CriticalityLevel, diff } from '@graphql-inspector/core';
import {
  buildSchema,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
} from 'graphql';

export type Verdict = 'breaking' | 'allowed' | 'dangerous' | 'safe';

export interface ClassifiedChange {
  verdict: Verdict;
  type: string;
  message: string;
  path?: string;
  /** For `allowed`: the release's deprecated element that makes the change acceptable. */
  deprecated?: string;
}

/**
 * The schema coordinate along `path` (Type.member[.argument]) that the old schema deprecated, if
 * any. A deprecated field covers its arguments too: clients were told to stop using the field.
 */
export function deprecatedAlong(schema: GraphQLSchema, path: string): string | undefined {
  const [typeName, member, argument] = path.split('.');
  const type = typeName ? schema.getType(typeName) : undefined;
  if (!type || !member) return undefined;
  if (isObjectType(type) || isInterfaceType(type)) {
    const field = type.getFields()[member];
    if (!field) return undefined;
    if (field.deprecationReason != null) return `${typeName}.${member}`;
    const arg = argument ? field.args.find((a) => a.name === argument) : undefined;
    return arg?.deprecationReason != null ? `${typeName}.${member}(${argument}:)` : undefined;
  }
  if (isInputObjectType(type)) {
    return type.getFields()[member]?.deprecationReason != null ? `${typeName}.${member}` : undefined;
  }
  if (isEnumType(type)) {
    return type.getValue(member)?.deprecationReason != null ? `${typeName}.${member}` : undefined;
  }
  return undefined;
}

/**
 * A removed type is acceptable when clients could only reach it through deprecated fields and
 * arguments: then removing those was allowed, and the type goes with them. A union member or an
 * interface implementation can be named in a fragment from anywhere, so those never qualify.
 */
function onlyReachableThroughDeprecated(schema: GraphQLSchema, typeName: string): boolean {
  const target = schema.getType(typeName);
  if (!target) return false;
  if (isObjectType(target) && target.getInterfaces().length > 0) return false;
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
  if (roots.some((r) => r?.name === typeName)) return false;
  let references = 0;
  const refersTo = (t: GraphQLType) => getNamedType(t).name === typeName;
  for (const type of Object.values(schema.getTypeMap()) as GraphQLNamedType[]) {
    if (type.name.startsWith('__')) continue;
    if (isUnionType(type) && type.getTypes().some((m) => m.name === typeName)) return false;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const fieldDeprecated = field.deprecationReason != null;
        if (refersTo(field.type)) {
          references++;
          if (!fieldDeprecated) return false;
        }
        for (const arg of field.args) {
          if (!refersTo(arg.type)) continue;
          references++;
          if (!fieldDeprecated && arg.deprecationReason == null) return false;
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!refersTo(field.type)) continue;
        references++;
        if (field.deprecationReason == null) return false;
      }
    }
  }
  return references > 0;
}

export async function classifyChanges(releasedSdl: string, newSdl: string): Promise<ClassifiedChange[]> {
  const released = buildSchema(releasedSdl);
  const changes = await diff(released, buildSchema(newSdl));
  return changes.map((change) => {
    const base = {
      type: change.type,
      message: change.message,
      ...(change.path ? { path: change.path } : {}),
    };
    switch (change.criticality.level) {
      case CriticalityLevel.Breaking: {
        let deprecated = change.path ? deprecatedAlong(released, change.path) : undefined;
        if (!deprecated && change.type === ChangeType.TypeRemoved && change.path) {
          if (onlyReachableThroughDeprecated(released, change.path)) {
            deprecated = `${change.path} (reachable only through deprecated elements)`;
          }
        }
        return deprecated ? { ...base, verdict: 'allowed', deprecated } : { ...base, verdict: 'breaking' };
      }
      case CriticalityLevel.Dangerous:
        return { ...base, verdict: 'dangerous' };
      default:
        return { ...base, verdict: 'safe' };
    }
  });
}

const headings: Record<Verdict, string> = {
  breaking: 'Breaking (fails the check)',
  allowed: 'Allowed removals (deprecated in the last release)',
  dangerous: 'Dangerous (may change what existing clients see)',
  safe: 'Safe',
};

export function formatChanges(changes: ClassifiedChange[]): string {
  if (changes.length === 0) return 'No changes.';
  const lines: string[] = [];
  for (const verdict of ['breaking', 'allowed', 'dangerous', 'safe'] as const) {
    const group = changes.filter((c) => c.verdict === verdict);
    if (group.length === 0) continue;
    lines.push(`${headings[verdict]}: ${group.length}`);
    for (const c of group) {
      const why = c.deprecated ? ` [deprecated: ${c.deprecated}]` : '';
      lines.push(`  - ${c.message}${c.path ? ` (${c.path})` : ''}${why}`);
    }
  }
  return lines.join('\n');
}
