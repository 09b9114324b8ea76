/**
 * The refusals of a paid call that happen before anything is sent: no job
 * can exist, so an idempotency key used with such a call stays free
 * (idempotency.ts, isDefiniteRefusal). schema/errors.ts gives them their codes.
 */

/** Where a subject stands when a call is refused (`extensions.quota`). */
export interface QuotaRefusal {
  limit: number;
  used: number;
  cost: number;
  /** The next UTC midnight, ISO 8601. */
  resetsAt: string;
}

/** QUOTA_EXCEEDED: the subject's credits for today are short of the call's cost. */
export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError';
  constructor(readonly quota: QuotaRefusal) {
    super(
      `Not enough generation credits today: this costs ${quota.cost}, ${Math.max(0, quota.limit - quota.used)} of ${quota.limit} remain until ${quota.resetsAt}`,
    );
  }
}

/**
 * The shared counters (Redis) do not answer, so no replica can tell what
 * the subject has spent: refused rather than each replica allowing it alone
 * (UPSTREAM_UNAVAILABLE, retryable).
 */
export class CreditsUnavailableError extends Error {
  override name = 'CreditsUnavailableError';
  readonly retryAfterSeconds = 1;
  constructor() {
    super('Not sent: the credit counters are unreachable, retry shortly');
  }
}

/** True for a refusal of ours that came before any upstream call. */
export const isUnsentRefusal = (error: unknown): boolean =>
  error instanceof QuotaExceededError || error instanceof CreditsUnavailableError;
