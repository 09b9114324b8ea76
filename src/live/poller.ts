/**
 * One shared poller: polls a source (or, with a coordinator, follows the
 * replica that holds its lease), backs off while nothing changes, and polls
 * at once when nudged. live/hub.ts owns the pollers and their subscribers.
 */
// The coordinator's contract (and the events it carries) sits in shared/, which implements it over Redis.
import type { LiveEvent, PollerCoordinator } from '../shared/poller-coordinator.js';

export type { LiveEvent, PollerCoordinator };

export interface LiveSource<T> {
  /** Unique per object and credential digest: equal keys share a poller. */
  key: string;
  fetch(): Promise<T>;
  statusOf(value: T): string;
  isTerminal(value: T): boolean;
}

/** How often a leader renews its lease, and a follower tries to take it (the lease lives 5 s). */
export const LEASE_RENEW_MS = 1_500;
export const LEASE_TRY_MS = 2_000;

export interface PollerOptions {
  /** With REDIS_URL: one poller per object across replicas. */
  coordinator?: PollerCoordinator | undefined;
  /**
   * While webhooks flow for a kind of object and credential (a nudge within
   * the last 10 minutes), the pollers of that credential wait at least this
   * long between polls: they are only the fallback then. @default 60000
   */
  webhookIntervalMs?: number | undefined;
  /**
   * A poller polls at most once per this window because of nudges: the
   * first nudge polls at once, later ones in the window make one poll at
   * its end. @default 1000
   */
  nudgeDebounceMs?: number | undefined;
  intervalMs: number;
  /** The interval grows ×2 per unchanged poll up to this. */
  maxIntervalMs: number;
}

export interface Listener<T> {
  push(event: LiveEvent<T>): unknown;
  stop(): unknown;
}

export class Poller<T> {
  readonly listeners = new Set<Listener<T>>();
  last: LiveEvent<T> | undefined;
  finished = false;
  private status: string | undefined;
  private interval: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly source: LiveSource<T>,
    private readonly options: PollerOptions,
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
    clearTimeout(this.nudgeTimer);
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
  private lastNudgedPoll = -Infinity;
  private nudgeTimer: NodeJS.Timeout | undefined;

  /**
   * Something changed upstream (a webhook said so): poll now, back at the
   * first interval; but at most once per debounce window, so a burst of
   * deliveries (or replays) costs one GET, not one each.
   */
  nudge(): void {
    // A follower hears from the leader, which has been nudged too.
    if (this.finished || !this.leading) return;
    this.interval = this.options.intervalMs;
    const wait = this.lastNudgedPoll + (this.options.nudgeDebounceMs ?? 1_000) - Date.now();
    if (wait <= 0) return this.pollNudged();
    this.nudgeTimer ??= setTimeout(() => {
      this.nudgeTimer = undefined;
      this.pollNudged();
    }, wait);
  }

  private pollNudged(): void {
    if (this.finished || !this.leading) return;
    this.lastNudgedPoll = Date.now();
    if (this.polling) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.poll();
  }
}
