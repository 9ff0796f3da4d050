import { pickVariant } from '@ukp/kit';
import type { ModelRecord } from '../registry/model-record.js';
import type { SplitEntry, TrafficSplit } from '../registry/traffic.js';
import { experimentKeyOf } from '../topics.js';

/** The version a call is served by; `userId` is set when a traffic split chose it (an exposure). */
export interface Routed {
  model: ModelRecord;
  splitUserId: string | null;
}

/**
 * The split's version for a user: `pickVariant("model:<name>", userId, weights)` over the split in
 * version order — the same hash analytics assigns its experiments with, so a user keeps their
 * version on every instance and across restarts while the split is unchanged.
 */
export function pickSplitEntry(name: string, split: TrafficSplit, userId: string): SplitEntry {
  const index = pickVariant(
    experimentKeyOf(name),
    userId,
    split.map((entry) => entry.weight),
  );
  const entry = split[index];
  if (!entry) throw new RangeError(`pickVariant gave ${index} for a split of ${split.length}`);
  return entry;
}
