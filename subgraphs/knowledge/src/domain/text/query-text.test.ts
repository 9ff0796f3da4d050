import { codeOf } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { checkQueryText, QUERY_TEXT_MAX } from './query-text.js';

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    return error as { extensions?: { field?: string } };
  }
  throw new Error('expected an error');
}

describe('checkQueryText', () => {
  it('trims and turns control characters into spaces', () => {
    expect(checkQueryText('  redis\u0000cache\n ', 'query')).toBe('redis cache');
  });

  it('accepts 500 characters and rejects 501 as BAD_USER_INPUT on the field', () => {
    expect(checkQueryText('a'.repeat(QUERY_TEXT_MAX), 'query')).toHaveLength(QUERY_TEXT_MAX);
    const error = errorOf(() => checkQueryText('a'.repeat(QUERY_TEXT_MAX + 1), 'question'));
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('question');
  });

  it('rejects blank text', () => {
    for (const blank of ['', '   ', '\u0001\t']) {
      const error = errorOf(() => checkQueryText(blank, 'query'));
      expect(codeOf(error)).toBe('BAD_USER_INPUT');
      expect(error.extensions?.field).toBe('query');
    }
  });
});
