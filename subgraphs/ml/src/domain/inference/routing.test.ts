import { pickVariant } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { ModelRecord } from '../registry/model-record.js';
import type { TrafficSplit } from '../registry/traffic.js';
import { pickSplitEntry } from './routing.js';

const model = (version: number) => ({ id: `id-${version}`, name: 'document-tags', version }) as ModelRecord;
const split = (weights: number[]): TrafficSplit =>
  weights.map((weight, i) => ({ model: model(i + 1), weight }));
const users = Array.from(
  { length: 10_000 },
  (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
);

describe('pickSplitEntry', () => {
  it('routes a user as pickVariant over model:<name> does, the same way every time', () => {
    const fifty = split([0.5, 0.5]);
    const first = users.map((u) => pickSplitEntry('document-tags', fifty, u).model.version);
    expect(users.map((u) => pickSplitEntry('document-tags', split([0.5, 0.5]), u).model.version)).toEqual(
      first,
    );
    expect(first).toEqual(users.map((u) => pickVariant('model:document-tags', u, [0.5, 0.5]) + 1));
  });

  it('keys the experiment by name: two models route a user independently', () => {
    const fifty = split([0.5, 0.5]);
    const agree = users.filter(
      (u) =>
        pickSplitEntry('document-tags', fifty, u).model === pickSplitEntry('other-model', fifty, u).model,
    ).length;
    // Not the same routing under another name: about half agree, not all.
    expect(Math.abs(agree / users.length - 0.5)).toBeLessThan(0.02);
  });

  it.each([[[0.5, 0.5]], [[0.9, 0.1]], [[0.2, 0.3, 0.5]]])(
    'routes 10,000 users within ±2 points of %j',
    (weights) => {
      const counts = weights.map(() => 0);
      for (const u of users) {
        const version = pickSplitEntry('document-tags', split(weights), u).model.version;
        counts[version - 1] = (counts[version - 1] ?? 0) + 1;
      }
      for (const [i, weight] of weights.entries())
        expect(Math.abs((counts[i] ?? 0) / users.length - weight)).toBeLessThanOrEqual(0.02);
    },
  );
});
