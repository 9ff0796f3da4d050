import { describe, expect, it } from 'vitest';
import { anyOf, prefixWord } from './search-syntax.js';

describe('prefixWord', () => {
  it('is the last plain word, lower-cased', () => {
    expect(prefixWord('kubern')).toBe('kubern');
    expect(prefixWord('deploy Kubern ')).toBe('kubern');
    expect(prefixWord('"docker image" or kube')).toBe('kube');
  });

  it('is null inside an open quote, for an exclusion, for `or` and for one letter', () => {
    expect(prefixWord('"docker ima')).toBeNull();
    expect(prefixWord('"docker image"')).toBeNull();
    expect(prefixWord('kubernetes -docker')).toBeNull();
    expect(prefixWord('docker or')).toBeNull();
    expect(prefixWord('docker k')).toBeNull();
  });

  it('is null for anything that is not letters and digits, so tsquery syntax cannot get in', () => {
    for (const query of ["x:*'", 'a&b', 'k8s|', 'foo)', 'drop!', 'one-two', "it's", 'a\\b']) {
      expect(prefixWord(query)).toBeNull();
    }
    expect(prefixWord('k8s')).toBe('k8s');
    expect(prefixWord('größe')).toBe('größe');
  });
});

describe('anyOf', () => {
  it('joins plain words with | and drops anything else', () => {
    expect(anyOf(['deploy', 'kubernetes'])).toBe('deploy | kubernetes');
    expect(anyOf(['ok', "x' | !y", 'a:*'])).toBe('ok');
    expect(anyOf([])).toBe('');
  });
});
