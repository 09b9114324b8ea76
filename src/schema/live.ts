/** A live event's value for a subscription's `resolve`; a polling error ends the stream as that event's error. */
import type { LiveEvent } from '../live/hub.js';

export function liveValue<T>(event: LiveEvent<T>): T {
  if ('error' in event) throw event.error;
  return event.value;
}
