/**
 * The key of an operation in de-duplication (dedupe.ts): everything its
 * answer depends on. The prepared document, how it was sent (GET or POST)
 * and the answer's media type; every provider credential's digest
 * (credential-digests.ts); the caller's subject and scopes, when it has a
 * caller of its own (without one, its caller is its credentials', which
 * the digests already name: auth/caller.ts' credentialCaller); and the
 * parameters as sent. These are compared as sent, not as parsed: the same
 * text parses alike, and re-serialising a client's variables could
 * overflow the stack (deep nesting) or make two values one (1e400 and null
 * both print as null). No part before the parameters holds a line break
 * (ids are numbers, digests hex, the caller JSON), so the key names each
 * part unambiguously.
 */
import type { Caller } from '../../auth/caller.js';
import { credentialDigestsOf } from '../credential-digests.js';
import type { CredentialSource } from '../credential-digests.js';
import { headerOf } from './classify.js';
import type { LaneHead, Taken } from './classify.js';

export class DedupeKeys {
  /** The digests of heads the socket front shares (frozen: socket-front/recent-heads.ts), made once each. */
  private readonly sharedHeadDigests = new WeakMap<object, string>();

  constructor(private readonly credentials: readonly CredentialSource[]) {}

  of(head: LaneHead, documentId: number, taken: Taken, caller: Caller | undefined, sent: string): string {
    const who = caller ? JSON.stringify([caller.subject, caller.scopes]) : '';
    return `${documentId}\n${taken.kind}\n${taken.mediaType}\n${this.digestsOf(head)}\n${who}\n${sent}`;
  }

  /** The request's credential digests, space-separated. */
  private digestsOf(head: LaneHead): string {
    const shared = Object.isFrozen(head.headers);
    let digests = shared ? this.sharedHeadDigests.get(head.headers) : undefined;
    if (digests === undefined) {
      digests = credentialDigestsOf(this.credentials, (name) => headerOf(head, name)).join(' ');
      if (shared) this.sharedHeadDigests.set(head.headers, digests);
    }
    return digests;
  }
}
