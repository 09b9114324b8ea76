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
import { Poller } from './poller.js';
import type { Listener, LiveEvent, LiveSource, PollerOptions } from './poller.js';

export type { LiveEvent, LiveSource, PollerCoordinator } from './poller.js';
export { LEASE_RENEW_MS, LEASE_TRY_MS } from './poller.js';

export interface LiveHubOptions extends PollerOptions {
  maxSubscriptionsPerClient: number;
}

export class LiveLimitError extends Error {
  override name = 'LiveLimitError';
}

/**
 * Whose webhooks a poller key or nudge prefix (`krea-job:<id>:<credential
 * digest>`) concerns: its kind and credential digest, `krea-job:<digest>`;
 * undefined for a prefix that names no credential (`argil-video:<id>:`).
 */
function scopeOf(key: string): string | undefined {
  const credential = key.slice(key.lastIndexOf(':') + 1);
  return credential === '' ? undefined : `${key.slice(0, key.indexOf(':'))}:${credential}`;
}

/** How long after the last webhook of a kind and credential its pollers still count as the fallback. */
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
   * never carries one tenant's data to another. Webhooks then count as
   * flowing for the credential the prefix names and those of the pollers
   * nudged, never for anyone else's. How many were nudged.
   */
  nudge(prefix: string): number {
    const now = Date.now();
    this.webhooksSeen(scopeOf(prefix), now);
    let nudged = 0;
    for (const [key, poller] of this.pollers) {
      if (!key.startsWith(prefix)) continue;
      this.webhooksSeen(scopeOf(key), now);
      poller.nudge();
      nudged++;
    }
    return nudged;
  }

  private webhooksSeen(scope: string | undefined, now: number): void {
    if (scope === undefined) return;
    // Re-inserted, so the map stays in order of the last nudge and the quiet ones go first.
    this.lastNudge.delete(scope);
    this.lastNudge.set(scope, now);
    for (const [old, at] of this.lastNudge) {
      if (now - at < WEBHOOKS_QUIET_MS) break;
      this.lastNudge.delete(old);
    }
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
    const scope = scopeOf(source.key);
    const poller: Poller<T> = new Poller(
      source,
      this.options,
      () => {
        if (this.pollers.get(source.key) === poller) this.pollers.delete(source.key);
      },
      () => scope !== undefined && Date.now() - (this.lastNudge.get(scope) ?? -Infinity) < WEBHOOKS_QUIET_MS,
    );
    this.pollers.set(source.key, poller as Poller<unknown>);
    poller.start();
    return poller;
  }
}
