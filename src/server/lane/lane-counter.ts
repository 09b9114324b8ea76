/**
 * mediagraph_lane_requests_total{lane, reason}: which lane answered each
 * request, and why yoga took it (lane.ts).
 */
import type { ClosableServices } from '../../services.js';
import { TalliedCounter } from '../../telemetry/tallied-counter.js';

const COUNTER = 'mediagraph_lane_requests_total';

const laneCounters = new WeakMap<object, TalliedCounter>();

/** One counter per registry: two gateways over one set of services share it. */
export function laneCounter(services: ClosableServices): TalliedCounter {
  const { registry } = services.metrics;
  let counter = laneCounters.get(registry);
  if (!counter) {
    counter = new TalliedCounter({
      name: COUNTER,
      help: 'HTTP requests by the lane that answered them: the compiled lane, or yoga (and why)',
      labelNames: ['lane', 'reason'],
      registry,
    });
    laneCounters.set(registry, counter);
  }
  return counter;
}
