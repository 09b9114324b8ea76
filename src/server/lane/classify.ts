/**
 * Which requests the compiled lane takes, from their method, path and
 * headers alone (nothing read yet): GraphQL over HTTP on `/graphql`, a GET
 * with a query string or a POST with a JSON body of a declared length within
 * the limit, answered as JSON. Everything else goes to yoga untouched, with
 * the reason counted: GraphiQL, SSE and multipart answers, uploads, other
 * content types, chunked or oversized bodies, other methods and paths, and
 * (when CORS_ORIGINS is set) requests with an `Origin`, whose CORS headers
 * yoga's plugin states.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { lacksPreflight } from '../plugins/use-csrf-prevention.js';
import { jsonMediaTypeFor } from './accept.js';
import type { JsonMediaType } from './accept.js';

export const ENDPOINT = '/graphql';

/** Why a request went to yoga (a label of mediagraph_lane_requests_total). */
export type FallReason =
  | 'path'
  | 'method'
  | 'accept'
  | 'cors'
  | 'content-type'
  | 'csrf'
  | 'body'
  | 'params'
  | 'document'
  | 'operation'
  | 'variables';

export interface Taken {
  kind: 'get' | 'post';
  mediaType: JsonMediaType;
  /** GET: the query string (without `?`). */
  search: string;
  /** POST: the declared body length. */
  length: number;
}

/** What the lane reads of a request before its body: node's IncomingMessage is one, so is the socket front's head. */
export interface LaneHead {
  method?: string | undefined;
  url?: string | undefined;
  headers: IncomingHttpHeaders;
}

export interface LaneRules {
  /** MAX_REQUEST_BYTES. */
  maxBodyBytes: number;
  /** CORS_ORIGINS is set: requests with an Origin are yoga's. */
  cors: boolean;
}

/** One header's value as the fetch API would read it (repeated ones joined). */
export function headerOf(req: LaneHead, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** yoga's JSON body parser takes these (graphql-yoga's isPOSTJsonRequest); the first listed type counts. */
function isJson(contentType: string | undefined): boolean {
  const first = contentType?.split(',')[0];
  if (first === undefined) return false;
  return ['application/json', 'application/graphql+json'].some(
    (type) => first === type || first.startsWith(`${type};`),
  );
}

export function classify(req: LaneHead, rules: LaneRules): Taken | FallReason {
  const url = req.url ?? '';
  const mark = url.indexOf('?');
  if ((mark < 0 ? url : url.slice(0, mark)) !== ENDPOINT) return 'path';
  const method = req.method;
  if (method !== 'GET' && method !== 'POST') return 'method';
  const accept = headerOf(req, 'accept');
  // GraphiQL's page (use-graphiql-assets.ts), whatever the query string.
  if (method === 'GET' && accept?.includes('text/html')) return 'accept';
  const mediaType = jsonMediaTypeFor(accept);
  if (mediaType === undefined) return 'accept';
  if (rules.cors && req.headers.origin !== undefined) return 'cors';
  if (method === 'GET') {
    const search = mark < 0 ? '' : url.slice(mark + 1);
    return search === '' ? 'params' : { kind: 'get', mediaType, search, length: 0 };
  }
  const contentType = headerOf(req, 'content-type');
  if (!isJson(contentType)) return 'content-type';
  if (lacksPreflight(method, contentType ?? null, (name) => req.headers[name] !== undefined)) return 'csrf';
  const declared = req.headers['content-length'];
  // Chunked bodies and bodies over the limit are yoga's (it counts the first, refuses the second).
  if (declared === undefined || req.headers['transfer-encoding'] !== undefined || !/^\d{1,12}$/.test(declared)) {
    return 'body';
  }
  const length = Number(declared);
  if (length === 0 || length > rules.maxBodyBytes) return 'body';
  return { kind: 'post', mediaType, search: '', length };
}
