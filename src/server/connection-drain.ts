/**
 * Keep-alive connections during a drain (SIGTERM). node's `server.close()`
 * stops accepting and closes the connections that are idle at that moment,
 * but a keep-alive client that sends its next request as soon as it has an
 * answer is never idle: it was served on with `Connection: keep-alive` until
 * the drain deadline cut it mid-request (100 such clients: 100 resets). Once
 * the drain begins, every answer whose headers are still to be written
 * (those of requests already in flight too) carries `Connection: close`, and
 * node closes its connection after it; a connection whose answer was already
 * streaming (SSE) is closed once that answer ends, if the listener is closed.
 */
import { ServerResponse } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';

export interface ConnectionDrain {
  /** For `createServer`'s `ServerResponse` option. */
  readonly ServerResponse: typeof ServerResponse;
  /** The server those responses belong to, once it exists. */
  attach(server: Server): void;
  /** From now on, each connection closes after its current answer. */
  begin(): void;
}

export function createConnectionDrain(): ConnectionDrain {
  let draining = false;
  let server: Server | undefined;

  class DrainingResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
    constructor(request: Request) {
      super(request);
      this.once('finish', () => {
        // Kept alive (it began before the drain); once the listener is closed, nothing new may come on it.
        if (draining && this.shouldKeepAlive && server && !server.listening) {
          setImmediate(() => server?.closeIdleConnections());
        }
      });
    }

    // Every way of sending the headers (`write`, `end`, the implicit header) goes through here.
    override writeHead(...args: unknown[]): this {
      if (draining) this.shouldKeepAlive = false;
      return (ServerResponse.prototype.writeHead as (...a: unknown[]) => this).apply(this, args);
    }
  }

  return {
    ServerResponse: DrainingResponse as typeof ServerResponse,
    attach(attached) {
      server = attached;
    },
    begin() {
      draining = true;
    },
  };
}
