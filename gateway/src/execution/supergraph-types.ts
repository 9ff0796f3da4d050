import { type GraphQLSchema, isAbstractType, isInterfaceType, isObjectType } from 'graphql';

/**
 * `isObjectOfType` from @apollo/gateway's dataRewrites.ts over the supergraph (which, unlike the
 * API schema, knows @inaccessible types that keys and requirements may mention), remembered per
 * (typename, condition) so building representations does not walk the schema per entity.
 */
export class SupergraphTypes {
  private readonly memo = new Map<string, boolean>();

  constructor(private readonly schema: GraphQLSchema) {}

  isObjectOfType(object: Record<string, unknown>, condition: string, whenUnknown = false): boolean {
    const typename = object.__typename;
    if (typeof typename !== 'string' || !typename) return whenUnknown;
    if (typename === condition) return true;
    const key = `${condition}\u0000${typename}`;
    let known = this.memo.get(key);
    if (known === undefined) {
      const type = this.schema.getType(typename);
      const conditionType = this.schema.getType(condition);
      // Unknown typenames come from subgraph data: answered, never remembered (no unbounded memo).
      if (!type || !conditionType) return false;
      known =
        isAbstractType(conditionType) &&
        (isObjectType(type) || isInterfaceType(type)) &&
        this.schema.isSubType(conditionType, type);
      this.memo.set(key, known);
    }
    return known;
  }
}

const cache = new WeakMap<GraphQLSchema, SupergraphTypes>();

export function supergraphTypes(schema: GraphQLSchema): SupergraphTypes {
  let types = cache.get(schema);
  if (!types) {
    types = new SupergraphTypes(schema);
    cache.set(schema, types);
  }
  return types;
}
