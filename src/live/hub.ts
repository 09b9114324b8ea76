/**
 * Live updates by polling, shared. Providers have no push API, so a watched
 * object is polled; every subscriber to the same object with the same
 * credential in this process shares one poller (the key says which), and the
 * poller stops when its last subscriber leaves or the object reaches a
 * terminal state. While nothing changes the interval backs off, so a long
 * job costs a handful of calls, not one per second.
 *
 * Knows nothing of GraphQL or HTTP: a source is a fetch function and two
 * questions about what it returns.
 */
import { Repeater } from '@repeaterjs/repeater';

export interface LiveSource<T> {
  /** Unique per object and credential digest: equal keys share a poller. */
  key: string;
  fetch(): Promise<T>;
  statusOf(value: T): string;
  isTerminal(value: T): boolean;
}

/** What a subscriber receives: a new state, or the error that ended the stream. */
export type LiveEvent<T> = { value: T } | { error: unknown };

/**
 * One poller per object across replicas (shared/redis-state.ts implements
 * it over Redis): the replica holding an object's lease polls and publishes
 * each change; the others follow the publications and try to take the lease
 * over while its holder renews it no more. Errors of the coordinator itself
 * (Redis away) make a replica poll on its own.
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

/** How often a leader renews its lease, and a follower tries to take it (the lease lives 5 s). */
export const LEASE_RENEW_MS = 1_500;
export const LEASE_TRY_MS = 2_000;

export interface LiveHubOptions {
  /** With REDIS_URL: one poller per object across replicas. */
  coordinator?: PollerCoordinator | undefined;
  /**
   * While webhooks flow for a kind of object (a nudge within the last 10
   * minutes), its pollers wait at least this long between polls: they are
   * only the fallback then. @default 60000
   */
  webhookIntervalMs?: number | undefined;
  intervalMs: number;
  /** The interval grows ×2 per unchanged poll up to this. */
  maxIntervalMs: number;
  maxSubscriptionsPerClient: number;
}

export class LiveLimitError extends Error {
  override name = 'LiveLimitError';
}

interface Listener<T> {
  push(event: LiveEvent<T>): unknown;
  stop(): unknown;
}

class Poller<T> {
  readonly listeners = new Set<Listener<T>>();
  last: LiveEvent<T> | undefined;
  finished = false;
  private status: string | undefined;
  private interval: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: LiveSource<T>,
    private readonly options: LiveHubOptions,
    private readonly onDone: () => void,
    private readonly webhooksFlowing: () => boolean = () => false,
  ) {
    this.interval = options.intervalMs;
  }

  /** True while this replica polls (alone, or holding the lease). */
  leading = true;
  private renewTimer: NodeJS.Timeout | undefined;
  private tryTimer: NodeJS.Timeout | undefined;
  private unfollow: (() => void) | undefined;

  start(): void {
    const coordinator = this.options.coordinator;
    if (!coordinator) {
      void this.poll();
      return;
    }
    void this.coordinate(coordinator);
  }

  private async coordinate(coordinator: PollerCoordinator): Promise<void> {
    const key = this.source.key;
    let leads = true;
    try {
      leads = await coordinator.acquire(key);
    } catch {
      // The coordinator is away: poll on our own.
    }
    if (this.finished) {
      if (leads) coordinator.release(key);
      return;
    }
    if (leads) return this.lead(coordinator);
    this.leading = false;
    // One key is one source on every replica: what its leader publishes is a T.
    // Subscribed before the last event is read, so nothing falls between the two.
    const unfollow = await coordinator
      .follow(key, (event, terminal) => this.receive(event as LiveEvent<T>, terminal))
      .catch(() => undefined);
    if (!unfollow) return this.lead(coordinator);
    if (this.finished || this.leading) {
      unfollow();
      return;
    }
    this.unfollow = unfollow;
    const last = await coordinator.last(key).catch(() => undefined);
    if (last && !this.last) this.receive(last.event as LiveEvent<T>, last.terminal);
    this.tryTimer = setInterval(() => {
      void coordinator.acquire(key).then(
        (now) => {
          if (now && !this.finished && !this.leading) this.lead(coordinator);
        },
        () => undefined,
      );
    }, LEASE_TRY_MS);
  }

  private lead(coordinator: PollerCoordinator): void {
    this.leading = true;
    clearInterval(this.tryTimer);
    this.unfollow?.();
    this.unfollow = undefined;
    this.renewTimer = setInterval(() => void coordinator.renew(this.source.key).catch(() => true), LEASE_RENEW_MS);
    void this.poll();
  }

  /** A change the leading replica published. */
  private receive(event: LiveEvent<T>, terminal: boolean): void {
    if (this.finished || this.leading) return;
    this.last = event;
    // Should this replica take over, it emits only what changes after this.
    if ('value' in event) this.status = this.source.statusOf(event.value);
    for (const listener of this.listeners) void listener.push(event);
    if (terminal) {
      this.stop();
      for (const listener of this.listeners) void listener.stop();
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    clearInterval(this.renewTimer);
    clearInterval(this.tryTimer);
    this.unfollow?.();
    if (this.leading && this.options.coordinator) this.options.coordinator.release(this.source.key);
    this.finished = true;
    this.onDone();
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      await this.pollOnce();
    } finally {
      this.polling = false;
    }
    if (this.again && !this.finished) {
      this.again = false;
      clearTimeout(this.timer);
      void this.poll();
    }
  }

  private async pollOnce(): Promise<void> {
    let event: LiveEvent<T>;
    let terminal = false;
    try {
      const value = await this.source.fetch();
      if (this.finished) return;
      const status = this.source.statusOf(value);
      terminal = this.source.isTerminal(value);
      if (status === this.status) {
        this.interval = Math.min(this.options.maxIntervalMs, this.interval * 2);
        this.schedule();
        return;
      }
      this.status = status;
      this.interval = this.options.intervalMs;
      event = { value };
    } catch (error) {
      if (this.finished) return;
      event = { error };
      terminal = true;
    }
    this.last = event;
    this.options.coordinator?.publish(this.source.key, event, terminal);
    for (const listener of this.listeners) void listener.push(event);
    if (terminal) {
      this.stop();
      for (const listener of this.listeners) void listener.stop();
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    const fallback = this.webhooksFlowing() ? (this.options.webhookIntervalMs ?? 60_000) : 0;
    this.timer = setTimeout(() => void this.poll(), Math.max(this.interval, fallback));
  }

  private polling = false;
  private again = false;

  /** Something changed upstream (a webhook said so): poll now, back at the first interval. */
  nudge(): void {
    // A follower hears from the leader, which has been nudged too.
    if (this.finished || !this.leading) return;
    this.interval = this.options.intervalMs;
    if (this.polling) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.poll();
  }
}

