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
import type { LimitRejectionListener, Rejection } from './errors.js';
import { listLimitsRule, listLimitsWithVariables } from './list-limits.js';
import { limitsPlugin } from './plugin.js';
import { documentSizeRule, sourceRejection } from './source.js';
import { hideSuggestions } from './suggestions.js';

export {
  ASSUMED_LIST_SIZE,
  DEFAULT_LIMITS,
  type LimitsConfig,
  type LimitsEnv,
  limitsEnv,
  limitsFromEnv,
  SLICING_ARGUMENTS,
} from './config.js';
export type { LimitName, LimitRejectionListener } from './errors.js';

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
  const checkOperationLimits: OperationLimits['checkOperationLimits'] = (
    document,
    variables,
    schema,
    operationName,
  ) => {
    const rejection = listLimitsWithVariables(document, variables, schema, config, operationName);
    return rejection ? [rejected(rejection)] : [];
  };

  return {
    config,
    parseOptions: { maxTokens: config.maxTokens },
    validationRules: [
      documentSizeRule(config, report),
      ...armorRules(config, report),
      listLimitsRule(config, report),
    ],
    plugin: limitsPlugin({ production: options.production, checkSource, checkOperationLimits }),
    checkSource,
    checkOperationLimits,
    hideSuggestions: (errors) => {
      if (options.production) hideSuggestions(errors);
    },
  };
}
