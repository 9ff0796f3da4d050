import { Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';
import type { LimitsConfig } from './config.js';
import { limitError, type Rejection } from './errors.js';

/**
 * Tokens in `source` as graphql-js's parser counts them (comments and commas are skipped by the
 * lexer), stopping one past `stopAfter` so a huge document costs no more than a small one.
 * Text the lexer cannot read ends the count there: the parser reports that syntax error itself.
 */
export function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (count <= stopAfter && lexer.advance().kind !== TokenKind.EOF) count += 1;
  } catch {
    // A lexical error: the count so far is all there is.
  }
  return count;
}

/**
 * The limits that apply to the raw text, checked before anything parses it: tokens first (the
 * parse-time limit), then length (a long comment or string has few tokens but still costs).
 */
export function sourceRejection(source: string, config: LimitsConfig): Rejection | undefined {
  const tokens = countTokens(source, config.maxTokens);
  if (tokens > config.maxTokens) {
    return {
      limit: 'tokens',
      error: limitError(
        'tokens',
        config.maxTokens,
        `The document has more than ${config.maxTokens} tokens; send a smaller operation.`,
      ),
    };
  }
  return source.length > config.maxDocumentChars ? documentSizeRejection(source.length, config) : undefined;
}

function documentSizeRejection(length: number, config: LimitsConfig): Rejection {
  return {
    limit: 'documentSize',
    error: limitError(
      'documentSize',
      config.maxDocumentChars,
      `The document is ${length} characters long; the limit is ${config.maxDocumentChars}.`,
    ),
  };
}

/**
 * The length limit as a validation rule, for documents Apollo parsed itself: its parser stops
 * at the token limit but reads any length, and nothing before validation can answer with a 400.
 */
export function documentSizeRule(
  config: LimitsConfig,
  reject: (context: ValidationContext, rejection: Rejection) => void,
): ValidationRule {
  return (context) => {
    const length = context.getDocument().loc?.source.body.length ?? 0;
    if (length > config.maxDocumentChars) reject(context, documentSizeRejection(length, config));
    return {};
  };
}
