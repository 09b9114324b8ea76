/**
 * The sandbox's Argil webhooks, from argil-openapi.reconstructed.yaml:
 * GET /webhooks (the tenant's endpoints, never their secrets), POST
 * /webhooks ({callbackUrl, events}; the answer alone carries the endpoint's
 * `whsec_` secret, as Argil's does), PUT /webhooks/{id} (either field; 200
 * with the endpoint) and DELETE /webhooks/{id} (204). Bodies take no other
 * keys (additionalProperties: false); events are at least one of the four.
 * Where the document is unsure of the timestamp's key, list and create
 * answer `createAt`, update `createdAt`, as its fragments do.
 */
import type { Reply, RouteRequest } from '../../../sandbox/server.js';
import { readText } from '../../../sandbox/server.js';
import type { ArgilEndpoint, ArgilEvents } from './events.js';

const WEBHOOK_EVENTS = [
  'AVATAR_TRAINING_SUCCESS',
  'AVATAR_TRAINING_FAILED',
  'VIDEO_GENERATION_SUCCESS',
  'VIDEO_GENERATION_FAILED',
];

const error = (status: number, message: string): Reply => ({ status, body: { code: status, message } });

function publicEndpoint(endpoint: ArgilEndpoint, timestampKey: 'createAt' | 'createdAt') {
  const { id, callbackUrl, events, createdAt, updatedAt, lastTriggeredAt } = endpoint;
  return { id, callbackUrl, events, [timestampKey]: createdAt, updatedAt, lastTriggeredAt };
}

/** The body's fields, checked as the document says; `required` for POST. A Reply when it is refused. */
async function readBody(
  request: RouteRequest,
  required: boolean,
): Promise<{ callbackUrl?: string; events?: string[] } | Reply> {
  const text = await readText(request.raw);
  let body: unknown;
  try {
    body = text === undefined || text === '' ? {} : JSON.parse(text);
  } catch {
    return error(400, 'body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return error(400, 'body must be an object');
  const { callbackUrl, events, ...others } = body as Record<string, unknown>;
  const unknown = Object.keys(others)[0];
  if (unknown !== undefined) return error(400, `property ${unknown.slice(0, 40)} is not allowed`);
  if ((required || callbackUrl !== undefined) && (typeof callbackUrl !== 'string' || !/^https?:\/\//.test(callbackUrl)))
    return error(400, 'callbackUrl is required');
  const knownEvents = (list: unknown[]) => list.every((e) => WEBHOOK_EVENTS.includes(e as string));
  if ((required || events !== undefined) && (!Array.isArray(events) || events.length === 0 || !knownEvents(events))) {
    return error(400, `events must be some of ${WEBHOOK_EVENTS.join(', ')}`);
  }
  return { callbackUrl: callbackUrl as string | undefined, events: events as string[] | undefined };
}

export async function routeWebhooks(
  request: RouteRequest,
  events: ArgilEvents,
  tenant: number,
): Promise<Reply | undefined> {
  const { method, path } = request;
  if (path === '/v1/webhooks' && method === 'GET') {
    const own = events.endpoints.filter((endpoint) => endpoint.tenant === tenant);
    return { status: 200, body: own.map((endpoint) => publicEndpoint(endpoint, 'createAt')) };
  }
  if (path === '/v1/webhooks' && method === 'POST') {
    const body = await readBody(request, true);
    if ('status' in body) return body;
    const endpoint = events.register(body.callbackUrl!, body.events!, tenant);
    return { status: 201, body: { ...publicEndpoint(endpoint, 'createAt'), secret: endpoint.secret } };
  }
  const one = /^\/v1\/webhooks\/([^/]+)$/.exec(path);
  if (!one) return undefined;
  const index = events.endpoints.findIndex((endpoint) => endpoint.id === one[1] && endpoint.tenant === tenant);
  const endpoint = events.endpoints[index];
  if (method === 'PUT') {
    // The body is read before the lookup: a refused body is a 400 whether or not the webhook exists.
    const body = await readBody(request, false);
    if ('status' in body) return body;
    if (!endpoint) return error(404, 'Webhook not found');
    if (body.callbackUrl !== undefined) endpoint.callbackUrl = body.callbackUrl;
    if (body.events !== undefined) endpoint.events = body.events;
    endpoint.updatedAt = new Date().toISOString();
    return { status: 200, body: publicEndpoint(endpoint, 'createdAt') };
  }
  if (method === 'DELETE') {
    if (!endpoint) return error(404, 'Webhook not found');
    events.endpoints.splice(index, 1);
    return { status: 204 };
  }
  return error(405, 'Method not allowed');
}
