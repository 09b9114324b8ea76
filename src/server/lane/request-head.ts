/**
 * The request context of a node:http request, without a fetch-API Request:
 * createRequestContext (context.ts) reads a request's headers (`get`) and,
 * only when it has no connection to watch, its signal; the caller it finds
 * by the request (auth/caller.ts). A RequestHead answers exactly those over
 * node's parsed headers, so the lane builds the same context at the cost of
 * two small objects. The connection is watched through the request's Reply
 * (reply.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { rememberCaller } from '../../auth/caller.js';
import type { Caller } from '../../auth/caller.js';
import { createRequestContext } from '../../context.js';
import type { Connection, GatewayServices, RequestContext } from '../../context.js';

const NEVER_ABORTED = new AbortController().signal;

class NodeHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
}

/** The part of a fetch-API Request the context reads. */
class RequestHead {
  readonly headers: NodeHeaders;
  readonly signal = NEVER_ABORTED;

  constructor(headers: IncomingHttpHeaders) {
    this.headers = new NodeHeaders(headers);
  }
}

/** The context createRequestContext builds for a request with these headers, caller and connection. */
export function laneContext(
  services: GatewayServices,
  headers: IncomingHttpHeaders,
  caller: Caller | undefined,
  connection: Connection,
  now: (() => number) | undefined,
): RequestContext {
  // Only its headers and signal are read (see above): the rest of a Request is never touched.
  const head = new RequestHead(headers) as unknown as Request;
  if (caller) rememberCaller(head, caller);
  return createRequestContext(services, head, connection, now);
}
