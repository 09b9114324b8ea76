/**
 * Where the compiled lane writes one request's answer: a node:http response
 * (NodeReply), or a connection of the socket front (socket-front/) that
 * writes the bytes itself. Either is also the connection the request's
 * context watches: the client going away aborts upstream calls.
 */
import type { ServerResponse } from 'node:http';
import type { Connection } from '../../context.js';
import { REQUEST_ID_HEADER } from '../request-log.js';

export type ReplyHeaders = Record<string, string | number>;

export interface Reply extends Connection {
  readonly remoteAddress: string | undefined;
  /**
   * The whole answer, once: `headers`, then the request's id (X-Request-Id) when it has one.
   * `headers` may be shared by every request answered alike (one
   * execution's, dedupe.ts) and is never changed once given.
   */
  send(status: number, headers: ReplyHeaders, body: Buffer | string, requestId?: string): void;
  /** Headers already written (a handler that threw after them can only cut the connection). */
  readonly headersSent: boolean;
  /** Cuts the connection. */
  destroy(): void;
  /** `finished`: the answer had been written when the connection or the exchange closed. */
  onClose(listener: (finished: boolean) => void): void;
}

/** A node:http response as a Reply (a class: no closure per request until someone watches it). */
export class NodeReply implements Reply {
  readonly remoteAddress: string | undefined;

  constructor(private readonly res: ServerResponse) {
    this.remoteAddress = res.socket?.remoteAddress;
  }

  send(status: number, headers: ReplyHeaders, body: Buffer | string, requestId?: string): void {
    this.res.writeHead(status, requestId === undefined ? headers : { ...headers, [REQUEST_ID_HEADER]: requestId });
    this.res.end(body);
  }

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  destroy(): void {
    this.res.destroy();
  }

  onClose(listener: (finished: boolean) => void): void {
    const res = this.res;
    res.once('close', () => listener(res.writableFinished));
  }
}
