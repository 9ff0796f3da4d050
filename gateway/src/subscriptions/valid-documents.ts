import type { GraphQLSchema } from 'graphql';
import type { ParsedOperation } from './validation.js';

/** Variables remembered per document, and the longest (as JSON) worth remembering. */
const MAX_VARIABLE_SETS = 64;
const MAX_VARIABLES_LENGTH = 1024;

/** A subscription document that parsed and passed validation against the current schema. */
export class ValidDocument {
  private readonly withinLimits = new Set<string>();

  constructor(readonly parsed: ParsedOperation) {}

  /** These variables (as JSON) already passed the list size and cost limits with this document. */
  withinLimitsWith(variablesJson: string): boolean {
    return this.withinLimits.has(variablesJson);
  }

  passedLimitsWith(variablesJson: string): void {
    if (variablesJson.length > MAX_VARIABLES_LENGTH || this.withinLimits.size >= MAX_VARIABLE_SETS) return;
    this.withinLimits.add(variablesJson);
  }
}

/**
 * Subscription documents that parsed and passed validation against the current API schema, by
 * source and operation name, with the variables that passed the limits with them. Validation
 * depends on nothing else, and the limits only on the variables besides, so the thousandth reader
 * of a document skips the parse and the rules' walks that the first one paid for — as Apollo's
 * document store does for HTTP operations. Only what passed is kept; a new schema (a supergraph
 * reload) empties it. Bounded: the oldest entry goes first.
 */
export class ValidDocuments {
  private schema: GraphQLSchema | undefined;
  private readonly entries = new Map<string, ValidDocument>();

  constructor(private readonly maxEntries = 1000) {}

  get(schema: GraphQLSchema, source: string, operationName: string | undefined): ValidDocument | undefined {
    if (schema !== this.schema) return undefined;
    return this.entries.get(keyOf(source, operationName));
  }

  add(
    schema: GraphQLSchema,
    source: string,
    operationName: string | undefined,
    parsed: ParsedOperation,
  ): ValidDocument {
    if (schema !== this.schema) {
      this.entries.clear();
      this.schema = schema;
    }
    const entry = new ValidDocument(parsed);
    this.entries.set(keyOf(source, operationName), entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return entry;
  }
}

// A name is [_A-Za-z][_0-9A-Za-z]*: a space cannot be part of one, and "no name" differs from "".
function keyOf(source: string, operationName: string | undefined): string {
  return operationName === undefined ? `-${source}` : `+${operationName} ${source}`;
}
