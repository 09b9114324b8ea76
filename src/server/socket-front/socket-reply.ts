/**
 * A request's Reply (lane/reply.ts) on a connection of the socket front:
 * its one answer goes to the connection (connection.ts), which writes it
 * in one write; its close listeners hear whether the answer went out
 * before the connection closed.
 */
import type { Socket } from 'node:net';
import type { Reply, ReplyHeaders } from '../lane/reply.js';

/** What a reply needs of its connection. */
export interface AnsweringConnection {
  readonly socket: Socket;
  answer(
    status: number,
    headers: ReplyHeaders,
    body: Buffer | string,
    requestId: string | undefined,
    clientClose: boolean,
  ): void;
}

/** The answer of one request the lane serves on a connection of the socket front. */
export class SocketReply implements Reply {
  readonly remoteAddress: string | undefined;
  headersSent = false;
  /** Its close listeners: usually one (dedupe.ts' flight, or the request's context), kept without an array. */
  private listener: ((finished: boolean) => void) | undefined;
  private more: Array<(finished: boolean) => void> | undefined;

  constructor(
    private readonly connection: AnsweringConnection,
    private readonly close: boolean,
  ) {
    this.remoteAddress = connection.socket.remoteAddress;
  }

  send(status: number, headers: ReplyHeaders, body: Buffer | string, requestId?: string): void {
    if (this.headersSent) return;
    this.headersSent = true;
    this.connection.answer(status, headers, body, requestId, this.close);
    this.settle(true);
  }

  destroy(): void {
    this.connection.socket.destroy();
  }

  onClose(listener: (finished: boolean) => void): void {
    if (this.listener === undefined) this.listener = listener;
    else (this.more ??= []).push(listener);
  }

  /** Called once: answered, or the connection closed first. */
  settle(finished: boolean): void {
    const { listener, more } = this;
    this.listener = undefined;
    this.more = undefined;
    listener?.(finished);
    if (more) for (const each of more) each(finished);
  }
}
