/**
 * What every Argil call shares: the `x-api-key` credential (refused before
 * any call when there is none), the request's signal and observer, and the
 * credential's budget key. ArgilClient (client.ts) and the workspace calls it
 * builds on (workspace.ts) make their requests here.
 */
import { credentialDigest } from '../credential.js';
import { ProviderError } from '../errors.js';
import type { CallRequest, ClientOptions } from '../http/types.js';
import type { Upstream } from '../http/upstream.js';

export type ArgilMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export class ArgilBase {
  private budgetKey: string | undefined;

  constructor(
    protected readonly upstream: Upstream,
    private readonly apiKey: string | undefined,
    private readonly options: ClientOptions = {},
  ) {
    this.budgetKey = options.budgetKey;
  }

  get hasCredential(): boolean {
    return this.apiKey !== undefined;
  }

  protected base(method: ArgilMethod, path: string, operation: string): CallRequest {
    if (this.apiKey === undefined) {
      throw new ProviderError(
        'argil',
        'unauthenticated',
        'no credential: send X-Argil-Api-Key or configure ARGIL_API_KEY',
      );
    }
    return {
      method,
      path,
      operation,
      headers: { 'x-api-key': this.apiKey },
      signal: this.options.signalOf?.(),
      observer: this.options.observer,
      budgetKey: (this.budgetKey ??= credentialDigest(this.apiKey)),
    };
  }

  /** A request with a JSON body (POST, PUT): never retried (providers/retry.ts). */
  protected withJson(method: 'POST' | 'PUT', path: string, operation: string, body: unknown): CallRequest {
    const request = this.base(method, path, operation);
    return {
      ...request,
      headers: { ...request.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  }
}
