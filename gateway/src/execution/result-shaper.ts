import {
  ERRORS,
  type FieldSelection,
  isCompositeType,
  isCustomScalarType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  type NamedType,
  type OperationElement,
  type OutputType,
  operationFromDocument,
  type Schema,
  type SelectionSet,
  Variable,
} from '@apollo/federation-internals';
import type { ResponsePath } from '@apollo/query-planner';
import {
  type DocumentNode,
  executeSync,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  OperationTypeNode,
  type VariableDefinitionNode,
  visit,
} from 'graphql';
import { bareFactory, bareObject } from './bare-object.js';

/**
 * The final answer built from what the plan fetched: only the fields the client asked for, in
 * its order, with nulls bubbled to the nearest nullable parent and root `__typename`s filled in.
 * Semantics are those of @apollo/gateway's `computeResponse` (resultShaping.ts, 2.14.4); the
 * difference is that the operation is compiled once per plan into plain objects, so a request
 * walks arrays instead of calling into the federation-internals model for every field.
 */

/** `@skip`/`@include` on one selection: constants, or the variable that decides. */
interface Conditions {
  skip?: boolean | string;
  include?: boolean | string;
}

type TypeRef =
  | { kind: 'nonNull'; of: TypeRef; text: string }
  | { kind: 'list'; of: TypeRef; text: string }
  | { kind: 'composite'; name: string; text: string }
  | { kind: 'leaf'; valid: (value: unknown) => boolean; text: string };

type Compiled =
  | { kind: 'typename'; responseName: string; when?: Conditions }
  | { kind: 'introspection'; responseName: string; document: DocumentNode; when?: Conditions }
  | {
      kind: 'field';
      responseName: string;
      type: TypeRef;
      selections?: CompiledSet;
      when?: Conditions;
      /** The name is also an Object.prototype member: read it only as an own property. */
      inherited: boolean;
      /** For a leaf (or non-null leaf) field, its value check: a valid value is copied as it is. */
      leaf?: (value: unknown) => boolean;
    }
  | { kind: 'fragment'; typeCondition?: string; selections: Compiled[]; when?: Conditions };

/**
 * A field's selections, and the maker of the objects they are written into (one per shape).
 * `once`: the field is selected once in its parent (fragments included), so the object built for
 * it is never written into again by another selection of the same response name.
 */
type CompiledSet = Compiled[] & { make: () => Record<string, unknown>; once: boolean };

function objectSet(selections: Compiled[]): CompiledSet {
  const set = Object.assign(selections, { make: bareFactory(), once: false });
  const seen = new Map<string, number>();
  const count = (list: Compiled[]) => {
    for (const selection of list) {
      if (selection.kind === 'fragment') count(selection.selections);
      else seen.set(selection.responseName, (seen.get(selection.responseName) ?? 0) + 1);
    }
  };
  count(set);
  const mark = (list: Compiled[]) => {
    for (const selection of list) {
      if (selection.kind === 'fragment') mark(selection.selections);
      else if (selection.kind === 'field' && selection.selections) {
        selection.selections.once = seen.get(selection.responseName) === 1;
      }
    }
  };
  mark(set);
  return set;
}

/**
 * Type questions answered against the API schema, remembered per schema. Only answers about types
 * the schema has are remembered: typenames come from subgraph data, and unknown ones must not
 * grow the memo without bound.
 */
class TypeOracle {
  private readonly subtype = new Map<string, boolean>();
  private readonly composite = new Map<string, boolean>();
  private readonly object = new Map<string, boolean>();

  constructor(private readonly schema: Schema) {}

  /** Whether `typeName` (a concrete or abstract type) satisfies the fragment condition. */
  satisfies(condition: string, typeName: string): boolean {
    const key = `${condition}\u0000${typeName}`;
    const known = this.subtype.get(key);
    if (known !== undefined) return known;
    const conditionType = this.schema.type(condition);
    const type = this.schema.type(typeName);
    if (!conditionType || !type) return false;
    const answer = isSubtype(conditionType, type);
    this.subtype.set(key, answer);
    return answer;
  }

