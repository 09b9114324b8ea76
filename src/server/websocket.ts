/**
 * GraphQL over WebSocket (the graphql-ws protocol: Apollo Client's
 * GraphQLWsLink, urql, graphql-ws' own client) on the gateway's listener, at
 * the same path as HTTP. Operations run through yoga's enveloped pipeline, so
 * the limits, the schema's cost checks, the JIT, the per-client subscription
 * caps and the shared pollers are the ones HTTP has; what yoga does per HTTP
 * request (gateway keys, CSRF, safe errors, trusted documents) is done here
 * per connection or per operation.
 *
 * Credentials come from the upgrade request's headers or from the
 * `connection_init` payload (browsers cannot set WebSocket headers), with the
 * same names: `authorization`, `x-krea-token`, `x-argil-api-key`. The
 * payload wins.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { CREDENTIAL_HEADERS } from '../context.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Gateway } from '../server.js';
import { gatewayKeyCheck } from './plugins/use-gateway-auth.js';
import { socketError, socketResult } from './socket-errors.js';

export interface WebSocketOptions {
  /** @default '/graphql' */
  path?: string;
  /** GATEWAY_API_KEYS: the upgrade's `Authorization` header or the payload's `authorization` must carry one. */
  gatewayApiKeys?: readonly string[];
  /** CORS_ORIGINS: pages of these origins may connect (browsers do not apply CORS to WebSockets). */
  corsOrigins?: readonly string[];
  /** Largest message a client may send. @default 1 MB */
  maxPayloadBytes?: number;
  metrics?: GatewayMetrics;
  /**
   * Turns a subscribe payload into the document to run, or refuses it
   * (persisted operations; see server/persisted-operations.ts). Absent: the
   * payload's `query` is parsed.
   */
  documentOf?: (payload: SubscribePayload) => string | GraphQLError;
}

interface SubscribePayload {
  query?: string | null;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

/** The Requests that stand for WebSocket connections (HTTP-only plugins skip them). */
const socketRequests = new WeakSet<Request>();
export const isWebSocketRequest = (request: Request): boolean => socketRequests.has(request);

export interface GraphqlWebSocket {
  /** Closes every connection (1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

/** The header names a connection may carry, in the payload as in the upgrade. */
const FORWARDED = ['authorization', CREDENTIAL_HEADERS.krea, CREDENTIAL_HEADERS.argil] as const;

interface Connection {
  /** What yoga's context factory reads: the merged headers, and a signal that aborts when the socket closes. */
  request: Request;
  remoteAddress: string | undefined;
}

/** The merged headers of a connection; only the forwarded names, only strings. */
function connectionHeaders(upgrade: IncomingMessage, payload: unknown): Headers {
  const headers = new Headers();
  for (const name of FORWARDED) {
    const value = upgrade.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  if (payload && typeof payload === 'object') {
    const sources = [payload as Record<string, unknown>];
    const nested = (payload as Record<string, unknown>).headers;
    if (nested && typeof nested === 'object') sources.unshift(nested as Record<string, unknown>);
    for (const source of sources) {
      for (const [key, value] of Object.entries(source)) {
        const name = key.toLowerCase();
        if (typeof value === 'string' && (FORWARDED as readonly string[]).includes(name)) headers.set(name, value);
      }
    }
  }
  return headers;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Same-origin pages and the allowed origins; tools that send no Origin (servers, CLIs) too. */
function originAllowed(upgrade: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = upgrade.headers.origin;
  if (origin === undefined || allowed.includes('*') || allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === upgrade.headers.host;
  } catch {
    return false;
  }
}

const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof GraphQLError;

export function attachGraphqlWs(server: Server, gateway: Gateway, options: WebSocketOptions = {}): GraphqlWebSocket {
  const path = options.path ?? '/graphql';
  const keys = options.gatewayApiKeys ?? [];
  const acceptsKey = keys.length > 0 ? gatewayKeyCheck(keys) : undefined;
  const metrics = options.metrics;
  const connections = new WeakMap<WebSocket, Connection>();

  const webSockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 1_000_000 });
  const onUpgrade = (upgrade: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = new URL(upgrade.url ?? '/', 'http://gateway').pathname;
    if (pathname !== path) return refuse(socket, 404, 'Not Found');
    if (!originAllowed(upgrade, options.corsOrigins ?? [])) return refuse(socket, 403, 'Forbidden');
    webSockets.handleUpgrade(upgrade, socket, head, (ws) => webSockets.emit('connection', ws, upgrade));
  };
  server.on('upgrade', onUpgrade);

  const count = <T extends ExecutionResult>(result: T): T => {
    for (const error of result.errors ?? []) metrics?.error(String(error.extensions?.code ?? 'UNKNOWN'));
    return result;
  };
  const refusal = (error: unknown): GraphQLError[] =>
    count({ errors: [socketError(isGraphQLError(error) ? error : new GraphQLError('Unexpected error.'))] }).errors;

  const disposable = useServer<Record<string, unknown> | undefined, { socket: WebSocket; request: IncomingMessage }>(
    {
      // Both run yoga's enveloped execute/subscribe, handed over in rootValue by onSubscribe.
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onConnect(ctx) {
        const headers = connectionHeaders(ctx.extra.request, ctx.connectionParams);
        if (acceptsKey && !acceptsKey(headers.get('authorization'))) return false;
        const closed = new AbortController();
        ctx.extra.socket.once('close', () => closed.abort());
        // POST: yoga allows mutations only over POST, and a socket's operations are not GETs.
        const request = new Request(`http://gateway${path}`, { method: 'POST', headers, signal: closed.signal });
        socketRequests.add(request);
        connections.set(ctx.extra.socket, { request, remoteAddress: ctx.extra.request.socket.remoteAddress });
        metrics?.webSocket('opened');
        ctx.extra.socket.once('close', () => metrics?.webSocket('closed'));
        return true;
      },
      async onSubscribe(ctx, _id, payload: SubscribePayload) {
        const connection = connections.get(ctx.extra.socket);
        if (!connection) {
          return refusal(
            new GraphQLError('The connection is not initialised', { extensions: { code: 'BAD_USER_INPUT' } }),
          );
        }
        const source = options.documentOf ? options.documentOf(payload) : (payload.query ?? '');
        if (isGraphQLError(source)) return refusal(source);
        const enveloped = gateway.getEnveloped({
          request: connection.request,
          req: { socket: { remoteAddress: connection.remoteAddress } },
          params: { ...payload, query: source },
        });
        let document: DocumentNode;
        try {
          document = enveloped.parse(source);
        } catch (error) {
          return refusal(error);
        }
        const errors = enveloped.validate(enveloped.schema, document);
        if (errors.length > 0) return count({ errors: errors.map(socketError) }).errors!;
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          document,
          operationName: payload.operationName ?? null,
          variableValues: payload.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe } satisfies Enveloped,
        };
        return args;
      },
      onNext: (_ctx, _id, _payload, _args, result) => count(socketResult(result)),
    },
    webSockets,
  );

  return {
    async close() {
      server.off('upgrade', onUpgrade);
      await disposable.dispose();
    },
  };
}

type OperationResult =
  Promise<ExecutionResult | AsyncIterable<ExecutionResult>> | ExecutionResult | AsyncIterable<ExecutionResult>;

interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}
