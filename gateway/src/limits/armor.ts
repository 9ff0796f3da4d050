import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import type { LimitsConfig } from './config.js';
import { type LimitName, limitError, type Rejection } from './errors.js';

/**
 * graphql-armor's depth, alias and directive limits as validation rules. They report through
 * `reject` instead of throwing, with our error (QUERY_TOO_COMPLEX, `extensions.limit`), so both
 * transports answer alike. Armor's cost limit is replaced by the list-aware one (it ignores
 * variables and connections), its token limit by the count before parsing (Apollo answered that
 * one with a 500), and its field-suggestion masking by ours (it never sees the socket's errors).
 */
export function armorRules(
  config: LimitsConfig,
  reject: (context: ValidationContext, rejection: Rejection) => void,
): ValidationRule[] {
  const reporting = (limit: LimitName, n: number) => ({
    n,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        // Armor prefixes "Syntax Error: " to what is not one; the rest reads well.
        const message = error.message.replace(/^Syntax Error: /, '');
        if (context) reject(context, { limit, error: limitError(limit, n, message) });
      },
    ],
  });
  return new ApolloArmor({
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    // Flattened: a fragment is a way of writing the query, not a level of data.
    maxDepth: { ...reporting('depth', config.maxDepth), flattenFragments: true },
    maxAliases: reporting('aliases', config.maxAliases),
    maxDirectives: reporting('directives', config.maxDirectives),
  }).protect().validationRules;
}
