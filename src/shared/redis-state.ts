/**
 * What replicas share through Redis when REDIS_URL is set (ioredis):
 *
 * - nudges: a webhook taken by any replica makes the pollers of that object
 *   poll now on every replica (pub/sub channel `mediagraph:nudge`);
 * - the upstream concurrency budget per provider and credential digest,
 *   enforced atomically across replicas by a Lua script over a sorted set of
 *   leases (a lease expires if its replica dies mid-call); callers over the
 *   budget wait and retry at a paced interval, they are not failed;
 * - idempotency keys of paid operations: the first replica to claim a key
 *   runs the call, the others wait for its result;
 * - the response cache (RESPONSE_CACHE_TTL_MS): answers, and the generation
 *   of each credential digest that mutations move.
 *
 * Redis only ever holds digests of credentials and of client-chosen keys
 * (and, with the response cache, answers under hashed keys).
 * When Redis is unreachable every operation falls back to the replica's own
 * state (as without REDIS_URL) and `mediagraph_redis_up` reads 0; when it is
 * back, sharing resumes by itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { IdempotencyStore } from '../idempotency.js';
import type { LiveEvent, PollerCoordinator } from '../live/hub.js';
import { IdempotencyConflictError, InProcessIdempotencyStore } from '../idempotency.js';
import type { Logger } from '../logger.js';
import { redisStore } from './redis-response-cache.js';
import { redisKreaBindings } from './redis-krea-bindings.js';
import type { SharedKreaBindings } from '../webhooks/krea-bindings.js';
import type { ResponseCacheStore } from '../server/response-cache.js';
import { ProviderError, isProviderError } from '../providers/errors.js';
import type { ProviderErrorKind, ProviderName } from '../providers/errors.js';

const NUDGE_CHANNEL = 'mediagraph:nudge';
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Renews KEYS[1] for ARGV[2] ms while ARGV[1] holds it. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
/** Deletes KEYS[1] while ARGV[1] holds it. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** How long a poller lease lives unrenewed: a replica that died mid-watch is replaced within this and one try. */
export const POLLER_LEASE_MS = 5_000;

/** A live event as JSON: values are plain models; errors keep what their code needs. */
function encodeEvent(event: LiveEvent<unknown>, terminal: boolean): string {
  if ('value' in event) return JSON.stringify({ value: event.value, terminal });
  const error = event.error;
  const described = isProviderError(error)
    ? { provider: error.provider, kind: error.kind, message: error.message.replace(/^[^:]+: /, '') }
    : { provider: 'krea' as ProviderName, kind: 'unavailable' as ProviderErrorKind, message: 'watching failed' };
  return JSON.stringify({ error: described, terminal });
}

function decodeEvent(text: string): { event: LiveEvent<unknown>; terminal: boolean } | undefined {
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

/** Takes a lease when fewer than ARGV[2] unexpired ones exist. KEYS[1] the set; ARGV: now, limit, expiry, token. */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], 600000)
  return 1
