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

export interface LiveHubOptions {
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
  ) {
    this.interval = options.intervalMs;
  }

  start(): void {
    void this.poll();
  }

  stop(): void {
    clearTimeout(this.timer);
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
    for (const listener of this.listeners) void listener.push(event);
    if (terminal) {
      this.stop();
      for (const listener of this.listeners) void listener.stop();
      return;
    }
    this.schedule();
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.poll(), this.interval);
  }

  private polling = false;
  private again = false;

  /** Something changed upstream (a webhook said so): poll now, back at the first interval. */
  nudge(): void {
    if (this.finished) return;
    this.interval = this.options.intervalMs;
    if (this.polling) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    void this.poll();
  }
}

export class LiveHub {
  private readonly pollers = new Map<string, Poller<unknown>>();
  private readonly perClient = new Map<string, number>();

  constructor(private readonly options: LiveHubOptions) {}

  /**
   * Polls now every poller whose key starts with `prefix` (`krea-job:<id>:`
   * for every credential, or one credential's): the webhook path. Each poll
   * re-reads the object with its own subscribers' credential, so a delivery
   * never carries one tenant's data to another. How many were nudged.
   */
  nudge(prefix: string): number {
    let nudged = 0;
    for (const [key, poller] of this.pollers) {
      if (!key.startsWith(prefix)) continue;
      poller.nudge();
      nudged++;
    }
    return nudged;
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
    const poller: Poller<T> = new Poller(source, this.options, () => {
      if (this.pollers.get(source.key) === poller) this.pollers.delete(source.key);
    });
    this.pollers.set(source.key, poller as Poller<unknown>);
    poller.start();
    return poller;
  }
}
