/**
 * Floors for the Tailcall comparison (`npm run bench`, rows 12–12c): what a
 * Node.js process pays for `kreaAssets(first: 20)` over the fixed upstream
 * with less and less of a gateway around the same REST call and mapping.
 *   FLOOR=bare  node:http and undici, no GraphQL at all;
 *   FLOOR=jit   the query compiled once by graphql-jit, run and serialized by it;
 *   FLOOR=yoga  graphql-yoga's defaults with a one-field schema (no plugins of ours);
 *   FLOOR=core  mediagraph's own schema, services and per-request context, the
 *               query compiled once by graphql-jit, on plain node:http: what
 *               the gateway's code costs without yoga's request pipeline;
 *   FLOOR=bytes node:http reading the body and answering the same bytes every
 *               time, no upstream: what a perfect de-duplication costs on
 *               node:http (the ceiling beside Tailcall's `dedupe: true`).
 * They answer nothing else correctly; they only bound what mediagraph's
 * design could reach on this runtime.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildSchema, parse, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery } from 'graphql-jit';
import type { CompiledQuery } from 'graphql-jit';
import { createYoga } from 'graphql-yoga';
import { Pool } from 'undici';
import type { KreaAsset } from '../src/providers/krea/shapes.js';

const upstream = new Pool(process.env.KREA_URL ?? 'http://127.0.0.1:4020', { connections: 16 });
const port = Number(process.env.PORT ?? 4070);

async function kreaAssets() {
  const answer = await upstream.request({
    path: '/assets?limit=20',
    method: 'GET',
    headers: { authorization: 'Bearer bench' },
  });
  const { items } = (await answer.body.json()) as { items: KreaAsset[] };
  return {
    nodes: items.map((asset) => ({
      id: asset.id,
      url: asset.image_url,
      createdAt: asset.uploaded_at,
      width: asset.width,
      height: asset.height,
      sizeBytes: asset.size_bytes,
      mimeType: asset.mime_type,
      description: asset.description ?? null,
    })),
  };
}

const SDL = `type Query { kreaAssets(first: Int): KreaAssetConnection! }
type KreaAssetConnection { nodes: [KreaAsset!]! }
type KreaAsset { id: ID! url: String createdAt: String width: Int height: Int sizeBytes: Int mimeType: String description: String }`;

function schemaWithResolver(): GraphQLSchema {
  const schema = buildSchema(SDL);
  schema.getQueryType()!.getFields().kreaAssets!.resolve = () => kreaAssets();
  return schema;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

function send(response: ServerResponse, body: string) {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(body);
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function bare(): Handler {
  return async (request, response) => {
    if (request.method !== 'POST') return send(response, '{}');
    JSON.parse(await bodyOf(request));
    send(response, JSON.stringify({ data: { kreaAssets: await kreaAssets() } }));
  };
}

/** Each query text parsed, validated and compiled by graphql-jit once, then kept. */
function plans(schema: GraphQLSchema): (query: string) => CompiledQuery {
  const compiled = new Map<string, CompiledQuery>();
  return (query) => {
    let plan = compiled.get(query);
    if (!plan) {
      const document = parse(query);
      if (validate(schema, document).length > 0) throw new Error('invalid query');
      const made = compileQuery(schema, document);
      if (!isCompiledQuery(made)) throw new Error('not compiled');
      compiled.set(query, (plan = made));
    }
    return plan;
  };
}

function jit(): Handler {
  const schema = schemaWithResolver();
  const planOf = plans(schema);
  return async (request, response) => {
    if (request.method !== 'POST') return send(response, '{}');
    const { query } = JSON.parse(await bodyOf(request)) as { query: string };
    const plan = planOf(query);
    send(response, plan.stringify(await plan.query(undefined, {}, {})));
  };
}

/**
 * The part of a fetch-API Request the gateway's context reads (its headers
 * and signal), without building one: a native Request per call would cost
 * more than the floor measures.
 */
function requestOf(request: IncomingMessage): Request {
  const headers = {
    get: (name: string) => {
      const value = request.headers[name.toLowerCase()];
      return typeof value === 'string' ? value : null;
    },
  };
  return { headers, signal: NEVER } as unknown as Request;
}

const NEVER = new AbortController().signal;

async function core(): Promise<Handler> {
  const [{ schema }, { createServices }, { createRequestContext }] = await Promise.all([
    import('../src/schema/index.js'),
    import('../src/services.js'),
    import('../src/context.js'),
  ]);
  const services = createServices({
    kreaBaseUrl: process.env.KREA_URL ?? 'http://127.0.0.1:4020',
    argilBaseUrl: process.env.ARGIL_URL ?? 'http://127.0.0.1:4021',
    kreaApiKey: 'bench',
    argilApiKey: 'bench',
    upstreamTimeoutMs: 10_000,
    maxPageSize: 100,
    upstreamCoalesce: 0,
  });
  const planOf = plans(schema);
  return async (request, response) => {
    if (request.method !== 'POST') return send(response, '{}');
    const { query } = JSON.parse(await bodyOf(request)) as { query: string };
    const plan = planOf(query);
    const context = createRequestContext(services, requestOf(request));
    send(response, plan.stringify(await plan.query(undefined, context, {})));
  };
}

/** One answer, made once (the first request's), then the same bytes for every request. */
function bytes(): Handler {
  let answer: Promise<string> | undefined;
  return async (request, response) => {
    if (request.method !== 'POST') return send(response, '{}');
    JSON.parse(await bodyOf(request));
    answer ??= kreaAssets().then((page) => JSON.stringify({ data: { kreaAssets: page } }));
    send(response, await answer);
  };
}

const kind = process.env.FLOOR ?? 'bare';
const listener =
  kind === 'bytes'
    ? bytes()
    : kind === 'yoga'
      ? createYoga({ schema: schemaWithResolver(), logging: false, graphiql: false, landingPage: false })
      : kind === 'core'
        ? await core()
        : (kind === 'jit' ? jit : bare)();
createServer((request, response) => void listener(request, response)).listen(port, '127.0.0.1');
