/**
 * One `ws` socket as graphql-ws' server sees it: what `graphql-ws/use/ws`
 * does, with three differences.
 *
 * - Backpressure: once a client's unsent answers pass the high-water mark,
 *   the socket is not read from and further answers wait, until the client
 *   has read them down to half of it. A client that does not read cannot
 *   make the gateway buffer without bound.
 * - A write to a socket that went away is not an error: the operation just
 *   ends (use/ws rejected, and printed a stack trace per operation).
 * - Nothing goes to stderr: what went wrong is counted, and the owner gets
 *   one summary when the socket closes.
 *
 * Each message is handled in a turn: while graphql-ws dispatches it
 * (synchronously up to its first await, which includes calling onSubscribe)
 * `current` is that turn, and the turn ends when graphql-ws is done with the
 * message. For a `subscribe` that is when its operation has finished, on
 * every path (completed, failed, cancelled, socket gone), so whatever an
 * operation holds is released from there.
 */
import type { IncomingMessage } from 'node:http';
import { CloseCode } from 'graphql-ws';
import type { Server as GraphQLWsServer } from 'graphql-ws';
import type { RawData, WebSocket } from 'ws';

export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

export interface SocketOptions {
  /** Unsent bytes past which the socket is not read from and answers wait. */
  highWaterMarkBytes: number;
  /** Ping interval; a socket that has not answered the previous ping by the next is dropped. 0: none. */
  keepAliveMs: number;
}

/** What happened on a socket, for its one closing log line. */
export interface SocketSummary {
  code: number;
  /** Writes that failed (the client had gone) and messages whose handling failed. */
  failures: number;
  /** The first failure's error code or name (never its message, which may carry input). */
  error: string | undefined;
}

/** A message being handled; see the module comment. */
export class Turn {
  private readonly ends: Array<() => void> = [];
  /** @param bytes the message's size */
  constructor(readonly bytes: number) {}

  /** Runs `release` when graphql-ws is done with this message. */
  onEnd(release: () => void): void {
    this.ends.push(release);
  }
  end(): void {
    for (const release of this.ends.splice(0)) release();
  }
}

const describe = (error: unknown): string =>
  error instanceof Error ? String((error as NodeJS.ErrnoException).code ?? error.name) : 'unknown';

export class ServedSocket {
  /** The turn being dispatched right now, if any. */
  current: Turn | undefined;
  private failures = 0;
  private firstError: string | undefined;
  private waiting: Array<() => void> = [];

  constructor(
    private readonly socket: WebSocket,
    private readonly options: SocketOptions,
  ) {}

  /** Whether reading is paused until the client reads its answers. */
  get paused(): boolean {
    return this.socket.isPaused;
  }

  /** Bytes written and not yet handed to the network. */
  get unsentBytes(): number {
    return this.socket.bufferedAmount;
  }

  fail(error: unknown): void {
    this.failures++;
    this.firstError ??= describe(error);
  }

  summary(code: number): SocketSummary {
    return { code, failures: this.failures, error: this.firstError };
  }

  /** Resolves once the frame is written, or sooner while the socket is under its high-water mark. */
  send(data: string): Promise<void> {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return Promise.resolve();
    return new Promise<void>((resolve) => {
      socket.send(data, (error) => {
        if (error) this.fail(error);
        this.drained();
      });
      if (socket.bufferedAmount <= this.options.highWaterMarkBytes) return resolve();
      this.waiting.push(resolve);
      socket.pause();
    });
  }

  /** After each write: below the low-water mark (or closed), read again and let answers go on. */
  drained(): void {
    const socket = this.socket;
    if (socket.readyState === socket.OPEN && socket.bufferedAmount > this.options.highWaterMarkBytes / 2) return;
    if (socket.isPaused) socket.resume();
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  dispatch(handle: (data: string) => Promise<void>, data: RawData): void {
    const turn = new Turn(Buffer.isBuffer(data) ? data.length : String(data).length);
    this.current = turn;
    let handled: Promise<void>;
    try {
      handled = handle(String(data));
    } finally {
      this.current = undefined;
    }
    handled.then(
      () => turn.end(),
      (error: unknown) => {
        turn.end();
        this.fail(error);
        if (this.socket.readyState === this.socket.OPEN)
          this.socket.close(CloseCode.InternalServerError, 'Internal server error');
      },
    );
  }
}

/**
 * Serves `socket` with `server`. `opened` gets the ServedSocket before any
 * message (the owner finds it from graphql-ws' hooks), `closed` the summary
 * when the socket closes.
 */
export function serveSocket(
  server: GraphQLWsServer<SocketExtra>,
  socket: WebSocket,
  request: IncomingMessage,
  options: SocketOptions,
  hooks: { opened(served: ServedSocket): void; closed(summary: SocketSummary): void },
): void {
  const served = new ServedSocket(socket, options);
  hooks.opened(served);
  // ws closes the socket itself after an error; the error is only counted.
  socket.on('error', (error) => served.fail(error));

  let answeredPing = true;
  socket.on('pong', () => (answeredPing = true));
  const keepAlive =
    options.keepAliveMs > 0
      ? setInterval(() => {
          if (socket.readyState !== socket.OPEN) return;
          if (!answeredPing) return socket.terminate();
          answeredPing = false;
          socket.ping();
        }, options.keepAliveMs)
      : undefined;

  const closed = server.opened(
    {
      protocol: socket.protocol,
      send: (data) => served.send(data),
      close: (code, reason) => socket.close(code, reason),
      onMessage: (handle) => socket.on('message', (data) => served.dispatch(handle, data)),
    },
    { socket, request },
  );
  socket.once('close', (code, reason) => {
    clearInterval(keepAlive);
    served.drained();
    // Summed up now, with what was still pending: ending the operations may take a while.
    hooks.closed(served.summary(code));
    // Ends the subscriptions; nobody is left to tell if one fails to end.
    closed(code, String(reason)).catch(() => undefined);
  });
}
