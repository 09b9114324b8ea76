/**
 * GraphQL over WebSocket (the graphql-ws protocol: Apollo Client's
 * GraphQLWsLink, urql, graphql-ws' own client) on the gateway's listener, at
 * the same path as HTTP. Operations run through yoga's enveloped pipeline, so
 * the limits, the schema's cost checks, the executor, the per-client subscription
 * caps and the shared pollers are the ones HTTP has; what yoga does per HTTP
 * request (gateway keys, CSRF, safe errors, trusted documents) is done here
 * per connection or per operation.
 *
 * Credentials come from the upgrade request's headers or from the
 * `connection_init` payload (browsers cannot set WebSocket headers), with the
 * same names: `authorization` and each provider's credential header. The
 * payload wins.
 *
 * One client cannot take the process down: its operations run a few at a
 * time and the rest wait within a bound (websocket-operations.ts), and a
 * client that does not read its answers is not read from
 * (websocket-socket.ts). A connection that ends badly (operations pending, a
 * failed write, refused) is one log line, and only so many such lines a
 * second whatever the number of connections.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { GraphQLError } from 'graphql';
import type { DocumentNode, ExecutionArgs, ExecutionResult } from 'graphql';
import { handleProtocols, makeServer } from 'graphql-ws';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import type { GatewayMetrics, WebSocketUsage } from '../metrics.js';
import { authenticatorOf } from '../auth/authenticate.js';
import type { Gateway } from './gateway.js';
import { rememberCaller } from '../auth/caller.js';
import { socketError, socketResult } from './socket-errors.js';
import { markWebSocketRequest } from './websocket-requests.js';
import { rateLimitedLog } from './rate-limited-log.js';
import { OperationEnd, OperationSlots } from './websocket-operations.js';
import type { ConnectionSlots, OperationLimits } from './websocket-operations.js';
import { serveSocket } from './websocket-socket.js';
import type { ServedSocket, SocketExtra, SocketSummary } from './websocket-socket.js';
import { connectionHeaders, forwardedHeaders, originAllowed, refuse } from './websocket-upgrade.js';

export interface WebSocketOptions {
  /** @default '/graphql' */
  path?: string;
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
  /** WS_MAX_OPERATIONS_PER_CONNECTION, WS_MAX_OPERATIONS_PER_CREDENTIAL, WS_MAX_QUEUED_OPERATIONS, WS_MAX_QUEUED_BYTES. */
  limits?: Partial<OperationLimits>;
  /** WS_SEND_HIGH_WATER_MARK_BYTES: unsent bytes past which a connection is not read from. @default 1 MiB */
  highWaterMarkBytes?: number;
  /** Keep-alive ping interval; a socket that misses a pong is dropped. @default 12 s */
  keepAliveMs?: number;
  /** Where a connection that ended badly is reported (one line per connection, rate-limited). */
  logger?: Logger;
}

const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  perConnection: 16,
  perCredential: 64,
  queuedPerConnection: 64,
  queuedBytesPerConnection: 1_048_576,
};
const DEFAULT_HIGH_WATER_MARK_BYTES = 1_048_576;
/** The close code of a connection that sent more operations than it may have waiting. */
export const TOO_MANY_OPERATIONS = 4429;
/** Lines about connections that ended badly: at most this many per window. */
const CLOSE_LOG = { lines: 10, windowMs: 10_000 };

interface SubscribePayload {
  query?: string | null;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  extensions?: Record<string, unknown> | null;
}

export interface GraphqlWebSocket {
  /** Closes every connection (1001, going away) and stops accepting new ones. */
  close(): Promise<void>;
}

interface Connection {
  served: ServedSocket;
  /** Set once `connection_init` is accepted. */
  session?: Session;
  /** Operations admitted and not yet finished. */
  operations: Set<OperationEnd>;
  /** Closed with 4429. */
  refused: boolean;
}

interface Session {
  /** What yoga's context factory reads: the merged headers, and a signal that aborts when the socket closes. */
  request: Request;
  remoteAddress: string | undefined;
  slots: ConnectionSlots;
}

const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof GraphQLError;

