/**
 * The gateway's type: yoga with the node:http context and ours. Apart from
 * server.ts, which builds it, so the WebSocket listener (websocket.ts) can
 * take a gateway without importing the module that composes one.
 */
import type { YogaServerInstance } from 'graphql-yoga';
import type { RequestContext } from '../context.js';

/** What node:http hands yoga besides the Request (absent under `yoga.fetch`). */
export interface NodeServerContext {
  req?: { socket?: { remoteAddress?: string | undefined } };
  res?: { once(event: 'close', listener: () => void): unknown; writableFinished: boolean };
}

export type Gateway = YogaServerInstance<NodeServerContext, RequestContext>;
