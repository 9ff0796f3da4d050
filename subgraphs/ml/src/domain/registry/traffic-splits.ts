import type { MlDeps } from '../deps.js';
import { FEEDBACK_TOPICS } from '../feedback/feedback.js';
import type { SplitCache } from '../inference/split-cache.js';
import {
  experimentKeyOf,
  ML_TOPICS,
  type SplitChangedEvent,
  type TrafficSplitSetEvent,
  variantNameOf,
} from '../topics.js';
import type { ModelRecord } from './model-record.js';
import { replaceSplit } from './traffic.js';
import { checkSplitInput, type VersionWeight } from './traffic-input.js';

export interface SetSplitInput {
  name: string;
  split: readonly VersionWeight[];
  actor: string;
}

/**
 * `setTrafficSplit`: the split replaced in one transaction, then, once committed, this instance's
 * split cache forgotten (the next request here routes by the new split), `ml.split_changed` for
 * the other instances, and `ml.traffic_split_set` for analytics, which runs the split as the
 * experiment `model:<name>` whose conversions are accepted suggestions.
 */
export function createTrafficSplits(deps: MlDeps, cache: SplitCache) {
  async function announce<T>(topic: string, event: T, what: string): Promise<void> {
    await deps.bus.publish(topic, event).catch((error: unknown) => {
      deps.logger.warn({ err: error, topic }, `${what} not announced`);
    });
  }

  return {
    /** Returns the split's versions in the order given; an empty split ends it (and returns []). */
    async set(input: SetSplitInput): Promise<ModelRecord[]> {
      checkSplitInput(input.split);
      const entries = await replaceSplit(deps.db, { name: input.name, split: input.split, now: deps.now() });
      cache.invalidate(input.name);
      await announce<SplitChangedEvent>(
        ML_TOPICS.splitChanged,
        { name: input.name },
        'traffic split change (other instances see it within a minute)',
      );
      const variants = [...entries]
        .sort((a, b) => a.model.version - b.model.version)
        .map(({ model, weight }) => ({ name: variantNameOf(model.version), version: model.version, weight }));
      await announce<TrafficSplitSetEvent>(
        ML_TOPICS.trafficSplitSet,
        {
          name: input.name,
          experimentKey: experimentKeyOf(input.name),
          metric: FEEDBACK_TOPICS.accepted,
          variants,
          actorId: input.actor,
          at: deps.now().toISOString(),
        },
        'traffic split experiment',
      );
      deps.logger.info({ name: input.name, variants, actor: input.actor }, 'traffic split set');
      return entries.map((entry) => entry.model);
    },
  };
}

export type TrafficSplits = ReturnType<typeof createTrafficSplits>;
