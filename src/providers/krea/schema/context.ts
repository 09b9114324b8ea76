/** Krea's part of a request (its client, loaders, credential digest): the typed way in from a resolver. */
import type { RequestContext } from '../../../context.js';
import type { PaidScope } from '../../../schema/paid.js';
import { krea } from '../index.js';
import type { KreaPart } from '../part.js';

export const kreaOf = (context: RequestContext): KreaPart => context.providers.partOf(krea);

/** Whose idempotency keys a paid Krea call's are (schema/paid.ts): Krea's, with this request's credential. */
export const kreaScope = (part: KreaPart): PaidScope => ({
  provider: krea.name,
  credentialDigest: part.credentialDigest,
});
