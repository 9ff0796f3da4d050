import { describe, expect, it } from 'vitest';
import { cacheHintFromHeader } from './cache-hint.js';

describe('cacheHintFromHeader', () => {
  it('reads max-age and scope', () => {
    expect(cacheHintFromHeader('max-age=30, public')).toEqual({ maxAge: 30, scope: 'PUBLIC' });
    expect(cacheHintFromHeader('max-age=60, private')).toEqual({ maxAge: 60, scope: 'PRIVATE' });
    expect(cacheHintFromHeader('Max-Age=5')).toEqual({ maxAge: 5, scope: 'PUBLIC' });
  });

  it('treats a missing, refusing or unreadable header as not cacheable', () => {
    for (const header of [
      undefined,
      '',
      'no-store',
      'max-age=30, no-cache',
      'public',
      'max-age=-1',
      'max-age=x',
    ])
      expect(cacheHintFromHeader(header)).toEqual({ maxAge: 0 });
  });
});
