/**
 * The contract between live/'s pollers and the replicas' shared state: one
 * poller per object across replicas. live/poller.ts uses it,
 * redis-pollers.ts implements it over Redis; it lives here, below both, so
 * shared/ never imports live/.
 */

/** What a subscriber receives: a new state, or the error that ended the stream. */
export type LiveEvent<T> = { value: T } | { error: unknown };

/**
 * The replica holding an object's lease polls and publishes each change; the
 * others follow the publications and try to take the lease over while its
 * holder renews it no more. Errors of the coordinator itself (Redis away)
 * make a replica poll on its own.
 */
export interface PollerCoordinator {
  /** Takes (or still holds) the lease of `key`; true when this replica leads. */
  acquire(key: string): Promise<boolean>;
  /** Keeps the lease; false when it was lost. */
  renew(key: string): Promise<boolean>;
  release(key: string): void;
  publish(key: string, event: LiveEvent<unknown>, terminal: boolean): void;
  /** The last event the leader published, if any. */
  last(key: string): Promise<{ event: LiveEvent<unknown>; terminal: boolean } | undefined>;
  /** Calls `listener` with each publication of `key` (once subscribed) until the returned function is called. */
  follow(key: string, listener: (event: LiveEvent<unknown>, terminal: boolean) => void): Promise<() => void>;
}