export function attachGraphqlWs(server: Server, gateway: Gateway, options: WebSocketOptions = {}): GraphqlWebSocket {
  const path = options.path ?? '/graphql';
  const authenticate = authenticatorOf(gateway);
  const metrics = options.metrics;
  const slots = new OperationSlots({ ...DEFAULT_OPERATION_LIMITS, ...options.limits });
  const socketOptions = {
    highWaterMarkBytes: options.highWaterMarkBytes ?? DEFAULT_HIGH_WATER_MARK_BYTES,
    keepAliveMs: options.keepAliveMs ?? 12_000,
  };
  const connections = new Map<WebSocket, Connection>();
  let closing = false;

  const webSockets = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayloadBytes ?? 1_000_000,
    handleProtocols: (protocols) => handleProtocols(protocols),
  });
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
  // Answers to operations nobody waits for any more (never sent: graphql-ws drops them).
  const gone = [new GraphQLError('The operation was cancelled', { extensions: { code: 'BAD_USER_INPUT' } })];

  const graphqlWs = makeServer<Record<string, unknown> | undefined, SocketExtra>({
    // Both run yoga's enveloped execute/subscribe, handed over in rootValue by onSubscribe.
    execute: (args) => (args.rootValue as Enveloped).execute(args),
    subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
    async onConnect(ctx) {
      const connection = connections.get(ctx.extra.socket);
      const headers = connectionHeaders(ctx.extra.request, ctx.connectionParams);
      if (!connection) return false;
      // The same check as HTTP's, once per connection: a refused one is closed with 4403.
      const outcome = authenticate ? await authenticate(headers.get('authorization')) : undefined;
      if (outcome && !('caller' in outcome)) return false;
      const closed = new AbortController();
      ctx.extra.socket.once('close', () => closed.abort());
      // POST: yoga allows mutations only over POST, and a socket's operations are not GETs.
      const request = new Request(`http://gateway${path}`, { method: 'POST', headers, signal: closed.signal });
      markWebSocketRequest(request);
      if (outcome) rememberCaller(request, outcome.caller);
      connection.session = {
        request,
        remoteAddress: ctx.extra.request.socket.remoteAddress,
        slots: slots.forConnection(forwardedHeaders().map((name) => headers.get(name) ?? '')),
      };
      metrics?.webSocket('opened');
      return true;
    },
    async onSubscribe(ctx, id, payload: SubscribePayload) {
      // First, before any await: the turn graphql-ws is dispatching this message in.
      const connection = connections.get(ctx.extra.socket);
      const turn = connection?.served.current;
      const session = connection?.session;
      if (!connection || !turn || !session) {
        return refusal(
          new GraphQLError('The connection is not initialised', { extensions: { code: 'BAD_USER_INPUT' } }),
        );
      }
      if (connection.refused || closing) return gone;
      const slot = session.slots.take(turn.bytes);
      if (!slot) {
        connection.refused = true;
        ctx.extra.socket.close(TOO_MANY_OPERATIONS, 'Too many operations');
        return gone;
      }
      const end = new OperationEnd();
      connection.operations.add(end);
      turn.onEnd(() => {
        connection.operations.delete(end);
        end.end(true);
        void slot.then((release) => release());
      });
      await slot;
      // Completed by the client while it waited, or its socket is gone.
      if (!(id in ctx.subscriptions) || connection.refused || closing) return gone;

      const source = options.documentOf ? options.documentOf(payload) : (payload.query ?? '');
      if (isGraphQLError(source)) return refusal(source);
      const enveloped = gateway.getEnveloped({
        request: session.request,
        req: { socket: { remoteAddress: session.remoteAddress } },
        // The operation's own end: its upstream calls are aborted when its socket goes away.
        res: end,
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
  });

  const logClosed = rateLimitedLog(CLOSE_LOG);
  const report = (connection: Connection, summary: SocketSummary, pending: number) => {
    if (!options.logger || (pending === 0 && summary.failures === 0 && !connection.refused)) return;
    const logger = options.logger;
    logClosed((omittedLines) => {
      const fields = {
        event: 'websocket-closed',
        code: summary.code,
        pendingOperations: pending,
        failures: summary.failures,
        error: summary.error,
        omittedLines,
      };
      if (connection.refused) logger.warn(fields, 'websocket closed: too many operations');
      else logger.info(fields, 'websocket closed before its operations finished');
    });
  };

  webSockets.on('connection', (ws: WebSocket, upgrade: IncomingMessage) => {
    serveSocket(graphqlWs, ws, upgrade, socketOptions, {
      opened: (served) => void connections.set(ws, { served, operations: new Set(), refused: false }),
      closed: (summary) => {
        const connection = connections.get(ws)!;
        connections.delete(ws);
        if (connection.session) metrics?.webSocket('closed');
        const pending = connection.operations.size;
        // Cut short: their upstream calls are aborted; each releases its slot when graphql-ws is done with it.
        for (const end of connection.operations) end.end(false);
        report(connection, summary, pending);
      },
    });
  });

  metrics?.observeWebSockets(() => {
    const { admitted, running } = slots.usage;
    const usage: WebSocketUsage = { running, queued: admitted - running, paused: 0, unsentBytes: 0 };
    for (const connection of connections.values()) {
      usage.paused += connection.served.paused ? 1 : 0;
      usage.unsentBytes += connection.served.unsentBytes;
    }
    return usage;
  });

  return {
    async close() {
      closing = true;
      server.off('upgrade', onUpgrade);
      for (const ws of webSockets.clients) {
        ws.close(1001, 'Going away');
        // So the client's close frame is read (new operations are refused while closing).
        ws.resume();
      }
      await new Promise<void>((resolve) => webSockets.close(() => resolve()));
    },
  };
}

type OperationResult =
  Promise<ExecutionResult | AsyncIterable<ExecutionResult>> | ExecutionResult | AsyncIterable<ExecutionResult>;

interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}
