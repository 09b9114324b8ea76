/**
 * The node:http listener of the gateway, with timeouts a public server
 * needs: node's defaults let a client that never finishes its headers hold a
 * socket for a minute (1,000 such sockets stayed open 75 s), and check them
 * only every 30 s. Bodies that are not uploads get a deadline of their own
 * (body-deadline.ts). A gateway with a compiled lane (lane/) is served
 * through it: the lane answers most GraphQL requests and hands yoga the rest.
 */
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import { enforceBodyDeadline } from './body-deadline.js';
import { createConnectionDrain } from './connection-drain.js';
import { compiledLaneOf, socketFrontLaneOf } from './lane/index.js';
import { attachSocketFront } from './socket-front/index.js';

export interface ListenerTimeouts {
  /** From the connection's first byte to the end of a request's headers. */
  headersTimeoutMs: number;
  /** To the end of a request's body (an upload's too; answers may stream longer, as SSE does). */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** To the end of a body that is not multipart (documents, webhooks). @default 10 s */
  bodyTimeoutMs?: number;
}

const DEFAULT_BODY_TIMEOUT_MS = 10_000;

export const DEFAULT_LISTENER_TIMEOUTS: ListenerTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 130_000,
  keepAliveTimeoutMs: 5_000,
  bodyTimeoutMs: DEFAULT_BODY_TIMEOUT_MS,
};

export interface HttpServer extends Server {
  /** SIGTERM: each connection closes after its current answer (connection-drain.ts). */
  beginDrain(): void;
}

const checkInterval = (timeouts: ListenerTimeouts) =>
  Math.max(50, Math.min(1_000, Math.floor(timeouts.headersTimeoutMs / 4)));

export function createHttpServer(
  listener: RequestListener,
  timeouts: ListenerTimeouts = DEFAULT_LISTENER_TIMEOUTS,
): HttpServer {
  const drain = createConnectionDrain();
  const server = createServer(
    {
      ServerResponse: drain.ServerResponse,
      headersTimeout: timeouts.headersTimeoutMs,
      // node requires a request timeout of at least the headers timeout.
      requestTimeout: Math.max(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs),
      keepAliveTimeout: timeouts.keepAliveTimeoutMs,
      // How often the two timeouts above are enforced.
      connectionsCheckingInterval: checkInterval(timeouts),
    },
    compiledLaneOf(listener) ?? listener,
  );
  const bodyTimeoutMs = timeouts.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  drain.attach(server);
  enforceBodyDeadline(server, bodyTimeoutMs);
  const frontLane = socketFrontLaneOf(listener);
  if (!frontLane) return Object.assign(server, { beginDrain: () => drain.begin() });
  const front = attachSocketFront(server, frontLane, {
    headersTimeoutMs: timeouts.headersTimeoutMs,
    keepAliveTimeoutMs: timeouts.keepAliveTimeoutMs,
    bodyTimeoutMs,
    checkIntervalMs: checkInterval(timeouts),
  });
  // node's close() calls closeIdleConnections() too: the front's idle connections go with node's.
  const closeIdle = server.closeIdleConnections.bind(server);
  const closeAll = server.closeAllConnections.bind(server);
  return Object.assign(server, {
    beginDrain() {
      drain.begin();
      front.beginDrain();
    },
    closeIdleConnections() {
      closeIdle();
      front.closeIdleConnections();
    },
    closeAllConnections() {
      closeAll();
      front.closeAllConnections();
    },
  });
}
