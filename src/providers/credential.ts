/** A short, stable digest of a credential: what may key budgets, caches and pollers instead of it. */
import { createHash } from 'node:crypto';

export function credentialDigest(credential: string | undefined): string {
  return credential === undefined ? 'none' : createHash('sha256').update(credential).digest('hex').slice(0, 32);
}
