/**
 * The key of an operation in de-duplication (dedupe.ts): everything its
 * answer depends on. The parameters as sent; how they were sent (GET or
 * POST) and the answer's media type; every provider credential's digest
 * (credential-digests.ts); the prepared document; the caller's subject and
 * scopes, when it has a caller of its own (without one, its caller is its
 * credentials', which the digests already name: auth/caller.ts'
 * credentialCaller). The parameters are compared as sent, not as parsed:
 * the same text parses alike, and re-serialising a client's variables
 * could overflow the stack (deep nesting) or make two values one (1e400 and
 * null both print as null). The part and the document join their pieces
 * with line breaks, which none of the pieces holds (the kind and media type
 * are ours, digests hex, the caller JSON), so each names them unambiguously.
 */
import type { Caller } from '../../auth/caller.js';
import { credentialDigestsOf } from '../credential-digests.js';
import type { CredentialSource } from '../credential-digests.js';
import { headerOf } from './classify.js';
import type { LaneHead, Taken } from './classify.js';
import type { FlightKey } from './dedupe.js';

export class DedupeKeys {
  /**
   * The key's part for heads the socket front shares (frozen, with the
   * classification taken from them: socket-front/recent-heads.ts), made once each.
   */
  private readonly sharedHeadParts = new WeakMap<object, string>();

  constructor(private readonly credentials: readonly CredentialSource[]) {}

  of(head: LaneHead, documentId: number, taken: Taken, caller: Caller | undefined, sent: string): FlightKey {
    const document = caller ? `${documentId}\n${JSON.stringify([caller.subject, caller.scopes])}` : documentId;
    return { text: sent, part: this.partOf(head, taken), document };
  }

  /** How the request asked (GET or POST, the media type) and its credential digests. */
  private partOf(head: LaneHead, taken: Taken): string {
    const shared = Object.isFrozen(head.headers) && Object.isFrozen(taken);
    let part = shared ? this.sharedHeadParts.get(head.headers) : undefined;
    if (part === undefined) {
      const digests = credentialDigestsOf(this.credentials, (name) => headerOf(head, name)).join(' ');
      part = `${taken.kind}\n${taken.mediaType}\n${digests}`;
      if (shared) this.sharedHeadParts.set(head.headers, part);
    }
    return part;
  }
}
