import { z } from 'zod';

/** Every limit an operation must stay under, wherever it arrives (HTTP or graphql-ws). */
export interface LimitsConfig {
  /** List fetches the subgraphs would run: each list or connection once per parent object. */
  maxCost: number;
  /** List items the operation could return, nested lists multiplied. */
  maxListItems: number;
  /** Nested field levels (fragments do not add a level). */
  maxDepth: number;
  /** Aliased fields (`__typename` aliases excepted). */
  maxAliases: number;
  /** Directives used, spread fragments included. */
  maxDirectives: number;
  /** Lexical tokens of the document (comments and commas excepted). */
  maxTokens: number;
  /** Characters of the document text. */
  maxDocumentChars: number;
  /** Selections (fields, fragment spreads, inline fragments) with every fragment spread expanded. */
  maxSelections: number;
  /**
   * Extra cost of a leaf field known to return large text, by schema coordinate (`Revision.body`),
   * for each object it is read on: so with enclosing lists it is multiplied by their sizes.
   */
  fieldWeights: Readonly<Record<string, number>>;
}

/**
 * The fields that return large text, each weighted as one cost unit per 10 KiB it may hold: the
 * Markdown bodies are capped at 256 KiB by the knowledge subgraph (KNOWLEDGE_BODY_MAX_BYTES), the
 * Yjs state of a session is about the same size. So a page of 20 revisions with bodies costs 520,
 * 100 of them 2,600 (an ordinary maximal page stays allowed), and 15 aliases of 20 bodies 7,800:
 * refused before a subgraph is called. What does get through is bounded in bytes at run time
 * (GATEWAY_MAX_RESPONSE_BYTES).
 */
export const LARGE_TEXT_WEIGHTS: Readonly<Record<string, number>> = {
  'Document.body': 26,
  'Revision.body': 26,
  'CollaborationSession.state': 26,
};

/**
 * The defaults leave tens of times the room the platform's own operations need
 * (schema/operations/*.graphql, checked by project-operations.test.ts): at most 7 levels, no
 * aliases or directives, 66 tokens, 440 characters, and with every page at its largest (100)
 * 200 list items and 101 list fetches. 10,000 items is two fully nested 100-item pages; Apollo
 * Sandbox's introspection query (about 190 tokens) passes too. A client that goes over gets the
 * value in `extensions.max`.
 */
export const DEFAULT_LIMITS: Readonly<LimitsConfig> = {
  maxCost: 5000,
  maxListItems: 10_000,
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 30,
  maxTokens: 3000,
  maxDocumentChars: 15_000,
  // The introspection query expands to about 500; 2^30 is what the planner would choke on.
  maxSelections: 10_000,
  fieldWeights: LARGE_TEXT_WEIGHTS,
};

/**
 * Arguments that say how many items a field returns, as `@listSize(slicingArguments:)` would:
 * on a list field they size that list; on a connection they size its list fields (`edges`).
 */
export const SLICING_ARGUMENTS: ReadonlySet<string> = new Set(['first', 'last', 'limit']);

/**
 * The size assumed for a list of objects no argument bounds (`Answer.sources`,
 * `CollaborationSession.participants`): the subgraphs keep those short.
 */
export const ASSUMED_LIST_SIZE = 10;

const limit = (fallback: number) => z.coerce.number().int().min(1).max(10_000_000).default(fallback);

/** The limits' environment variables; `.env.example` documents them. */
export const limitsEnv = {
  LIMIT_MAX_COST: limit(DEFAULT_LIMITS.maxCost),
  LIMIT_MAX_LIST_ITEMS: limit(DEFAULT_LIMITS.maxListItems),
  LIMIT_MAX_DEPTH: limit(DEFAULT_LIMITS.maxDepth),
  LIMIT_MAX_ALIASES: limit(DEFAULT_LIMITS.maxAliases),
  LIMIT_MAX_DIRECTIVES: limit(DEFAULT_LIMITS.maxDirectives),
  LIMIT_MAX_TOKENS: limit(DEFAULT_LIMITS.maxTokens),
  LIMIT_MAX_DOCUMENT_CHARS: limit(DEFAULT_LIMITS.maxDocumentChars),
  LIMIT_MAX_SELECTIONS: limit(DEFAULT_LIMITS.maxSelections),
  /** `Type.field=weight` pairs, comma-separated; `none` weighs no field. */
  LIMIT_FIELD_WEIGHTS: z
    .string()
    .default(formatWeights(DEFAULT_LIMITS.fieldWeights))
    .transform((value, context) => {
      try {
        return parseWeights(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
};

export type LimitsEnv = z.infer<z.ZodObject<typeof limitsEnv>>;

export function limitsFromEnv(env: LimitsEnv): LimitsConfig {
  return {
    maxCost: env.LIMIT_MAX_COST,
    maxListItems: env.LIMIT_MAX_LIST_ITEMS,
    maxDepth: env.LIMIT_MAX_DEPTH,
    maxAliases: env.LIMIT_MAX_ALIASES,
    maxDirectives: env.LIMIT_MAX_DIRECTIVES,
    maxTokens: env.LIMIT_MAX_TOKENS,
    maxDocumentChars: env.LIMIT_MAX_DOCUMENT_CHARS,
    maxSelections: env.LIMIT_MAX_SELECTIONS,
    fieldWeights: env.LIMIT_FIELD_WEIGHTS,
  };
}

function formatWeights(weights: Readonly<Record<string, number>>): string {
  return Object.entries(weights)
    .map(([field, weight]) => `${field}=${weight}`)
    .join(',');
}

/** `Document.body=26,Revision.body=26` → `{ 'Document.body': 26, 'Revision.body': 26 }`; `none` → `{}`. */
export function parseWeights(value: string): Record<string, number> {
  const weights: Record<string, number> = {};
  if (value.trim() === 'none') return weights;
  for (const pair of value.split(',')) {
    if (!pair.trim()) continue;
    const match = /^\s*([_A-Za-z]\w*\.[_A-Za-z]\w*)\s*=\s*(\d+)\s*$/.exec(pair);
    if (!match?.[1] || !match[2]) throw new Error(`expected Type.field=weight, got "${pair.trim()}"`);
    weights[match[1]] = Number(match[2]);
  }
  return weights;
}
