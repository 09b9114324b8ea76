/**
 * The subscriptions of one request: an object of any registered provider,
 * watched by its type name. Each poll uses a client bound to the
 * subscriber's credential but not to its request (a shared poller outlives
 * the request that started it), and pollers are keyed by a digest of that
 * credential, never the credential itself (watch.ts).
 */
import { ProviderError } from '../providers/errors.js';
import { headerTitle } from '../providers/names.js';
import type { LiveEvent, LiveHub } from './hub.js';
import { watchDigest, watchKeyPrefix } from './watch.js';
import type { Watchable, WatchPoll } from './watch.js';

/** A provider as subscriptions see it (made once per process). */
export interface WatchingProvider {
  name: string;
  /** What it can watch, by type name. */
  watchables: Readonly<Record<string, Watchable>>;
  /** For the error when a request has no credential: the header a client sends it in, the variable that configures it. */
  credentialHeader: string;
  apiKeyEnv: string;
}

/** The credentials of one request, by provider name (context.ts). */
export interface RequestCredentials {
  credentialOf(provider: string): string | undefined;
}

/** The provider that watches `typename`, and how. */
function watcherOf(
  providers: readonly WatchingProvider[],
  typename: string,
): { provider: WatchingProvider; watchable: Watchable } | undefined {
  for (const provider of providers) {
    // A type name comes from a client's global id: only the provider's own keys count.
    const watchable = Object.hasOwn(provider.watchables, typename) ? provider.watchables[typename] : undefined;
    if (watchable) return { provider, watchable };
  }
  return undefined;
}

/**
 * A class, so a request costs one small object: no closures, no getters
 * (test/per-request-objects.test.ts).
 */
export class LiveUpdates {
  constructor(
    private readonly hub: LiveHub,
    private readonly providers: readonly WatchingProvider[],
    private readonly credentials: RequestCredentials,
    /** Who is asking, for the per-client cap (an address; never logged). */
    private readonly client: string,
  ) {}

  /** The events of object `id` of `typename` (a type its provider can watch). */
  watch<T>(typename: string, id: string): AsyncIterableIterator<LiveEvent<T>> {
    const found = watcherOf(this.providers, typename);
    if (!found) throw new TypeError(`nothing watches ${typename}`);
    const { provider, watchable } = found;
    const credential = this.credentials.credentialOf(provider.name);
    if (credential === undefined) {
      throw new ProviderError(
        provider.name,
        'unauthenticated',
        `no credential: send ${headerTitle(provider.credentialHeader)} or configure ${provider.apiKeyEnv}`,
      );
    }
    // The caller names the type, and so what it polls.
    const poll = watchable.poll(id, credential) as WatchPoll<T>;
    // The cap counts per client address and the credential the subscription
    // polls with: a header it does not use changes nothing.
    return this.hub.subscribe<T>(
      { key: `${watchKeyPrefix(provider.name, watchable.kind, id)}${watchDigest(credential)}`, ...poll },
      watchDigest(`${credential}\n${this.client}`),
    );
  }
}
