import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isCompositeType,
  isLeafType,
  isListType,
  Kind,
  type SelectionSetNode,
  TypeInfo,
  typeFromAST,
  valueFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { ASSUMED_LIST_SIZE, SLICING_ARGUMENTS } from './config.js';

/** What an operation would cost, per one object of the type it is measured on. */
export interface ListCost {
  /** List items it could return: every list's size times the number of its parents. */
  items: number;
  /** List fetches: every list or connection once per parent object it is fetched for. */
  cost: number;
}

interface Frame {
  /** Objects of the current parent type, per one object at the root. */
  instances: number;
  /** Set on a sliced connection: the size of its list fields (`edges`, `nodes`). */
  listSize: number | undefined;
}

const NOTHING: ListCost = { items: 0, cost: 0 };

/** Field weights by type, then field: two map reads per leaf, no string built. */
export type FieldWeights = ReadonlyMap<string, ReadonlyMap<string, number>>;

const NO_WEIGHTS: FieldWeights = new Map();

/** `{ 'Revision.body': 26 }` as FieldWeights. */
export function fieldWeights(byCoordinate: Readonly<Record<string, number>>): FieldWeights {
  const byType = new Map<string, Map<string, number>>();
  for (const [coordinate, weight] of Object.entries(byCoordinate)) {
    const [type, field] = coordinate.split('.');
    if (!type || !field) continue;
    let fields = byType.get(type);
    if (!fields) {
      fields = new Map();
      byType.set(type, fields);
    }
    fields.set(field, weight);
  }
  return byType;
}

/**
 * Measures selection sets against the schema, `@listSize`-style: a slicing argument (`first`,
 * `last`, `limit`; literal, variable or the argument's default) sizes the list it returns, or a
 * connection's lists, and everything below is multiplied by it, so nested lists multiply.
 *
 * `variables` are the operation's coerced values. Without them (static validation, before the
 * request's variables are known) a slicing variable counts as 0, so the static check rejects
 * only what is over the limit whatever the variables say; the check with the values runs later.
 */
export class ListCostMeter {
  // Keyed by fragment and the list size it inherits; makes nested fragment spreads linear.
  private readonly fragmentCosts = new Map<string, ListCost>();
  private readonly measuring = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragment: (name: string) => FragmentDefinitionNode | undefined,
    private readonly variables?: Readonly<Record<string, unknown>>,
    private readonly weights: FieldWeights = NO_WEIGHTS,
  ) {}

  measure(selectionSet: SelectionSetNode, type: GraphQLCompositeType, listSize?: number): ListCost {
    const totals = { items: 0, cost: 0 };
    const typeInfo = new TypeInfo(this.schema, type);
    const frames: Frame[] = [{ instances: 1, listSize }];
    const top = () => frames[frames.length - 1] ?? { instances: 0, listSize: undefined };
    visit(
      selectionSet,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter: (node) => {
            const field = typeInfo.getFieldDef();
            const output = typeInfo.getType();
            // Introspection never reaches a subgraph.
            if (!field || !output || field.name.startsWith('__')) return false;
            // Leaves return no objects; large text costs its weight once per object it is read on.
            if (isLeafType(getNamedType(output))) {
              const weight = this.weights.get(typeInfo.getParentType()?.name ?? '')?.get(field.name);
              if (weight !== undefined) totals.cost += top().instances * weight;
              return false;
            }
            frames.push(this.enter(node, field, output, top(), totals));
            return undefined;
          },
          leave: () => {
            frames.pop();
          },
        },
        FragmentSpread: (node) => {
          const parent = top();
          const inner = this.fragmentCost(node.name.value, parent.listSize);
          totals.items += parent.instances * inner.items;
          totals.cost += parent.instances * inner.cost;
          return false;
        },
      }),
    );
    return totals;
  }

  private enter(
    node: FieldNode,
    field: GraphQLField<unknown, unknown>,
    output: GraphQLOutputType,
    parent: Frame,
    totals: ListCost,
  ): Frame {
    const sliced = this.sliceSize(node, field);
    if (isListType(getNullableType(output))) {
      // A list inside a sliced connection is part of the connection's fetch, sized by it.
      const inherited = sliced === undefined ? parent.listSize : undefined;
      if (inherited === undefined) totals.cost += parent.instances;
      const size = sliced ?? inherited ?? ASSUMED_LIST_SIZE;
      totals.items += parent.instances * size;
      return { instances: parent.instances * size, listSize: undefined };
    }
    if (sliced !== undefined) totals.cost += parent.instances;
    return { instances: parent.instances, listSize: sliced };
  }

  /** The largest slicing argument's value, or undefined when the field has none that is set. */
  private sliceSize(node: FieldNode, field: GraphQLField<unknown, unknown>): number | undefined {
    let size: number | undefined;
    for (const argument of field.args) {
      if (!SLICING_ARGUMENTS.has(argument.name)) continue;
      const value = this.argumentValue(node, argument);
      if (typeof value === 'number' && Number.isFinite(value)) {
        size = Math.max(size ?? 0, Math.max(0, Math.floor(value)));
      }
    }
    return size;
  }

  /** An argument's value as execution would see it: literal, variable, or its default. */
  private argumentValue(node: FieldNode, argument: GraphQLArgument): unknown {
    const given = node.arguments?.find((a) => a.name.value === argument.name);
    if (!given) return argument.defaultValue;
    if (given.value.kind === Kind.VARIABLE) {
      if (!this.variables) return 0;
      const name = given.value.name.value;
      return Object.hasOwn(this.variables, name) ? this.variables[name] : argument.defaultValue;
    }
    return valueFromAST(given.value, argument.type);
  }

  private fragmentCost(name: string, listSize: number | undefined): ListCost {
    const key = `${name}:${listSize ?? ''}`;
    const known = this.fragmentCosts.get(key);
    if (known) return known;
    const fragment = this.fragment(name);
    // Unknown fragments and cycles are graphql-js's own validation errors; they cost nothing here.
    if (!fragment || this.measuring.has(name)) return NOTHING;
    const type = typeFromAST(this.schema, fragment.typeCondition);
    if (!isCompositeType(type)) return NOTHING;
    this.measuring.add(name);
    const cost = this.measure(fragment.selectionSet, type, listSize);
    this.measuring.delete(name);
    this.fragmentCosts.set(key, cost);
    return cost;
  }
}