  isComposite(typeName: string): boolean {
    return this.remember(this.composite, typeName, isCompositeType);
  }

  exists(typeName: string): boolean {
    return this.composite.has(typeName) || this.schema.type(typeName) !== undefined;
  }

  isObject(typeName: string): boolean {
    return this.remember(this.object, typeName, isObjectType);
  }

  private remember(
    memo: Map<string, boolean>,
    typeName: string,
    test: (type: NamedType) => boolean,
  ): boolean {
    const known = memo.get(typeName);
    if (known !== undefined) return known;
    const type = this.schema.type(typeName);
    if (!type) return false;
    const answer = test(type);
    memo.set(typeName, answer);
    return answer;
  }
}

const oracles = new WeakMap<Schema, TypeOracle>();
function oracleFor(schema: Schema): TypeOracle {
  let oracle = oracles.get(schema);
  if (!oracle) {
    oracle = new TypeOracle(schema);
    oracles.set(schema, oracle);
  }
  return oracle;
}

/** Integers whose `String()` has no exponent: federation-internals' `^-?(?:0|[1-9][0-9]*)$` on it. */
const isIntegerText = (value: number) => Number.isInteger(value) && Math.abs(value) < 1e21;

/** federation-internals' `isValidLeafValue`, decided once per type instead of per value. */
function leafValidator(type: NamedType): (value: unknown) => boolean {
  if (isCustomScalarType(type)) return () => true;
  if (isEnumType(type)) {
    const names = new Set(type.values.map((v) => v.name));
    return (value) => typeof value === 'string' && names.has(value);
  }
  switch (type.name) {
    case 'Boolean':
      return (value) => typeof value === 'boolean';
    case 'Int':
      return (value) => typeof value === 'number' && isIntegerText(value);
    case 'ID':
      return (value) => typeof value === 'string' || (typeof value === 'number' && isIntegerText(value));
    case 'Float':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    default:
      // String: any string, nothing else.
      return (value) => typeof value === 'string';
  }
}

function typeRef(type: OutputType): TypeRef {
  const text = type.toString();
  if (isNonNullType(type)) return { kind: 'nonNull', of: typeRef(type.ofType), text };
  if (isListType(type)) return { kind: 'list', of: typeRef(type.ofType), text };
  if (isCompositeType(type)) return { kind: 'composite', name: type.name, text };
  return { kind: 'leaf', valid: leafValidator(type), text };
}

function conditionsOf(element: OperationElement, schema: Schema): Conditions | undefined {
  const value = (directive: { arguments(): { if: boolean | Variable } } | undefined) => {
    if (!directive) return undefined;
    const condition = directive.arguments().if;
    return condition instanceof Variable ? condition.name : condition;
  };
  const skip = value(element.appliedDirectivesOf(schema.skipDirective())[0]);
  const include = value(element.appliedDirectivesOf(schema.includeDirective())[0]);
  if (skip === undefined && include === undefined) return undefined;
  return {
    ...(skip === undefined ? {} : { skip }),
    ...(include === undefined ? {} : { include }),
  };
}

function usedVariables(node: Parameters<typeof visit>[0]): Set<string> {
  const used = new Set<string>();
  visit(node, {
    Variable: ({ name }) => {
      used.add(name.value);
    },
  });
  return used;
}

/** The gateway's `makeIntrospectionQueryDocument`: one introspection field as its own query. */
function introspectionDocument(
  selection: FieldSelection,
  variableDefinitions: readonly VariableDefinitionNode[],
): DocumentNode {
  const node = selection.expandFragments().toSelectionNode();
  const used = usedVariables(node);
  return {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        variableDefinitions: variableDefinitions.filter((d) => used.has(d.variable.name.value)),
        selectionSet: { kind: Kind.SELECTION_SET, selections: [node] },
      },
    ],
  };
}

