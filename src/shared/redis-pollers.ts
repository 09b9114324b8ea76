/**
 * One poller per watched object across replicas (poller-coordinator.ts's
 * PollerCoordinator over Redis): the replica holding an object's lease
 * (`mediagraph:lease:<digest>`, POLLER_LEASE_MS) polls and publishes each
 * change on `mediagraph:live:<digest>`, keeping the last one for followers
 * who join later. Every call fails fast while Redis is away and within the
 * link's deadline when it hangs; the hub then polls on its own.
 */
import { createHash } from 'node:crypto';
import type { LiveEvent, PollerCoordinator } from './poller-coordinator.js';
import { ProviderError, isProviderError } from '../providers/errors.js';
import type { ProviderErrorKind, ProviderName } from '../providers/errors.js';
import type { RedisLink } from './redis-link.js';

/** How long a poller lease lives unrenewed: a replica that died mid-watch is replaced within this and one try. */
export const POLLER_LEASE_MS = 5_000;

/** Renews KEYS[1] for ARGV[2] ms while ARGV[1] holds it. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** Deletes KEYS[1] while ARGV[1] holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);

/** The provider a live source's key is about: keys are `<provider>-<kind>:…` (live/watch.ts). */
const providerOfKey = (key: string): ProviderName => key.slice(0, Math.max(0, key.indexOf('-')));

type Decoded = { event: LiveEvent<unknown>; terminal: boolean };

/** A live event as JSON: values are plain models; errors keep what their code needs. */
function encodeEvent(key: string, event: LiveEvent<unknown>, terminal: boolean): string {
  if ('value' in event) return JSON.stringify({ value: event.value, terminal });
  const error = event.error;
  const described = isProviderError(error)
    ? { provider: error.provider, kind: error.kind, message: error.message.replace(/^[^:]+: /, '') }
    : { provider: providerOfKey(key), kind: 'unavailable' as ProviderErrorKind, message: 'watching failed' };
  return JSON.stringify({ error: described, terminal });
}

function decodeEvent(text: string): Decoded | undefined {
  try {
    const parsed = JSON.parse(text) as {
      value?: unknown;
      error?: { provider: ProviderName; kind: ProviderErrorKind; message: string };
      terminal: boolean;
    };
    if (parsed.error) {
      const { provider, kind, message } = parsed.error;
      return { event: { error: new ProviderError(provider, kind, message) }, terminal: parsed.terminal };
    }
    return { event: { value: parsed.value }, terminal: parsed.terminal };
  } catch {
    return undefined;
  }
}

export function redisPollerCoordinator(link: RedisLink, replica: string): PollerCoordinator {
  const { client, subscriber } = link;
  const followers = new Map<string, Set<(event: LiveEvent<unknown>, terminal: boolean) => void>>();
  subscriber.on('message', (channel: string, message: string) => {
    const listeners = followers.get(channel);
    const decoded = listeners && decodeEvent(message);
    if (decoded) for (const listener of listeners) listener(decoded.event, decoded.terminal);
  });
  const lease = (key: string) => `mediagraph:lease:${digest(key)}`;
  const channel = (key: string) => `mediagraph:live:${digest(key)}`;
  const lastKey = (key: string) => `mediagraph:live-last:${digest(key)}`;
  const reachable = () => {
    if (!link.up) throw new Error('redis unavailable');
  };
  return {
    acquire: async (key) => {
      reachable();
      const taken = await client.set(lease(key), replica, 'PX', POLLER_LEASE_MS, 'NX');
      if (taken === 'OK') return true;
      return (await client.get(lease(key))) === replica;
    },
    renew: async (key) => {
      reachable();
      return (await client.eval(RENEW, 1, lease(key), replica, POLLER_LEASE_MS)) === 1;
    },
    release: (key) => void client.eval(RELEASE, 1, lease(key), replica).catch(() => undefined),
    publish: (key, event, terminal) => {
      if (!link.up) return;
      const text = encodeEvent(key, event, terminal);
      client
        .multi()
        .set(lastKey(key), text, 'PX', 10 * 60_000)
        .publish(channel(key), text)
        .exec()
        .catch(() => undefined);
    },
    last: async (key) => {
      reachable();
      const text = await client.get(lastKey(key));
      return text === null ? undefined : decodeEvent(text);
    },
    follow: async (key, listener) => {
      reachable();
      const name = channel(key);
      const set = followers.get(name) ?? new Set();
      followers.set(name, set);
      set.add(listener);
      const unfollow = () => {
        set.delete(listener);
        if (set.size === 0 && followers.get(name) === set) {
          followers.delete(name);
          link.unsubscribe(name);
        }
      };
      try {
        await link.subscribe(name);
      } catch (error) {
        // Not following after all (the hub polls on its own): nothing to keep.
        unfollow();
        throw error;
      }
      return unfollow;
    },
  };
}
