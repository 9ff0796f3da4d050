import { collectDefaultMetrics, Registry } from 'prom-client';

let shared: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event-loop lag, GC) with the `ukp_` prefix, in one
 * registry per process rather than per gateway: they describe the process, and each collection
 * installs a GC observer and an event-loop monitor that are never removed, so one per gateway
 * would pile up in a test process that starts many. It is not prom-client's global registry.
 */
export function processRegistry(): Registry {
  if (!shared) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared, prefix: 'ukp_' });
  }
  return shared;
}
