import { describe, expect, it } from 'vitest';
import { replaceWords, spellableWords } from './spelling.js';

describe('spellableWords', () => {
  it('lists the distinct lower-case words of 3 to 40 letters that start with a letter', () => {
    expect(spellableWords('Kubernets kubernets -dokcer "on k8s" 42abc x'.trim())).toEqual([
      'kubernets',
      'dokcer',
      'k8s',
    ]);
  });
});

describe('replaceWords', () => {
  it('replaces words and keeps the operators, quotes and spacing as typed', () => {
    const replacements = new Map([
      ['kubernets', 'kubernetes'],
      ['dokcer', 'docker'],
    ]);
    expect(replaceWords('"Kubernets  pods" or -dokcer', replacements)).toBe('"kubernetes  pods" or -docker');
    expect(replaceWords('nothing to fix', replacements)).toBe('nothing to fix');
  });
});
