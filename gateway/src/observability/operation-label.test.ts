import { describe, expect, it } from 'vitest';
import { operationNameLabels } from './operation-label.js';

describe('operation name labels', () => {
  it('keeps names up to the cap, then folds new ones into __other', () => {
    const label = operationNameLabels(2);
    expect(label('A', true)).toBe('A');
    expect(label('B', true)).toBe('B');
    expect(label('C', true)).toBe('__other');
    expect(label('A', true)).toBe('A');
  });

  it('names anonymous and unresolved operations', () => {
    const label = operationNameLabels();
    expect(label(null, true)).toBe('__anonymous');
    expect(label(null, false)).toBe('__unknown');
    expect(label('x'.repeat(101), true)).toBe('__other');
  });
});
