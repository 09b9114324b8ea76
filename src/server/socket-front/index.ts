/**
 * The socket front: the listener's connections are read by the front first
 * (connection.ts), which serves the compiled lane's requests without
 * node:http's per-request objects (IncomingMessage, ServerResponse, their
 * streams and events) and hands every other connection to node:http at its
 * first request the lane does not take. node's connection handling stays in
 * place for those, so yoga, WebSockets, uploads and node's own refusals
 * (400, 431, ...) are untouched.
 *
 * What node:http does for its own connections the front does for its:
 * the headers, body and keep-alive deadlines (one sweep for all of them,
 * every check interval, as node checks its own), `Connection: close` on
 * every answer once draining, and closing idle or all connections when the
 * listener closes.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { FrontConnection } from './connection.js';
import { RecentHeads } from './recent-heads.js';
import type { FrontLane, FrontTimeouts } from './connection.js';

export type { FrontLane } from './connection.js';

export interface SocketFront {
  beginDrain(): void;
  closeIdleConnections(): void;
  closeAllConnections(): void;
}

export function attachSocketFront(
  server: Server,
  lane: FrontLane,
  timeouts: FrontTimeouts & { checkIntervalMs: number },
): SocketFront {
  // node:http's connection listener (set by its constructor): the front's hand-off target.
  const nodeListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
  server.removeAllListeners('connection');
  const open = new Set<FrontConnection>();
  let draining = false;
  const settings = {
    lane,
    heads: new RecentHeads(),
    timeouts,
    handOff(socket: Socket) {
      for (const listener of nodeListeners) listener.call(server, socket);
    },
    draining: () => draining,
    release(connection: FrontConnection) {
      open.delete(connection);
    },
  };
  server.on('connection', (socket: Socket) => {
    open.add(new FrontConnection(socket, settings));
  });
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const connection of open) connection.expire(now);
  }, timeouts.checkIntervalMs);
  sweep.unref();
  server.once('close', () => clearInterval(sweep));
  return {
    beginDrain() {
      draining = true;
    },
    closeIdleConnections() {
      for (const connection of open) if (connection.idle) connection.socket.destroy();
    },
    closeAllConnections() {
      for (const connection of open) connection.socket.destroy();
    },
  };
}
