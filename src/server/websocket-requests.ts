/**
 * The Requests that stand for WebSocket connections: websocket.ts marks each
 * connection's Request, and HTTP-only plugins (the response cache) skip them.
 * A module of its own so those plugins need not import the WebSocket server.
 */
const socketRequests = new WeakSet<Request>();

export const markWebSocketRequest = (request: Request): void => {
  socketRequests.add(request);
};

export const isWebSocketRequest = (request: Request): boolean => socketRequests.has(request);
