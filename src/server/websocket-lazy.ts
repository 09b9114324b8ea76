/**
 * GraphQL over WebSocket, loaded on the first upgrade request: until a
 * client asks for a WebSocket, neither `ws`, `graphql-ws` nor the listener's
 * own modules (websocket.ts and its helpers) are in memory. The upgrades that
 * arrive while they load wait here (an upgrade with no listener would be
 * answered as a plain HTTP request) and are handed over, in order, once
 * they are.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Gateway } from './gateway.js';
import type { GraphqlWebSocket, WebSocketOptions } from './websocket.js';

type Upgrade = [IncomingMessage, Duplex, Buffer];

export function attachGraphqlWsOnDemand(
  server: Server,
  gateway: Gateway,
  options: WebSocketOptions = {},
): GraphqlWebSocket {
  let listener: Promise<GraphqlWebSocket> | undefined;
  let closed = false;
  // The gauges exist from the start, as they did when the listener was built at start.
  options.metrics?.observeWebSockets(() => ({ running: 0, queued: 0, paused: 0, unsentBytes: 0 }));
  const waiting: Upgrade[] = [];
  const handOver = () => {
    server.off('upgrade', onFirstUpgrade);
    // To the listener attachGraphqlWs registered; closed meanwhile, there is none.
    for (const upgrade of waiting.splice(0)) {
      if (closed) upgrade[1].destroy();
      else server.emit('upgrade', ...upgrade);
    }
  };
  const onFirstUpgrade = (...upgrade: Upgrade) => {
    waiting.push(upgrade);
    listener ??= import('./websocket.js').then(({ attachGraphqlWs }) => attachGraphqlWs(server, gateway, options));
    void listener.then(handOver, () => {
      server.off('upgrade', onFirstUpgrade);
      for (const [, socket] of waiting.splice(0)) socket.destroy();
    });
  };
  server.on('upgrade', onFirstUpgrade);
  return {
    async close() {
      if (closed) return;
      closed = true;
      if (!listener) server.off('upgrade', onFirstUpgrade);
      else await (await listener).close();
    },
  };
}
