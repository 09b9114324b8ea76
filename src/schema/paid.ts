/**
 * A paid call (a generation, a render, a training): charged to the caller
 * before it runs, and run once per idempotency key when the client sends
 * one, whichever provider it goes to. The key's scope is the provider and
 * the digest of the credential it uses (`krea:<digest>`), so tenants never
 * share a key, and the caller's subject besides.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../context.js';
import type { PaidCall } from '../credits/costs.js';
import { gatewayError } from './errors.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** What a paid call costs (credits/costs.ts), and the jobs it started (refunded if they end unbilled). */
export interface Paid<T> {
  call: PaidCall;
  jobIdsOf: (started: T) => readonly string[];
}

/** Whose keys: a provider's, with one credential (`<provider>:<credential digest>`). */
export interface PaidScope {
  provider: string;
  credentialDigest: string;
}

/**
 * `run` once per idempotency key (same provider credential, same caller),
 * or every time without one; charged to the caller before it runs, inside
 * the key's first claim, so a replay of the key costs nothing.
 */
export function once<T>(
  context: RequestContext,
  scope: PaidScope,
  idempotencyKey: string | null | undefined,
  request: string,
  paid: Paid<T>,
  run: () => Promise<T>,
): Promise<T> {
  const charged = () => context.credits.spend(paid.call, run, paid.jobIdsOf);
  if (idempotencyKey == null) return charged();
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw gatewayError('`idempotencyKey` must be 1 to 255 printable ASCII characters', 'BAD_USER_INPUT', {
      field: 'idempotencyKey',
    });
  }
  const fingerprint = createHash('sha256').update(request).digest('hex');
  // Keys are the caller's own too: two users behind one provider key never share a job (or its answer).
  const subject = createHash('sha256').update(context.caller.subject).digest('hex').slice(0, 32);
  return context.idempotency.run(
    `${scope.provider}:${scope.credentialDigest}:${subject}`,
    idempotencyKey,
    fingerprint,
    charged,
  );
}
