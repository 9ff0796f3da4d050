import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

describe('splitSentences', () => {
  it('splits on full stops, question and exclamation marks before a capital or digit', () => {
    expect(splitSentences('Redis is fast. Is it durable? Yes! 3 replicas run.')).toEqual([
      'Redis is fast.',
      'Is it durable?',
      'Yes!',
      '3 replicas run.',
    ]);
  });

  it('does not split after abbreviations, initials, decimals or before lower case', () => {
    expect(splitSentences('Use a cache, e.g. Redis or Memcached. Version 2.5 is out.')).toEqual([
      'Use a cache, e.g. Redis or Memcached.',
      'Version 2.5 is out.',
    ]);
    expect(splitSentences('Written by J. Smith in 2020. the end')).toEqual([
      'Written by J. Smith in 2020. the end',
    ]);
  });

  it('keeps closing quotes and brackets with their sentence', () => {
    expect(splitSentences('He said "stop." Then left.')).toEqual(['He said "stop."', 'Then left.']);
  });

  it('returns the text itself when there is no boundary, and nothing for blank text', () => {
    expect(splitSentences('no boundary here')).toEqual(['no boundary here']);
    expect(splitSentences('   ')).toEqual([]);
  });
});