function compileSelectionSet(
  set: SelectionSet,
  schema: Schema,
  variableDefinitions: readonly VariableDefinitionNode[],
): Compiled[] {
  const compiled: Compiled[] = [];
  for (const selection of set.selections()) {
    const when = conditionsOf(selection.element, schema);
    const base = when ? { when } : {};
    if (selection.kind === 'FieldSelection') {
      const field = selection.element;
      const responseName = field.responseName();
      if (field.definition.isSchemaIntrospectionField()) {
        compiled.push({
          kind: 'introspection',
          responseName,
          document: introspectionDocument(selection, variableDefinitions),
          ...base,
        });
      } else if (field.name === '__typename') {
        compiled.push({ kind: 'typename', responseName, ...base });
      } else {
        const sub = selection.selectionSet;
        // Optional only while federation-internals builds a schema; a built one types every field.
        const type = field.definition.type;
        if (!type) throw new Error(`field ${field.definition.coordinate} has no type`);
        const ref = typeRef(type);
        const named = ref.kind === 'nonNull' ? ref.of : ref;
        compiled.push({
          kind: 'field',
          responseName,
          type: ref,
          ...(sub ? { selections: objectSet(compileSelectionSet(sub, schema, variableDefinitions)) } : {}),
          ...base,
          inherited: responseName in Object.prototype,
          ...(named.kind === 'leaf' ? { leaf: named.valid } : {}),
        });
      }
    } else {
      const condition = selection.element.typeCondition;
      compiled.push({
        kind: 'fragment',
        ...(condition ? { typeCondition: condition.name } : {}),
        selections: compileSelectionSet(selection.selectionSet, schema, variableDefinitions),
        ...base,
      });
    }
  }
  return compiled;
}

export interface ShapeResult {
  data: Record<string, unknown> | null;
  /** Value-completion problems (`INVALID_GRAPHQL`), reported only when execution had no errors. */
  errors: GraphQLError[];
}

export interface ResultShaper {
  /**
   * `shared`: input objects that stand at several places (entity-sharing.ts); each one's part of
   * the answer is built once and put at each place, unless building it reported an error.
   */
  shape(
    input: Record<string, unknown>,
    variables: Record<string, unknown> | undefined,
    shared?: ReadonlySet<object>,
  ): ShapeResult;
}

/**
 * Compiles the operation `operationName` of `document` once, over `apiSchema` (the planner's model
 * of the API schema); `graphqlSchema` answers the introspection fields it may hold.
 */
export function compileResultShaper(
  apiSchema: Schema,
  document: DocumentNode,
  operationName: string | undefined,
  graphqlSchema: GraphQLSchema,
  variableDefinitions: readonly VariableDefinitionNode[],
): ResultShaper {
  // Its own model of the operation, as the gateway builds it: planning may normalise its copy.
  const operation = operationFromDocument(apiSchema, document, operationName ? { operationName } : {});
  const schema = operation.schema();
  const oracle = oracleFor(schema);
  const selections = objectSet(compileSelectionSet(operation.selectionSet, schema, variableDefinitions));
  const rootType = schema.schemaDefinition.rootType(operation.rootKind)!.name;
  const defaults = operation.collectDefaultedVariableValues();
  const hasDefaults = Object.keys(defaults).length > 0;

  return {
    shape(input, variables, shared) {
      const run: Run = {
        oracle,
        graphqlSchema,
        variables: hasDefaults ? { __proto__: null, ...defaults, ...variables } : (variables ?? {}),
        errors: [],
        invalid: false,
        hasErrors: false,
        shared: shared !== undefined && shared.size > 0 ? shared : undefined,
        built: undefined,
      };
      const data: Record<string, unknown> = selections.make();
      const bubbled = applySelections(run, input, selections, data, [], rootType);
      return { data: bubbled ? null : data, errors: run.errors };
    },
  };
}

interface Run {
  oracle: TypeOracle;
  graphqlSchema: GraphQLSchema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  /** Set by every `complete` call: see there. */
  invalid: boolean;
  hasErrors: boolean;
  shared: ReadonlySet<object> | undefined;
  /** What was built for a shared input object, by the selections it was built for. */
  built: Map<CompiledSet, Map<object, Record<string, unknown>>> | undefined;
}

