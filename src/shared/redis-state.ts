/**
 * What replicas share through Redis when REDIS_URL is set (ioredis), one
 * module per concern:
 *
 * - redis-link.ts: the connections, every command's deadline, and `up`;
 * - nudges (here): a webhook taken by any replica makes the pollers of that
 *   object poll now on every replica (pub/sub channel `mediagraph:nudge`),
 *   and a webhook id is taken once across replicas;
 * - redis-budget.ts: the upstream concurrency budget per provider and
 *   credential digest;
 * - redis-pollers.ts: one poller per watched object;
 * - redis-idempotency.ts: idempotency keys of paid operations;
 * - redis-response-cache.ts: the response cache (RESPONSE_CACHE_TTL_MS);
 * - redis-credits.ts: each subject's credits per day, and the jobs they paid for;
 * - redis-token-bindings.ts: which jobs each minted webhook token was bound to.
 *
 * Redis only ever holds digests of credentials and of client-chosen keys
 * (and, with the response cache, answers under hashed keys). When Redis is
 * unreachable or hangs, each command fails within its deadline, reads fall
 * back to the replica's own state (as without REDIS_URL), keyed generations
 * are refused with a retryable error, and `mediagraph_redis_up` reads 0; when
 * it answers again, sharing resumes by itself.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IdempotencyStore, InProcessIdempotencyStore } from '../idempotency.js';
import type { PollerCoordinator } from './poller-coordinator.js';
import type { Logger } from '../logger.js';
import { redisTokenBindings } from './redis-token-bindings.js';
import type { SharedTokenBindings } from './redis-token-bindings.js';
import type { SharedBudget } from '../providers/http/budget.js';
import type { ResponseCacheStore } from './response-cache-store.js';
import type { CreditLedger } from '../credits/ledger.js';
import { RedisBudget } from './redis-budget.js';
import { RedisLedger } from './redis-credits.js';
import { RedisIdempotencyStore } from './redis-idempotency.js';
import { RedisLink } from './redis-link.js';
import { redisPollerCoordinator } from './redis-pollers.js';
import { redisStore } from './redis-response-cache.js';

const NUDGE_CHANNEL = 'mediagraph:nudge';
const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);

export interface SharedStateOptions {
  url: string;
  logger: Logger;
  /** REDIS_COMMAND_TIMEOUT_MS: each command's deadline. @default 1000 */
  commandTimeoutMs?: number | undefined;
  /** How long a budget lease lives if its replica dies mid-call. @default 60000 */
  leaseMs?: number;
}

export class SharedState implements SharedBudget {
  readonly replica = randomUUID();
  private readonly link: RedisLink;
  private readonly budget: RedisBudget;
  private readonly nudgeListeners: Array<(prefix: string) => void> = [];

  constructor(options: SharedStateOptions) {
    this.link = new RedisLink({ url: options.url, logger: options.logger, commandTimeoutMs: options.commandTimeoutMs });
    this.budget = new RedisBudget(this.link, this.replica, options.leaseMs ?? 60_000);
    const subscriber = this.link.subscriber;
    this.link.subscribe(NUDGE_CHANNEL).catch(() => undefined);
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== NUDGE_CHANNEL) return;
      const separator = message.indexOf('\n');
      if (separator < 0 || message.slice(0, separator) === this.replica) return;
      for (const listener of this.nudgeListeners) listener(message.slice(separator + 1));
    });
  }

  /** True while Redis answers (commands within their deadline). */
  get up(): boolean {
    return this.link.up;
  }

  onNudge(listener: (prefix: string) => void): void {
    this.nudgeListeners.push(listener);
  }

  /** Tells the other replicas (this one has nudged its own pollers already). */
  publishNudge(prefix: string): void {
    if (!this.up) return;
    this.link.client.publish(NUDGE_CHANNEL, `${this.replica}\n${prefix}`).catch(() => undefined);
  }

  /** The budget across replicas (redis-budget.ts). */
  withLease<T>(key: string, limit: number, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.budget.withLease(key, limit, call, signal);
  }

  /**
   * True the first time any replica sees `id` within `ttlMs` (a webhook id);
   * undefined while Redis is away (the caller's own memory decides).
   */
  async firstSighting(id: string, ttlMs: number): Promise<boolean | undefined> {
    if (!this.up) return undefined;
    try {
      return (await this.link.client.set(`mediagraph:seen:${digest(id)}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
    } catch {
      return undefined;
    }
  }

  /** One poller per object across replicas (live/hub.ts). */
  pollerCoordinator(): PollerCoordinator {
    return redisPollerCoordinator(this.link, this.replica);
  }

  /** Which jobs each webhook token was bound to, on this Redis, under a provider's `namespace` of keys. */
  tokenBindings(namespace: string): SharedTokenBindings {
    return redisTokenBindings(this.link.client, () => this.up, namespace);
  }

  /** The response cache's store on this Redis (server/response-cache.ts). */
  responseCacheStore(ttlMs: number): ResponseCacheStore {
    return redisStore(this.link.client, ttlMs, () => this.up);
  }

  /** Idempotency keys shared by the replicas; `local` shares one call within this one. */
  idempotencyStore(local: InProcessIdempotencyStore, ttlMs = 24 * 60 * 60 * 1000, waitMs = 60_000): IdempotencyStore {
    return new RedisIdempotencyStore(this.link, local, ttlMs, waitMs);
  }

  /** Credits counted once for every replica (redis-credits.ts). */
  creditLedger(): CreditLedger {
    return new RedisLedger(this.link);
  }

  close(): Promise<void> {
    return this.link.close();
  }
}
