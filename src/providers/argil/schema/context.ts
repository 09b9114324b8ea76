/** Argil's part of a request (its client, loaders, credential digest): the typed way in from a resolver. */
import type { RequestContext } from '../../../context.js';
import type { PaidScope } from '../../../schema/paid.js';
import { argil } from '../index.js';
import type { ArgilPart } from '../part.js';

export const argilOf = (context: RequestContext): ArgilPart => context.providers.partOf(argil);

/** Whose idempotency keys a paid Argil call's are (schema/paid.ts): Argil's, with this request's credential. */
export const argilScope = (part: ArgilPart): PaidScope => ({
  provider: argil.name,
  credentialDigest: part.credentialDigest,
});