function skipped(when: Conditions, variables: Record<string, unknown>): boolean {
  const value = (c: boolean | string) => (typeof c === 'string' ? variables[c] === true : c);
  if (when.skip !== undefined && value(when.skip)) return true;
  if (when.include !== undefined && !value(when.include)) return true;
  return false;
}

const own = (object: object, key: string) => Object.hasOwn(object, key);

/** Returns true when a null must bubble up past this object. */
function applySelections(
  run: Run,
  input: Record<string, unknown>,
  selections: Compiled[],
  output: Record<string, unknown>,
  path: ResponsePath,
  parentType: string,
): boolean {
  for (const selection of selections) {
    if (selection.when !== undefined && skipped(selection.when, run.variables)) continue;
    switch (selection.kind) {
      case 'introspection': {
        if (output[selection.responseName] === undefined) {
          output[selection.responseName] = introspect(run, selection.document, selection.responseName);
        }
        break;
      }
      case 'typename': {
        if (output[selection.responseName] !== undefined) break;
        const name = selection.responseName;
        let value = own(input, name) ? (input[name] ?? null) : null;
        if (value === null && name !== '__typename') value = input.__typename ?? null;
        // A typename the API schema does not know (e.g. an @interfaceObject's interface
        // standing in for its implementation) falls back to the parent; a non-object nulls all.
        const type = typeof value === 'string' && run.oracle.exists(value) ? value : parentType;
        if (!run.oracle.isObject(type)) return true;
        output[name] = type;
        break;
      }
      case 'field': {
        const name = selection.responseName;
        // Inputs are JSON objects or bare ones: a name no prototype has can only be their own.
        const inputValue = selection.inherited
          ? own(input, name)
            ? (input[name] ?? null)
            : null
          : (input[name] ?? null);
        // The common leaf, valid and not yet written: what `complete` would do, without the calls.
        const leaf = selection.leaf;
        if (leaf !== undefined && inputValue !== null && output[name] === undefined && leaf(inputValue)) {
          output[name] = inputValue;
          break;
        }
        path.push(name);
        output[name] = complete(
          run,
          output[name],
          selection.type,
          inputValue,
          selection.selections,
          path,
          parentType,
        );
        path.pop();
        if (run.invalid) return true;
        break;
      }
      case 'fragment': {
        const typename = input.__typename;
        const applies =
          selection.typeCondition === undefined ||
          (typeof typename === 'string' && typename
            ? run.oracle.satisfies(selection.typeCondition, typename)
            : run.oracle.satisfies(selection.typeCondition, parentType));
        if (!applies) break;
        if (
          applySelections(
            run,
            input,
            selection.selections,
            output,
            path,
            selection.typeCondition ?? parentType,
          )
        ) {
          return true;
        }
        break;
      }
    }
  }
  return false;
}

function introspect(run: Run, document: DocumentNode, responseName: string): unknown {
  const { data } = executeSync({
    schema: run.graphqlSchema,
    document,
    rootValue: {},
    variableValues: run.variables,
  });
  return data && own(data, responseName) ? data[responseName] : null;
}

function describe(path: ResponsePath, type: TypeRef, parentType: string): string {
  const last = path[path.length - 1];
  return typeof last === 'string'
    ? `field ${parentType}.${last}`
    : `array element of type ${type.text} at index ${last}`;
}

/**
 * Completes one value and returns it. Two facts about it are left on `run` (read them right after
 * the call; no object per field): `invalid`, a null where the type forbids one, so the parent must
 * become null too; `hasErrors`, an error was already recorded for it, so bubbling adds none.
 */