/** The kind of object a poller key or nudge prefix names (`krea-job`, `argil-video`, …). */
const kindOf = (key: string) => key.slice(0, key.indexOf(':'));

/** How long after the last webhook of a kind its pollers still count as the fallback. */
const WEBHOOKS_QUIET_MS = 10 * 60_000;

export class LiveHub {
  private readonly pollers = new Map<string, Poller<unknown>>();
  private readonly lastNudge = new Map<string, number>();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly options: LiveHubOptions) {}

  /**
   * Polls now every poller whose key starts with `prefix` (`krea-job:<id>:`
   * for every credential, or one credential's): the webhook path. Each poll
   * re-reads the object with its own subscribers' credential, so a delivery
   * never carries one tenant's data to another. How many were nudged.
   */
  nudge(prefix: string): number {
    this.lastNudge.set(kindOf(prefix), Date.now());
    let nudged = 0;
    for (const [key, poller] of this.pollers) {
      if (!key.startsWith(prefix)) continue;
      poller.nudge();
      nudged++;
    }
    return nudged;
  }

  /** Pollers of this replica that poll (not following another replica's). */
  get leadingPollers(): number {
    let leading = 0;
    for (const poller of this.pollers.values()) if (poller.leading) leading++;
    return leading;
  }

  /** Pollers running now (one per watched object and credential). */
  get activePollers(): number {
    return this.pollers.size;
  }

  /** Open subscriptions of every client together. */
  get openSubscriptions(): number {
    let total = 0;
    for (const count of this.perClient.values()) total += count;
    return total;
  }

  /**
   * The events of `source` for one subscriber: the current state first, then
   * each change, ending after a terminal state or an error. Throws
   * LiveLimitError when `client` already has its maximum open.
   */
  subscribe<T>(source: LiveSource<T>, client: string): AsyncIterableIterator<LiveEvent<T>> {
    const open = this.perClient.get(client) ?? 0;
    if (open >= this.options.maxSubscriptionsPerClient) {
      throw new LiveLimitError(
        `Too many open subscriptions for this client (at most ${this.options.maxSubscriptionsPerClient})`,
      );
    }
    this.perClient.set(client, open + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    };
    const events = new Repeater<LiveEvent<T>>(async (push, stop) => {
      const poller = this.pollerFor(source);
      const listener: Listener<T> = { push, stop };
      poller.listeners.add(listener);
      if (poller.last) void push(poller.last);
      if (poller.finished) stop();
      await stop;
      poller.listeners.delete(listener);
      if (poller.listeners.size === 0 && !poller.finished) poller.stop();
      release();
    });
    // A Repeater starts on its first next(): a subscriber that leaves before
    // that must still give its place back.
    return {
      next: () => events.next(),
      return: async (value?: unknown) => {
        const result = await events.return(value as LiveEvent<T>);
        release();
        return result;
      },
      throw: (error?: unknown) => events.throw(error),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  /** Stops every poller and ends every stream (shutdown). */
  close(): void {
    for (const poller of [...this.pollers.values()]) {
      poller.stop();
      for (const listener of poller.listeners) void listener.stop();
    }
  }

  private pollerFor<T>(source: LiveSource<T>): Poller<T> {
    const existing = this.pollers.get(source.key) as Poller<T> | undefined;
    if (existing && !existing.finished) return existing;
    const kind = kindOf(source.key);
    const poller: Poller<T> = new Poller(
      source,
      this.options,
      () => {
        if (this.pollers.get(source.key) === poller) this.pollers.delete(source.key);
      },
      () => Date.now() - (this.lastNudge.get(kind) ?? -Infinity) < WEBHOOKS_QUIET_MS,
    );
    this.pollers.set(source.key, poller as Poller<unknown>);
    poller.start();
    return poller;
  }
}
