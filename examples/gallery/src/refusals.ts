/**
 * What the gateway's refusals mean to the person who pressed the button, by
 * their documented `extensions.code`: FORBIDDEN (the account lacks a scope),
 * QUOTA_EXCEEDED (today's credits are short, and when they come back) and,
 * signed in, UNAUTHENTICATED (no token, or an expired one).
 */
import { signInMode } from './sign-in';

export interface AnswerError {
  message?: unknown;
  path?: unknown;
  extensions?: { code?: unknown; provider?: unknown; quota?: unknown };
}

/** An answer with no data: its errors travel with it to the component that asked (environment.ts). */
export class GraphQLAnswerError extends Error {
  override name = 'GraphQLAnswerError';
  constructor(
    message: string,
    readonly errors: readonly AnswerError[],
  ) {
    super(message);
  }
}

/** What the button does and the scope it needs, e.g. { verb: 'generate', scope: 'media:generate' }. */
export interface Action {
  verb: string;
  scope: string;
}

interface QuotaRefusal {
  limit: number;
  used: number;
  cost: number;
  resetsAt: string;
}

const isQuota = (value: unknown): value is QuotaRefusal => {
  const quota = value as Partial<QuotaRefusal> | null;
  return (
    typeof quota?.limit === 'number' &&
    typeof quota.used === 'number' &&
    typeof quota.cost === 'number' &&
    typeof quota.resetsAt === 'string'
  );
};

/** The first GraphQL error of a failure: an onError Error, or onCompleted's errors. */
function firstError(failure: unknown): AnswerError | undefined {
  if (failure instanceof GraphQLAnswerError) return failure.errors[0];
  if (Array.isArray(failure)) return failure[0] as AnswerError | undefined;
  return undefined;
}

/** When the credits come back, in the reader's own time. */
export const resetTime = (iso: string): string => new Date(iso).toLocaleString();

/** A sentence for a refusal the person can act on; null for any other failure. */
export function explainRefusal(action: Action, failure: unknown): string | null {
  const error = firstError(failure);
  switch (error?.extensions?.code) {
    case 'FORBIDDEN':
      return `Your account may not ${action.verb} (it lacks ${action.scope}).`;
    case 'QUOTA_EXCEEDED': {
      const quota = error.extensions.quota;
      if (!isQuota(quota)) return 'Not enough credits left today.';
      const left = Math.max(0, quota.limit - quota.used);
      return `Not enough credits: this costs ${quota.cost}, and ${left} of ${quota.limit} are left today. They reset at ${resetTime(quota.resetsAt)}.`;
    }
    case 'UNAUTHENTICATED':
      return signInMode() ? 'Your sign-in was refused or has expired: sign out, then sign in again.' : null;
    default:
      return null;
  }
}
