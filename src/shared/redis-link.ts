/**
 * A replica's two Redis connections (commands, and pub/sub) and whether
 * Redis answers (`up`, read by `mediagraph_redis_up` and `/readyz`).
 *
 * Every command has a deadline (REDIS_COMMAND_TIMEOUT_MS): a Redis that
 * hangs with its sockets still open (a stopped process, a stalled host) fails
 * each command within it instead of holding its caller, and the connection
 * that waited is dropped, so `up` turns false until a reconnect's ready check
 * gets an answer again. A PING a second finds a hang while nothing else is
 * sent. A command given up on is never sent again after a reconnect (it may
 * be a claim or a lease its caller no longer waits for).
 */
import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from '../logger.js';

/** ioredis (CommonJS), loaded with the first link: a gateway without REDIS_URL never loads it. */
const load = createRequire(import.meta.url);

/** REDIS_COMMAND_TIMEOUT_MS's default (config.ts). */
const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1_000;

export interface RedisLinkOptions {
  url: string;
  logger: Logger;
  /** How long one command may take before it fails and Redis counts as away. @default 1000 */
  commandTimeoutMs?: number | undefined;
  /** How often an idle link checks that Redis still answers. @default 1000 */
  probeMs?: number | undefined;
}

export class RedisLink {
  readonly client: Redis;
  readonly subscriber: Redis;
  private readonly logger: Logger;
  private readonly upListeners: Array<() => void> = [];
  private readonly probing = new Set<Redis>();
  /** The channels the subscriber should be on, whatever its connection went through. */
  private readonly channels = new Set<string>();
  private readonly probe: NodeJS.Timeout;
  /** What was last logged, so a flapping link logs its changes, not every retry. */
  private reported: 'up' | 'down' | undefined;

  constructor(options: RedisLinkOptions) {
    this.logger = options.logger;
    const deadline = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
    const settings: RedisOptions = {
      commandTimeout: deadline,
      // A socket that gets no answer within the deadline is dropped: `up` follows.
      socketTimeout: deadline,
      autoResendUnfulfilledCommands: false,
      // Fail fast while Redis is away (callers fall back); reconnect in the background.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: Math.max(deadline, 2_000),
      retryStrategy: (times: number) => Math.min(times * 200, 2_000),
    };
    const { Redis: Client } = load('ioredis') as typeof import('ioredis');
    this.client = new Client(options.url, settings);
    // Subscriptions made while it reconnects wait for it (each within the deadline). Its channels
    // are subscribed again by `resubscribe`, not by ioredis, whose own resubscription has no
    // handler: under a hung Redis its timeout was an unhandled rejection, which ends the process.
    this.subscriber = new Client(options.url, { ...settings, enableOfflineQueue: true, autoResubscribe: false });
    this.subscriber.on('ready', () => this.resubscribe());
    // `up` follows the command connection; the subscriber's retries say the same again.
    this.client.on('error', (error: Error) => this.down(error.message));
    this.subscriber.on('error', (error: Error) => this.logger.debug({ redis: error.message }, 'redis subscriber'));
    this.client.on('close', () => this.down('connection closed'));
    this.client.on('ready', () => this.ready());
    this.probe = setInterval(() => this.ping(), options.probeMs ?? 1_000);
    this.probe.unref();
  }

  /** True while the command connection is up and answering. */
  get up(): boolean {
    return this.client.status === 'ready';
  }

  /** Calls `listener` each time Redis answers again after being away. */
  onUp(listener: () => void): void {
    this.upListeners.push(listener);
  }

  /** Subscribes to `channel` now and after every reconnect; rejects when Redis does not answer now. */
  async subscribe(channel: string): Promise<void> {
    this.channels.add(channel);
    await this.subscriber.subscribe(channel);
  }

  unsubscribe(channel: string): void {
    this.channels.delete(channel);
    this.subscriber.unsubscribe(channel).catch(() => undefined);
  }

  private resubscribe(): void {
    if (this.channels.size > 0) this.subscriber.subscribe(...this.channels).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.probe);
    this.reported = 'down';
    await Promise.allSettled([this.client.quit(), this.subscriber.quit()]);
    this.client.disconnect();
    this.subscriber.disconnect();
  }

  private ping(): void {
    for (const connection of [this.client, this.subscriber]) {
      if (connection.status !== 'ready' || this.probing.has(connection)) continue;
      this.probing.add(connection);
      connection
        .ping()
        .catch(() => undefined)
        .finally(() => this.probing.delete(connection));
    }
  }

  private down(reason: string): void {
    if (this.reported === 'down') return;
    this.reported = 'down';
    this.logger.warn({ redis: reason }, 'redis unavailable');
  }

  private ready(): void {
    const wasAway = this.reported === 'down';
    this.reported = 'up';
    if (!wasAway) return;
    this.logger.info('redis available');
    for (const listener of this.upListeners) listener();
  }
}
