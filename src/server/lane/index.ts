/**
 * The compiled lane of a gateway (lane.ts), found by the listener that
 * serves it (http-server.ts), as the authenticator is found by the WebSocket
 * listener: the gateway stays yoga's type.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrontLane } from '../socket-front/index.js';
import { CompiledLane } from './lane.js';
import type { LaneOptions } from './lane.js';

export type { LaneOptions } from './lane.js';

const lanes = new WeakMap<object, CompiledLane>();

/** Puts a compiled lane in front of `options.gateway`. */
export function attachCompiledLane(options: LaneOptions): void {
  lanes.set(options.gateway, new CompiledLane(options));
}

/** The request listener of the gateway's compiled lane, if it has one. */
export function compiledLaneOf(gateway: object): ((req: IncomingMessage, res: ServerResponse) => void) | undefined {
  return lanes.get(gateway)?.handle;
}

/** The compiled lane of the gateway, when the socket front is to read its requests. */
export function socketFrontLaneOf(gateway: object): FrontLane | undefined {
  const lane = lanes.get(gateway);
  return lane?.socketFront ? lane : undefined;
}