end
return 0`;

export interface SharedStateOptions {
  url: string;
  logger: Logger;
  /** How long a budget lease lives if its replica dies mid-call. @default 60000 */
  leaseMs?: number;
  /** How long a replica waits for another's result of an idempotency key. @default 60000 */
  idempotencyWaitMs?: number;
}

export class SharedState {
  readonly replica = randomUUID();
  private readonly client: Redis;
  private readonly subscriber: Redis;
  private readonly nudgeListeners: Array<(prefix: string) => void> = [];
  private readonly followers = new Map<string, Set<(event: LiveEvent<unknown>, terminal: boolean) => void>>();
  private readonly leaseMs: number;
  private readonly logger: Logger;

  constructor(options: SharedStateOptions) {
    this.logger = options.logger;
    this.leaseMs = options.leaseMs ?? 60_000;
    // Fail fast while Redis is away (callers fall back); reconnect in the background.
    const settings = {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
      lazyConnect: false,
    };
    this.client = new Redis(options.url, settings);
    this.subscriber = new Redis(options.url, { ...settings, enableOfflineQueue: true });
    for (const connection of [this.client, this.subscriber]) {
      connection.on('error', (error: Error) => this.logger.warn({ redis: error.message }, 'redis unavailable'));
    }
    this.subscriber.on('ready', () => void this.subscriber.subscribe(NUDGE_CHANNEL).catch(() => undefined));
    this.subscriber.on('message', (channel: string, message: string) => {
      const followers = this.followers.get(channel);
      if (followers) {
        const decoded = decodeEvent(message);
        if (decoded) for (const listener of followers) listener(decoded.event, decoded.terminal);
        return;
      }
      if (channel !== NUDGE_CHANNEL) return;
      const separator = message.indexOf('\n');
      if (separator < 0 || message.slice(0, separator) === this.replica) return;
      for (const listener of this.nudgeListeners) listener(message.slice(separator + 1));
    });
  }

  /** True while the command connection is up. */
  get up(): boolean {
    return this.client.status === 'ready';
  }

  onNudge(listener: (prefix: string) => void): void {
    this.nudgeListeners.push(listener);
  }

  /** Tells the other replicas (this one has nudged its own pollers already). */
  publishNudge(prefix: string): void {
    if (!this.up) return;
    this.client.publish(NUDGE_CHANNEL, `${this.replica}\n${prefix}`).catch(() => undefined);
  }

  /**
   * Runs `call` within `limit` concurrent calls for `key` across every
   * replica. Over the budget, it waits (paced, with jitter) for a lease; with
   * Redis away it runs at once (the replica's own budget still applies).
   */
  async withLease<T>(key: string, limit: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const set = `mediagraph:budget:${key}`;
    const token = `${this.replica}:${randomUUID()}`;
    let leased = false;
    for (let wait = 2; !leased; wait = Math.min(wait * 2, 25)) {
      if (!this.up) break;
      try {
        const now = Date.now();
        leased = (await this.client.eval(ACQUIRE, 1, set, now, limit, now + this.leaseMs, token)) === 1;
      } catch {
        break;
      }
      if (leased) break;
      // The call's deadline passed while waiting: the call itself reports it.
      if (signal?.aborted) break;
      await sleep(wait + Math.random() * wait);
    }
    try {
      return await call();
    } finally {
      if (leased) this.client.zrem(set, token).catch(() => undefined);
    }
  }

  /**
   * True the first time any replica sees `id` within `ttlMs` (a webhook id);
   * undefined while Redis is away (the caller's own memory decides).
   */
  async firstSighting(id: string, ttlMs: number): Promise<boolean | undefined> {
    if (!this.up) return undefined;
    try {
      return (await this.client.set(`mediagraph:seen:${digest(id)}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch {
      return undefined;
    }
  }

  /** One poller per object across replicas (live/hub.ts). */
  pollerCoordinator(): PollerCoordinator {
    const lease = (key: string) => `mediagraph:lease:${digest(key)}`;
    const channel = (key: string) => `mediagraph:live:${digest(key)}`;
    const lastKey = (key: string) => `mediagraph:live-last:${digest(key)}`;
    return {
      acquire: async (key) => {
        if (!this.up) throw new Error('redis unavailable');
        const taken = await this.client.set(lease(key), this.replica, 'PX', POLLER_LEASE_MS, 'NX');
        if (taken === 'OK') return true;
        return (await this.client.get(lease(key))) === this.replica;
      },
      renew: async (key) => (await this.client.eval(RENEW, 1, lease(key), this.replica, POLLER_LEASE_MS)) === 1,
      release: (key) => void this.client.eval(RELEASE, 1, lease(key), this.replica).catch(() => undefined),
      publish: (key, event, terminal) => {
        if (!this.up) return;
        const text = encodeEvent(event, terminal);
        this.client
          .multi()
          .set(lastKey(key), text, 'PX', 10 * 60_000)
          .publish(channel(key), text)
          .exec()
          .catch(() => undefined);
      },
      last: async (key) => {
        const text = await this.client.get(lastKey(key));
        return text === null ? undefined : decodeEvent(text);
      },
      follow: async (key, listener) => {
        const name = channel(key);
        let set = this.followers.get(name);
        if (!set) {
          set = new Set();
          this.followers.set(name, set);
        }
        set.add(listener);
        await this.subscriber.subscribe(name);
        return () => {
          set.delete(listener);
          if (set.size === 0 && this.followers.get(name) === set) {
            this.followers.delete(name);
            void this.subscriber.unsubscribe(name).catch(() => undefined);
          }
        };
      },
    };
  }

  /** Which Krea jobs each webhook token was bound to, on this Redis (webhooks/krea-bindings.ts). */
  kreaWebhookBindings(): SharedKreaBindings {
    return redisKreaBindings(this.client, () => this.up);
  }

  /** The response cache's store on this Redis (server/response-cache.ts). */
  responseCacheStore(ttlMs: number): ResponseCacheStore {
    return redisStore(this.client, ttlMs, () => this.up);
  }

  /** An idempotency store on this Redis, falling back to `local` while Redis is away. */
  idempotencyStore(local: InProcessIdempotencyStore, ttlMs = 24 * 60 * 60 * 1000, waitMs = 60_000): IdempotencyStore {
    return new RedisIdempotencyStore(this.client, local, () => this.up, ttlMs, waitMs);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
    this.client.disconnect();
    this.subscriber.disconnect();
  }
}

