/**
 * Idempotency keys for operations that cost money (a generation). The same
 * key with the same credential within the TTL gets the first call's job,
 * also while that call is still in flight, without a second upstream POST;
 * the same key with another input is refused. Keys are scoped by a digest of
 * the credential (tenants never share), never the credential itself.
 *
 * What is kept of a failure: a refusal the provider answered (a 4xx: no job
 * was made) is forgotten, so the caller may fix the input and try again with
 * the key; a failure that leaves it unknown whether a job was made (a
 * timeout, a dropped connection) is kept, so a retry cannot start a second
 * job by accident.
 *
 * In process here; with REDIS_URL, shared/redis-idempotency.ts shares keys
 * between replicas through the same interface.
 */
import { isUnsentRefusal } from './credits/errors.js';
import { ProviderError, isProviderError } from './providers/errors.js';
import type { ProviderName } from './providers/errors.js';

/** Whose keys: the provider, then a digest of the credential (`krea:<digest>`). */
export type IdempotencyScope = `${ProviderName}:${string}`;

export interface IdempotencyStore {
  /** `start()` once per (scope, key) within the TTL; later callers share its outcome. */
  run<T>(scope: IdempotencyScope, key: string, fingerprint: string, start: () => Promise<T>): Promise<T>;
}

export const providerOfScope = (scope: IdempotencyScope): ProviderName => scope.slice(0, scope.indexOf(':'));

export class IdempotencyConflictError extends Error {
  override name = 'IdempotencyConflictError';
}

/**
 * The shared store (Redis) cannot be reached, so no replica can tell whether
 * another already sent this key's call: nothing was sent, and the same key
 * may be tried again shortly (UPSTREAM_UNAVAILABLE, `retryAfterSeconds`).
 */
export class IdempotencyUnavailableError extends ProviderError {
  override name = 'IdempotencyUnavailableError';
  constructor(provider: ProviderName) {
    super(provider, 'unavailable', 'not sent: the idempotency store is unreachable, retry with the same key shortly', {
      retryAfterSeconds: 1,
    });
  }
}

interface Entry {
  fingerprint: string;
  outcome: Promise<unknown>;
  expiresAt: number;
}

/** A failure after which no job can have been made: the key may be used again. */
export function isDefiniteRefusal(error: unknown): boolean {
  return (
    error instanceof IdempotencyUnavailableError ||
    // Refused for credits before anything was sent (credits/errors.ts).
    isUnsentRefusal(error) ||
    (isProviderError(error) &&
      ['bad-request', 'unauthenticated', 'insufficient-credits', 'rate-limited', 'not-found'].includes(error.kind))
  );
}

export class InProcessIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = 24 * 60 * 60 * 1000,
    private readonly maxEntries = 100_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  run<T>(scope: IdempotencyScope, key: string, fingerprint: string, start: () => Promise<T>): Promise<T> {
    const id = `${scope}\n${key}`;
    const at = this.now();
    this.prune(at);
    const existing = this.entries.get(id);
    if (existing && existing.expiresAt > at) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new IdempotencyConflictError('This idempotencyKey was used with another input'));
      }
      return existing.outcome as Promise<T>;
    }
    const outcome = start();
    const entry: Entry = { fingerprint, outcome, expiresAt: at + this.ttlMs };
    this.entries.delete(id);
    this.entries.set(id, entry);
    outcome.catch((error: unknown) => {
      if (isDefiniteRefusal(error) && this.entries.get(id) === entry) this.entries.delete(id);
    });
    return outcome;
  }

  /** Entries are in insertion order, so the expired ones are at the front. */
  private prune(at: number): void {
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > at && this.entries.size < this.maxEntries) break;
      this.entries.delete(id);
    }
  }
}
