/**
 * The digests of the provider credentials a request uses, read from its
 * headers before any context exists: each provider's header when the request
 * sends one, else the server-held credential's digest. The same digests the
 * request context computes (context.ts); the response cache and the compiled
 * lane's de-duplication key their entries with them, never with a credential.
 */
import { credentialDigest } from '../providers/credential.js';

export interface CredentialSource {
  /** The request header that carries this provider's credential. */
  header: string;
  /** The digest of the server-held credential, for requests without the header. */
  serverDigest: string;
}

/** `headerOf(name)`: the header's value, or undefined when absent. */
export function credentialDigestsOf(
  sources: readonly CredentialSource[],
  headerOf: (name: string) => string | null | undefined,
): string[] {
  return sources.map(({ header, serverDigest }) => {
    const own = headerOf(header)?.trim();
    return own === undefined || own === '' ? serverDigest : credentialDigest(own);
  });
}