function complete(
  run: Run,
  outputValue: unknown,
  type: TypeRef,
  inputValue: unknown,
  selections: CompiledSet | undefined,
  path: ResponsePath,
  parentType: string,
): unknown {
  run.invalid = false;
  run.hasErrors = false;
  if (outputValue === null || (outputValue !== undefined && !selections)) return outputValue;

  if (type.kind === 'nonNull') {
    const value = complete(run, outputValue, type.of, inputValue, selections, path, parentType);
    if (value === null) {
      if (!run.hasErrors) {
        run.errors.push(
          ERRORS.INVALID_GRAPHQL.err(
            `Cannot return null for non-nullable ${describe(path, type.of, parentType)}.`,
            {
              path: Array.from(path),
            },
          ),
        );
      }
      run.invalid = true;
      run.hasErrors = true;
      return null;
    }
    run.invalid = false;
    run.hasErrors = false;
    return value;
  }

  if (inputValue === null) return null;

  switch (type.kind) {
    case 'list': {
      if (!Array.isArray(inputValue)) return invalidValue(run, path, type, parentType);
      const existing = Array.isArray(outputValue) ? outputValue : undefined;
      const list = new Array(inputValue.length);
      let nullify = false;
      let hasErrors = false;
      for (let i = 0; i < inputValue.length; i += 1) {
        path.push(i);
        list[i] = complete(run, existing?.[i], type.of, inputValue[i], selections, path, parentType);
        path.pop();
        nullify ||= run.invalid;
        hasErrors ||= run.hasErrors;
      }
      run.invalid = false;
      run.hasErrors = hasErrors;
      return nullify ? null : list;
    }
    case 'composite': {
      if (typeof inputValue !== 'object' || Array.isArray(inputValue)) {
        return invalidValue(run, path, type, parentType);
      }
      // A JSON object (checked above); TypeScript cannot index the narrowed `object`.
      const object = inputValue as Record<string, unknown>;
      const typename = object.__typename;
      let objectType = type.name;
      if (typeof typename === 'string' && typename) {
        if (!run.oracle.isComposite(typename)) {
          // Never name the unknown type: it may be @inaccessible.
          run.errors.push(
            ERRORS.INVALID_GRAPHQL.err(
              `Invalid __typename found for object at ${describe(path, type, parentType)}.`,
              {
                path: Array.from(path),
              },
            ),
          );
          run.hasErrors = true;
          return null;
        }
        objectType = typename;
      }
      if (outputValue === undefined && selections?.once && run.shared?.has(object)) {
        return completeShared(run, object, selections, path, objectType);
      }
      // What an earlier selection of this same field built here: an object of this shape, or nothing.
      const output =
        (outputValue as Record<string, unknown> | undefined) ?? (selections?.make ?? bareObject)();
      const bubbled = applySelections(run, object, selections ?? [], output, path, objectType);
      run.invalid = false;
      run.hasErrors = bubbled;
      return bubbled ? null : output;
    }
    default: {
      if (type.valid(inputValue)) return inputValue;
      return invalidValue(run, path, type, parentType);
    }
  }
}

/**
 * An object standing at several places: what is built from it depends on nothing but it and the
 * selections (the variables are the request's), so it is built once and the same output object
 * is put at each place; JSON serialises it at each. Only an error's path would differ by place,
 * so a part that reported one is built again wherever it appears.
 */
function completeShared(
  run: Run,
  object: Record<string, unknown>,
  selections: CompiledSet,
  path: ResponsePath,
  objectType: string,
): Record<string, unknown> | null {
  run.built ??= new Map();
  let byObject = run.built.get(selections);
  const known = byObject?.get(object);
  if (known) {
    run.invalid = false;
    run.hasErrors = false;
    return known;
  }
  const errors = run.errors.length;
  const output = selections.make();
  const bubbled = applySelections(run, object, selections, output, path, objectType);
  run.invalid = false;
  run.hasErrors = bubbled;
  if (bubbled) return null;
  if (run.errors.length === errors) {
    if (!byObject) {
      byObject = new Map();
      run.built.set(selections, byObject);
    }
    byObject.set(object, output);
  }
  return output;
}

function invalidValue(run: Run, path: ResponsePath, type: TypeRef, parentType: string): null {
  run.errors.push(
    ERRORS.INVALID_GRAPHQL.err(`Invalid value found for ${describe(path, type, parentType)}.`, {
      path: Array.from(path),
    }),
  );
  run.invalid = false;
  run.hasErrors = true;
  return null;
}
