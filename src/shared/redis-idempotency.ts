/**
 * Idempotency keys of paid operations across replicas (REDIS_URL): the first
 * replica to claim a key (SET NX under `mediagraph:idempotency:<digest>`)
 * runs the call and stores its outcome; the others read it, waiting while it
 * is pending. In the same process the local store already shares one
 * promise, so only the first caller of a replica touches Redis. Outcomes
 * follow the in-process rules: a refusal frees the key, a result or an
 * ambiguous failure stays 24 hours.
 */
import { createHash } from 'node:crypto';
import { IdempotencyConflictError } from '../idempotency.js';
import type { IdempotencyStore, InProcessIdempotencyStore } from '../idempotency.js';
import { ProviderError, isProviderError } from '../providers/errors.js';
import type { ProviderErrorKind, ProviderName } from '../providers/errors.js';
import type { RedisLink } from './redis-link.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

export class RedisIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly link: RedisLink,
    private readonly local: InProcessIdempotencyStore,
    private readonly ttlMs: number,
    private readonly waitMs: number,
  ) {}

  run<T>(scope: string, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    return this.local.run(scope, key, fingerprint, () =>
      this.link.up ? this.shared(scope, key, fingerprint, start) : start(),
    );
  }

  private async shared<T>(scope: string, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    const id = `mediagraph:idempotency:${digest(`${scope}\n${key}`)}`;
    const pending: StoredOutcome = { fingerprint, state: 'pending' };
    let claimed: string | null;
    try {
      claimed = await this.link.client.set(id, JSON.stringify(pending), 'PX', this.ttlMs, 'NX');
    } catch {
      return start();
    }
    if (claimed === 'OK') return this.runClaimed(id, fingerprint, start);
    const other = await this.awaitOther<T>(id, fingerprint);
    // The other replica's call was refused and the key freed: this call may claim it.
    return 'value' in other ? other.value : this.shared(scope, key, fingerprint, start);
  }

  private async runClaimed<T>(id: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    const client = this.link.client;
    try {
      const value = await start();
      const done: StoredOutcome = { fingerprint, state: 'done', value };
      await client.set(id, JSON.stringify(done), 'PX', this.ttlMs).catch(() => undefined);
      return value;
    } catch (error) {
      if (isProviderError(error) && REFUSALS.has(error.kind)) {
        await client.del(id).catch(() => undefined);
      } else {
        const failed: StoredOutcome = {
          fingerprint,
          state: 'failed',
          error: isProviderError(error)
            ? { provider: error.provider, kind: error.kind, message: error.message.replace(/^[^:]+: /, '') }
            : { provider: 'krea', kind: 'unavailable', message: 'the first call failed' },
        };
        await client.set(id, JSON.stringify(failed), 'PX', this.ttlMs).catch(() => undefined);
      }
      throw error;
    }
  }

  private async awaitOther<T>(id: string, fingerprint: string): Promise<{ value: T } | { freed: true }> {
    const deadline = Date.now() + this.waitMs;
    for (let wait = 10; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
      const text = await this.link.client.get(id);
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
