import { describe, expect, it } from 'vitest';
import { truncateUtf8 } from './suggestions.js';

describe('truncateUtf8', () => {
  it('keeps texts within the limit and cuts longer ones on a character boundary', () => {
    expect(truncateUtf8('abc', 3)).toBe('abc');
    expect(truncateUtf8('abcdef', 3)).toBe('abc');
    // "é" is two bytes: a cut through it drops it rather than leaving half a character.
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(Buffer.byteLength(truncateUtf8('€'.repeat(100), 50), 'utf8')).toBeLessThanOrEqual(50);
  });
});
