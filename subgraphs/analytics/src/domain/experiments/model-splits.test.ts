import { describe, expect, it } from 'vitest';
import type { TrafficSplit } from '../ingest/types.js';
import { archivedExperimentKey, isModelExperimentKey } from './model-experiments.js';
import { type SplitState, splitChange } from './model-splits.js';

const T0 = new Date('2026-04-01T10:00:00.000Z');
const T1 = new Date('2026-04-01T11:00:00.000Z');
const A = [
  { name: 'v1', weight: 0.5 },
  { name: 'v2', weight: 0.5 },
];
const B = [
  { name: 'v1', weight: 0.9 },
  { name: 'v2', weight: 0.1 },
];

const split = (variants: TrafficSplit['variants'], at = T1): TrafficSplit => ({
  experimentKey: 'model:m',
  metric: 'ml.suggestion_accepted',
  variants,
  actorId: 'admin',
  at,
});
const running = (variants = A): SplitState => ({
  status: 'RUNNING',
  variants,
  metric: 'ml.suggestion_accepted',
  createdAt: T0,
  concludedAt: null,
});
const concluded: SplitState = { ...running(), status: 'CONCLUDED', concludedAt: T0 };

describe('splitChange', () => {
  it('creates the experiment of a first split, and ignores the end of one never seen', () => {
    expect(splitChange(undefined, split(A))).toBe('create');
    expect(splitChange(undefined, split([]))).toBe('none');
  });

  it('leaves a running experiment alone when the split is the same (weights equal up to rounding)', () => {
    expect(splitChange(running(), split(A))).toBe('none');
    expect(
      splitChange(
        running([
          { name: 'v1', weight: 0.1 + 0.2 },
          { name: 'v2', weight: 0.7 },
        ]),
        split([
          { name: 'v1', weight: 0.3 },
          { name: 'v2', weight: 0.7 },
        ]),
      ),
    ).toBe('none');
  });

  it('replaces it when weights, variants, their order or the metric change, or after an end', () => {
    expect(splitChange(running(), split(B))).toBe('replace');
    expect(splitChange(running(), split([A[1]!, A[0]!]))).toBe('replace'); // another control
    expect(splitChange(running(), split([...A.slice(0, 1), { name: 'v3', weight: 0.5 }]))).toBe('replace');
    expect(splitChange(running(), { ...split(A), metric: 'ml.other' })).toBe('replace');
    expect(splitChange(concluded, split(A))).toBe('replace');
  });

  it('concludes a running experiment when its split ends, once', () => {
    expect(splitChange(running(), split([]))).toBe('conclude');
    expect(splitChange(concluded, split([]))).toBe('none');
  });

  it('ignores a split no newer than the last change: a redelivery or a late event cannot undo a newer one', () => {
    expect(splitChange(running(), split(B, T0))).toBe('none');
    expect(splitChange(running(), split([], new Date(T0.getTime() - 1)))).toBe('none');
    expect(splitChange(concluded, split(B, T0))).toBe('none');
  });
});

describe('model experiment keys', () => {
  it('archive under the epoch ms of the change, a key the API still reads', () => {
    const archived = archivedExperimentKey(`model:${'m'.repeat(80)}`, T1);
    expect(archived).toBe(`model:${'m'.repeat(80)}:${T1.getTime()}`);
    expect(archived.length).toBeLessThanOrEqual(100);
    expect(isModelExperimentKey(`model:${'m'.repeat(80)}`)).toBe(true);
    expect(isModelExperimentKey(`model:${'m'.repeat(81)}`)).toBe(false);
    expect(isModelExperimentKey('checkout')).toBe(false);
  });
});