interface StoredOutcome {
  fingerprint: string;
  state: 'pending' | 'done' | 'failed';
  value?: unknown;
  error?: { provider: ProviderName; kind: ProviderErrorKind; message: string };
}

const REFUSALS: ReadonlySet<ProviderErrorKind> = new Set([
  'bad-request',
  'unauthenticated',
  'insufficient-credits',
  'rate-limited',
  'not-found',
]);

/**
 * The first replica to claim a key (SET NX) runs the call and stores its
 * outcome; the others read it, waiting while it is pending. In the same
 * process the local store already shares one promise, so only the first
 * caller of a replica touches Redis. Outcomes follow the in-process rules: a
 * refusal frees the key, a result or an ambiguous failure stays 24 hours.
 */
class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: Redis,
    private readonly local: InProcessIdempotencyStore,
    private readonly up: () => boolean,
    private readonly ttlMs: number,
    private readonly waitMs: number,
  ) {}

  run<T>(scope: string, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    return this.local.run(scope, key, fingerprint, () =>
      this.up() ? this.shared(scope, key, fingerprint, start) : start(),
    );
  }

  private async shared<T>(scope: string, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    const id = `mediagraph:idempotency:${digest(`${scope}\n${key}`)}`;
    const pending: StoredOutcome = { fingerprint, state: 'pending' };
    let claimed: string | null;
    try {
      claimed = await this.client.set(id, JSON.stringify(pending), 'PX', this.ttlMs, 'NX');
    } catch {
      return start();
    }
    if (claimed === 'OK') return this.runClaimed(id, fingerprint, start);
    const other = await this.awaitOther<T>(id, fingerprint);
    // The other replica's call was refused and the key freed: this call may claim it.
    return 'value' in other ? other.value : this.shared(scope, key, fingerprint, start);
  }

  private async runClaimed<T>(id: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    try {
      const value = await start();
      const done: StoredOutcome = { fingerprint, state: 'done', value };
      await this.client.set(id, JSON.stringify(done), 'PX', this.ttlMs).catch(() => undefined);
      return value;
    } catch (error) {
      if (isProviderError(error) && REFUSALS.has(error.kind)) {
        await this.client.del(id).catch(() => undefined);
      } else {
        const failed: StoredOutcome = {
          fingerprint,
          state: 'failed',
          error: isProviderError(error)
            ? { provider: error.provider, kind: error.kind, message: error.message.replace(/^[^:]+: /, '') }
            : { provider: 'krea', kind: 'unavailable', message: 'the first call failed' },
        };
        await this.client.set(id, JSON.stringify(failed), 'PX', this.ttlMs).catch(() => undefined);
      }
      throw error;
    }
  }

  private async awaitOther<T>(id: string, fingerprint: string): Promise<{ value: T } | { freed: true }> {
    const deadline = Date.now() + this.waitMs;
    for (let wait = 10; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
      const text = await this.client.get(id);
      if (text === null) return { freed: true };
      const stored = JSON.parse(text) as StoredOutcome;
      if (stored.fingerprint !== fingerprint)
        throw new IdempotencyConflictError('This idempotencyKey was used with another input');
      if (stored.state === 'done') return { value: stored.value as T };
      if (stored.state === 'failed' && stored.error) {
        throw new ProviderError(stored.error.provider, stored.error.kind, stored.error.message);
      }
      await sleep(wait);
    }
    throw new ProviderError('krea', 'timeout', 'the first call with this idempotencyKey has not finished');
  }
}
