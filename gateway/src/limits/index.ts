import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  ParseOptions,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { armorRules } from './armor.js';
import type { LimitsConfig } from './config.js';
import { type LimitRejectionListener, type Rejection, unmeasurableRejection } from './errors.js';
import { fragmentCyclesRule } from './fragment-cycles.js';
import { guardedRule } from './guarded-rule.js';
import { fieldWeights } from './list-cost.js';
import { listLimitsRule, listLimitsWithVariables } from './list-limits.js';
import { limitsPlugin } from './plugin.js';
import { selectionsRule } from './selections.js';
import { documentSizeRule, sourceRejection } from './source.js';
import { hideSuggestions } from './suggestions.js';

export {
  ASSUMED_LIST_SIZE,
  DEFAULT_LIMITS,
  LARGE_TEXT_WEIGHTS,
  type LimitsConfig,
  type LimitsEnv,
  limitsEnv,
  limitsFromEnv,
  SLICING_ARGUMENTS,
} from './config.js';
export type { LimitName, LimitRejectionListener } from './errors.js';
export { collapseAbortedValidation } from './fragment-cycles.js';

export interface OperationLimitsOptions {
  /** Production hides "Did you mean …" suggestions (introspection is off there too). */
  production: boolean;
  /** Told the limit of every rejection, once per rejected operation and limit. */
  onRejected?: LimitRejectionListener;
}

/**
 * Every query limit, for both transports. HTTP: spread `parseOptions`, the `validationRules` and
 * the `plugin` into Apollo. Socket: `checkSource` before parsing, the shared `validationRules`,
 * then `checkOperationLimits` with the variables; `hideSuggestions` on its validation errors.
 */
export interface OperationLimits {
  readonly config: LimitsConfig;
  /** Apollo's parser gives up past the token limit instead of building a huge AST. */
  readonly parseOptions: ParseOptions;
  readonly validationRules: readonly ValidationRule[];
  readonly plugin: ApolloServerPlugin<BaseContext>;
  /** Tokens and length of the raw text; undefined when within both. */
  checkSource(source: string): GraphQLError | undefined;
  /** List size and cost with the variables' values; empty when within both. */
  checkOperationLimits(
    document: DocumentNode,
    variables: Readonly<Record<string, unknown>>,
    schema: GraphQLSchema,
    operationName?: string,
  ): GraphQLError[];
  /** In production, strips suggestions from these errors' messages (in place). */
  hideSuggestions(errors: readonly GraphQLError[]): void;
}

export function createOperationLimits(
  config: LimitsConfig,
  options: OperationLimitsOptions,
): OperationLimits {
  const rejected = ({ limit, error }: Rejection): GraphQLError => {
    try {
      options.onRejected?.(limit);
    } catch {
      // Counting a rejection must never turn it into a 500.
    }
    return error;
  };
  const report = (context: ValidationContext, rejection: Rejection) =>
    context.reportError(rejected(rejection));

  const checkSource = (source: string) => {
    const rejection = sourceRejection(source, config);
    return rejection && rejected(rejection);
  };
  const weights = fieldWeights(config.fieldWeights);
  const checkOperationLimits: OperationLimits['checkOperationLimits'] = (
    document,
    variables,
    schema,
    operationName,
  ) => {
    let rejection: Rejection | undefined;
    try {
      rejection = listLimitsWithVariables(document, variables, schema, config, operationName, weights);
    } catch {
      // Runs in Apollo's didResolveOperation: a throw there would be answered with a 500.
      rejection = unmeasurableRejection();
    }
    return rejection ? [rejected(rejection)] : [];
  };

  return {
    config,
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: [
      fragmentCyclesRule,
      ...[
        documentSizeRule(config, report),
        selectionsRule(config, report),
        ...armorRules(config, report),
        listLimitsRule(config, report),
      ].map((rule) => guardedRule(rule, report)),
    ],
    plugin: limitsPlugin({ production: options.production, checkSource, checkOperationLimits }),
    checkSource,
    checkOperationLimits,
    hideSuggestions: (errors) => {
      if (options.production) hideSuggestions(errors);
    },
  };
}
