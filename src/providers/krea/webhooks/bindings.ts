/**
 * Which Krea jobs each webhook token was minted for. A token is minted
 * before the POST (Krea names the job only in its answer), so the job ids
 * are bound to the token's nonce once the POST answers; a delivery whose job
 * is not bound to its token is refused (receiver.ts). With REDIS_URL the
 * bindings are shared, so any replica can take a delivery; while Redis is
 * away, a replica knows only its own (the fallback poll covers the rest).
 */
import type { SharedTokenBindings } from '../../../shared/redis-token-bindings.js';
import { KREA_WEBHOOK_TOKEN_TTL_MS } from './token.js';

/** The namespace of its keys in Redis (`mediagraph:krea-hook:…`, shared/redis-token-bindings.ts). */
export const KREA_BINDINGS_NAMESPACE = 'krea-hook';

/** Bindings kept in process: at most this many tokens (the oldest go first). */
const MAX_LOCAL = 100_000;

export class KreaWebhookBindings {
  private readonly local = new Map<string, { jobs: ReadonlySet<string>; expires: number }>();

  constructor(private readonly shared?: SharedTokenBindings) {}

  /** Never throws: the POST has happened, and failing now would invite a second one. */
  async bind(nonce: string, jobIds: readonly string[]): Promise<void> {
    const now = Date.now();
    for (const [old, entry] of this.local) {
      if (entry.expires > now && this.local.size < MAX_LOCAL) break;
      this.local.delete(old);
    }
    const jobs = new Set(jobIds.map((id) => id.toLowerCase()));
    this.local.set(nonce, { jobs, expires: now + KREA_WEBHOOK_TOKEN_TTL_MS });
    await this.shared?.bind(nonce, [...jobs], KREA_WEBHOOK_TOKEN_TTL_MS).catch(() => undefined);
  }

  async isBound(nonce: string, jobId: string): Promise<boolean> {
    const entry = this.local.get(nonce);
    if (entry) return entry.jobs.has(jobId.toLowerCase());
    return (await this.shared?.isBound(nonce, jobId.toLowerCase()).catch(() => undefined)) ?? false;
  }
}
