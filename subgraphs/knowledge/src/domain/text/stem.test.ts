import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';

describe('stem (Porter)', () => {
  // Pairs from Porter's paper and the reference vocabulary: one per rule, so a broken rule fails here.
  const cases: Array<[string, string]> = [
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['falling', 'fall'],
    ['hissing', 'hiss'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['say', 'say'],
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['digitizer', 'digit'],
    ['vietnamization', 'vietnam'],
    ['operator', 'oper'],
    ['decisiveness', 'decis'],
    ['hopefulness', 'hope'],
    ['sensibiliti', 'sensibl'],
    ['triplicate', 'triplic'],
    ['formative', 'form'],
    ['electrical', 'electr'],
    ['goodness', 'good'],
    ['allowance', 'allow'],
    ['replacement', 'replac'],
    ['adjustment', 'adjust'],
    ['adoption', 'adopt'],
    ['communism', 'commun'],
    ['effective', 'effect'],
    ['cease', 'ceas'],
    ['controlling', 'control'],
    ['roll', 'roll'],
    ['generalizations', 'gener'],
    ['oscillators', 'oscil'],
  ];

  it.each(cases)('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('conflates the forms of a word the way questions and documents differ', () => {
    expect(new Set(['deploy', 'deploys', 'deployed', 'deploying', 'deployment'].map(stem))).toEqual(
      new Set(['deploy']),
    );
    expect(stem('kubernetes')).toBe(stem('kubernete'));
    expect(stem('replicas')).toBe(stem('replica'));
  });

  it('leaves short words, numbers and other scripts alone', () => {
    expect(stem('is')).toBe('is');
    expect(stem('k8s')).toBe('k8s');
    expect(stem('2024')).toBe('2024');
    expect(stem('größe')).toBe('größe');
  });
});
