/**
 * Idempotency keys of paid operations across replicas (REDIS_URL): the first
 * replica to claim a key (SET NX under `mediagraph:idempotency:<digest>`)
 * runs the call and stores its outcome; the others read it, waiting while it
 * is pending. In the same process the local store already shares one
 * promise, so only the first caller of a replica touches Redis. Outcomes
 * follow the in-process rules: a refusal frees the key, a result or an
 * ambiguous failure stays 24 hours.
 *
 * While Redis is away no replica can know whether another already sent the
 * call, so a keyed call is refused (IdempotencyUnavailableError, retryable,
 * nothing sent) rather than each replica deciding alone.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  IdempotencyConflictError,
  IdempotencyUnavailableError,
  isDefiniteRefusal,
  providerOfScope,
} from '../idempotency.js';
import type { IdempotencyScope, IdempotencyStore, InProcessIdempotencyStore } from '../idempotency.js';
import { ProviderError, isProviderError } from '../providers/errors.js';
import type { ProviderErrorKind, ProviderName } from '../providers/errors.js';
import type { RedisLink } from './redis-link.js';

const digest = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 40);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes KEYS[1] while it holds exactly ARGV[1]. */
const RELEASE_CLAIM = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/** Claims whose SET got no answer are remembered (at most this many) to be undone once Redis answers. */
const MAX_UNANSWERED_CLAIMS = 1_000;

interface StoredOutcome {
  fingerprint: string;
  state: 'pending' | 'done' | 'failed';
  /** A pending claim's own id, so only its claimant can undo it. */
  claim?: string;
  value?: unknown;
  error?: { provider: ProviderName; kind: ProviderErrorKind; message: string };
}

export class RedisIdempotencyStore implements IdempotencyStore {
  /** Key to claim text, for claims that may have landed after their SET timed out. */
  private readonly unanswered = new Map<string, string>();

  constructor(
    private readonly link: RedisLink,
    private readonly local: InProcessIdempotencyStore,
    private readonly ttlMs: number,
    private readonly waitMs: number,
  ) {
    link.onUp(() => this.undoUnanswered());
  }

  run<T>(scope: IdempotencyScope, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    return this.local.run(scope, key, fingerprint, () => this.shared(scope, key, fingerprint, start));
  }

  private async shared<T>(
    scope: IdempotencyScope,
    key: string,
    fingerprint: string,
    start: () => Promise<T>,
  ): Promise<T> {
    const provider = providerOfScope(scope);
    if (!this.link.up) throw new IdempotencyUnavailableError(provider);
    const id = `mediagraph:idempotency:${digest(`${scope}\n${key}`)}`;
    const pending: StoredOutcome = { fingerprint, state: 'pending', claim: randomUUID() };
    const text = JSON.stringify(pending);
    let claimed: string | null;
    try {
      claimed = await this.link.client.set(id, text, 'PX', this.ttlMs, 'NX');
    } catch {
      // No answer: the claim may still land, and would hold the key for nobody.
      this.rememberUnanswered(id, text);
      throw new IdempotencyUnavailableError(provider);
    }
    if (claimed === 'OK') return this.runClaimed(id, fingerprint, provider, start);
    const other = await this.awaitOther<T>(id, fingerprint, provider);
    // The other replica's call was refused and the key freed: this call may claim it.
    return 'value' in other ? other.value : this.shared(scope, key, fingerprint, start);
  }

  private async runClaimed<T>(
    id: string,
    fingerprint: string,
    provider: ProviderName,
    start: () => Promise<T>,
  ): Promise<T> {
    const client = this.link.client;
    try {
      const value = await start();
      const done: StoredOutcome = { fingerprint, state: 'done', value };
      await client.set(id, JSON.stringify(done), 'PX', this.ttlMs).catch(() => undefined);
      return value;
    } catch (error) {
      if (isDefiniteRefusal(error)) {
        await client.del(id).catch(() => undefined);
      } else {
        const failed: StoredOutcome = {
          fingerprint,
          state: 'failed',
          error: isProviderError(error)
            ? { provider: error.provider, kind: error.kind, message: error.message.replace(/^[^:]+: /, '') }
            : { provider, kind: 'unavailable', message: 'the first call failed' },
        };
        await client.set(id, JSON.stringify(failed), 'PX', this.ttlMs).catch(() => undefined);
      }
      throw error;
    }
  }

  private async awaitOther<T>(
    id: string,
    fingerprint: string,
    provider: ProviderName,
  ): Promise<{ value: T } | { freed: true }> {
    const deadline = Date.now() + this.waitMs;
    for (let wait = 10; Date.now() < deadline; wait = Math.min(wait * 2, 200)) {
      let text: string | null;
      try {
        if (!this.link.up) throw new Error('redis unavailable');
        text = await this.link.client.get(id);
      } catch {
        throw new IdempotencyUnavailableError(provider);
      }
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
    throw new ProviderError(provider, 'timeout', 'the first call with this idempotencyKey has not finished');
  }

  private rememberUnanswered(id: string, text: string): void {
    if (this.unanswered.size < MAX_UNANSWERED_CLAIMS) this.unanswered.set(id, text);
  }

  /** Undoes the claims that got no answer (only where they still hold the key as they were written). */
  private undoUnanswered(): void {
    for (const [id, text] of this.unanswered) {
      this.unanswered.delete(id);
      this.link.client.eval(RELEASE_CLAIM, 1, id, text).catch(() => this.rememberUnanswered(id, text));
    }
  }
}
