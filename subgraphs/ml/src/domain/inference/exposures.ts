import type { EventBus, Logger } from '@ukp/kit';
import type { ModelRecord } from '../registry/model-record.js';
import { experimentKeyOf, ML_TOPICS, type ModelServedEvent, variantNameOf } from '../topics.js';
import { Lru } from './lru.js';

/**
 * Exposures this process remembers having announced. A user counts once per variant in the
 * experiment, so repeats only cost analytics a duplicate to drop; the bound keeps memory flat
 * (~100 bytes a key) however many users come by.
 */
export const MAX_ANNOUNCED_EXPOSURES = 100_000;

export interface ExposureOptions {
  bus: EventBus;
  logger: Logger;
  now: () => Date;
  capacity?: number;
}

/**
 * `ml.model_served` once per (experiment, user, variant) per process, when a signed-in user is
 * served a version under a traffic split. Fire and forget: the request never waits for the bus
 * nor fails with it; a failed publish is logged and forgotten, so the next serve tries again.
 */
export function createExposures(options: ExposureOptions) {
  const announced = new Lru<string, true>(options.capacity ?? MAX_ANNOUNCED_EXPOSURES);

  return {
    served(model: ModelRecord, userId: string): void {
      const event: ModelServedEvent = {
        experimentKey: experimentKeyOf(model.name),
        model: model.name,
        version: model.version,
        variant: variantNameOf(model.version),
        userId,
        at: options.now().toISOString(),
      };
      const key = `${event.experimentKey}\u0000${userId}\u0000${event.variant}`;
      if (announced.get(key)) return;
      announced.set(key, true);
      const forget = (error: unknown) => {
        announced.delete(key);
        options.logger.warn({ err: error, experimentKey: event.experimentKey }, 'exposure not published');
      };
      try {
        options.bus.publish(ML_TOPICS.modelServed, event).catch(forget);
      } catch (error) {
        forget(error);
      }
    },
  };
}

export type Exposures = ReturnType<typeof createExposures>;
