/**
 * One client connection of the socket front: it reads request heads and
 * bodies off the socket itself and gives the compiled lane the requests it
 * takes, one at a time, answering each with one write. The first request
 * that is not the lane's (head.ts reads too little of it, or the lane
 * declines it, before or after its body) is handed to node:http with every
 * byte not yet answered, and the connection is node's from then on.
 *
 * Deadlines are node's for the same listener (checked by index.ts' sweep):
 * the head within the headers timeout (408 as node answers it), the body
 * within the body deadline (408 as body-deadline.ts answers it), an idle
 * keep-alive connection closed a second after the keep-alive timeout (node
 * waits as long: a client reusing a connection as its advertised timeout
 * ends is still served). A client's end (FIN) is met as node meets it, whose
 * server does not allow half-open connections: a request begun and not
 * whole gets a 400, one being answered none, and the connection ends.
 */
import type { Socket } from 'node:net';
import { bodyTimedOut } from '../body-deadline.js';
import type { Taken } from '../lane/classify.js';
import type { HeadReason } from '../lane/lane.js';
import type { Reply, ReplyHeaders } from '../lane/reply.js';
import { MAX_HEAD_BYTES, parseHead } from './head.js';
import type { FrontHead } from './head.js';
import type { RecentHead, RecentHeads } from './recent-heads.js';
import { responseBytes } from './response.js';
import { SocketReply } from './socket-reply.js';
import type { AnsweringConnection } from './socket-reply.js';

/** What the front needs of the compiled lane (lane/lane.ts). */
export interface FrontLane {
  readonly maxBodyBytes: number;
  take(head: FrontHead): Taken | HeadReason;
  /** Whether the lane takes a request of a head it took before (what may have changed since: tracing). */
  retake(taken: Taken): Taken | HeadReason;
  serveRead(head: FrontHead, taken: Taken, body: Buffer | undefined, reply: Reply, fallBack: () => void): void;
}

export interface FrontTimeouts {
  headersTimeoutMs: number;
  keepAliveTimeoutMs: number;
  bodyTimeoutMs: number;
}

export interface FrontSettings {
  lane: FrontLane;
  heads: RecentHeads;
  timeouts: FrontTimeouts;
  /** node:http's own connection handling, for the requests the front does not read. */
  handOff(socket: Socket): void;
  draining(): boolean;
  /** The connection is no longer the front's (closed or handed off). */
  release(connection: FrontConnection): void;
}

/** As node:http answers a head that did not arrive in time, and a request the client ended unfinished. */
const HEAD_TIMED_OUT = Buffer.from('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n', 'latin1');
const UNFINISHED = Buffer.from('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n', 'latin1');
/** node:http's HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER: it closes an idle connection this long after its timeout. */
const KEEP_ALIVE_GRACE_MS = 1_000;
const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');

/**
 * head: waiting for (the rest of) a request head; body: for its body; busy:
 * the lane is answering; writing: answered, waiting for the client to read
 * (nothing more is read meanwhile, as node pauses a connection whose answers
 * back up); idle: kept alive between requests; gone: closing, closed or
 * node's.
 */
type State = 'head' | 'body' | 'busy' | 'writing' | 'idle' | 'gone';

export class FrontConnection implements AnsweringConnection {
  state: State = 'head';
  /** When the current state's deadline began (Date.now()). */
  since = Date.now();
  /** Bytes received and not yet answered or handed off. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  /** How much of pending[0] was searched for the end of a head already. */
  private scanned = 0;
  private head: FrontHead | undefined;
  /** The last head read that the front's recent heads keep (recent-heads.ts). */
  private lastHead: RecentHead | undefined;
  private taken: Taken | undefined;
  private bodyStart = 0;
  /** The request being served: the first `requestLength` bytes of `request` (handed to node:http if the lane declines it). */
  private request: Buffer | undefined;
  private requestLength = 0;
  private reply: SocketReply | undefined;

  constructor(
    readonly socket: Socket,
    private readonly settings: FrontSettings,
  ) {
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.state === 'gone') return;
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    if (this.state === 'busy' || this.state === 'writing') {
      // Pipelined: read after this answer; beyond one whole request, stop reading until then.
      if (this.pendingLength > MAX_HEAD_BYTES + this.settings.lane.maxBodyBytes) this.socket.pause();
      return;
    }
    if (this.state === 'idle') this.enter('head');
    this.advance();
  };

  private readonly onEnd = (): void => {
    if (this.state === 'gone') return;
    const reply = this.reply;
    this.reply = undefined;
    reply?.settle(false);
    if (this.pendingLength > 0) return this.endWith(UNFINISHED);
    this.state = 'gone';
    this.socket.end();
  };

  private readonly onError = (): void => {
    this.socket.destroy();
  };

  private readonly onClose = (): void => {
    this.state = 'gone';
    this.settings.release(this);
    const reply = this.reply;
    this.reply = undefined;
    reply?.settle(false);
  };

  private enter(state: State): void {
    this.state = state;
    // Only these states have a deadline (expire); a request being answered has none of the front's.
    if (state === 'head' || state === 'body' || state === 'idle') this.since = Date.now();
  }

  /** The pending bytes as one buffer (there is usually one chunk). */
  private joined(): Buffer {
    if (this.pending.length > 1) this.pending = [Buffer.concat(this.pending, this.pendingLength)];
    return this.pending[0]!;
  }

  /** Reads as far as the pending bytes go: a head, then its body, then the lane. */
  private advance(): void {
    if (this.state === 'head') {
      if (this.pendingLength === 0) return;
      const buffer = this.joined();
      const end = buffer.indexOf(END_OF_HEAD, Math.max(0, this.scanned - 3));
      if (end < 0) {
        this.scanned = buffer.length;
        if (buffer.length > MAX_HEAD_BYTES) this.handOff();
        return;
      }
      this.scanned = 0;
      if (end + 4 > MAX_HEAD_BYTES) return this.handOff();
      const { lane, heads } = this.settings;
      // A client sends the same head request after request: the last one's bytes are compared, no text made.
      const last = this.lastHead;
      const same = last !== undefined && last.bytes.length === end && last.bytes.compare(buffer, 0, end) === 0;
      const text = same ? undefined : buffer.toString('latin1', 0, end);
      const known = text === undefined ? last : heads.get(text);
      const head = known ? known.head : parseHead(text!);
      const taken = known ? lane.retake(known.taken) : head && lane.take(head);
      if (!head || taken === undefined || typeof taken === 'string') return this.handOff();
      this.lastHead = known ?? heads.remember(text!, head, taken);
      this.head = head;
      this.taken = taken;
      this.bodyStart = end + 4;
      this.enter('body');
    }
    if (this.state !== 'body') return;
    const head = this.head!;
    const needed = this.bodyStart + head.length;
    if (this.pendingLength < needed) return;
    // More after `Connection: close`: node refuses the whole (400), so node reads it.
    if (head.close && this.pendingLength > needed) return this.handOff();
    const buffer = this.joined();
    this.request = buffer;
    this.requestLength = needed;
    // pending is [buffer] (joined): kept as the list of what follows.
    if (buffer.length > needed) this.pending[0] = buffer.subarray(needed);
    else this.pending.length = 0;
    this.pendingLength -= needed;
    const body = head.length > 0 ? buffer.subarray(this.bodyStart, needed) : undefined;
    const reply = new SocketReply(this, head.close);
    this.reply = reply;
    this.enter('busy');
    // After `Connection: close` nothing more is read: the answer closes the connection.
    if (head.close) this.socket.pause();
    this.settings.lane.serveRead(head, this.taken!, body, reply, this.declined);
  }

  /** The lane declined the request being served, before writing anything: node:http gets it and what follows. */
  private readonly declined = (): void => this.handOff(this.request!.subarray(0, this.requestLength));

  /** Writes the answer of the request being served; then reads the next one. */
  answer(
    status: number,
    headers: ReplyHeaders,
    body: Buffer | string,
    requestId: string | undefined,
    clientClose: boolean,
  ): void {
    if (this.state !== 'busy') return;
    this.reply = undefined;
    this.request = undefined;
    const { socket } = this;
    const close = clientClose || this.settings.draining();
    const keepAlive = close ? undefined : Math.floor(this.settings.timeouts.keepAliveTimeoutMs / 1000);
    const bytes = responseBytes(status, headers, body, keepAlive, requestId);
    if (close) return this.endWith(bytes);
    socket.write(bytes);
    if (!socket.writableNeedDrain) return this.readOn();
    // The client reads slower than it is answered: nothing more is read or answered until it catches up.
    this.enter('writing');
    socket.pause();
    socket.once('drain', this.onDrain);
  }

  private readonly onDrain = (): void => {
    if (this.state === 'writing') this.readOn();
  };

  /** After an answer: the next request, pipelined already or still to come. */
  private readOn(): void {
    if (this.socket.isPaused()) this.socket.resume();
    if (this.pendingLength === 0) return this.enter('idle');
    this.enter('head');
    process.nextTick(this.advancePipelined);
  }

  private readonly advancePipelined = (): void => {
    if (this.state === 'head') this.advance();
  };

  /** Answers and closes, as node does for `Connection: close`: the socket goes once the bytes are written. */
  private endWith(bytes: Buffer): void {
    this.state = 'gone';
    this.socket.end(bytes, () => this.socket.destroy());
  }

  /** The deadlines (index.ts calls this every check interval). */
  expire(now: number): void {
    const { headersTimeoutMs, keepAliveTimeoutMs, bodyTimeoutMs } = this.settings.timeouts;
    const waited = now - this.since;
    if (this.state === 'head' && waited > headersTimeoutMs) this.endWith(HEAD_TIMED_OUT);
    else if (this.state === 'body' && waited > bodyTimeoutMs) {
      const body = bodyTimedOut(bodyTimeoutMs);
      const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) };
      this.endWith(responseBytes(408, headers, body, undefined));
    } else if (this.state === 'idle' && waited > keepAliveTimeoutMs + KEEP_ALIVE_GRACE_MS) this.socket.destroy();
  }

  /** Idle as node's closeIdleConnections means it: served, and kept alive with no request begun. */
  get idle(): boolean {
    return this.state === 'idle';
  }

  /**
   * node:http takes the connection over, with `request` (a request the lane
   * declined after reading it) and every byte after it.
   */
  private handOff(request?: Buffer): void {
    if (this.state === 'gone') return;
    this.state = 'gone';
    this.reply = undefined;
    const { socket } = this;
    socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('error', this.onError);
    socket.removeListener('close', this.onClose);
    this.settings.release(this);
    const bytes = request ? [request, ...this.pending] : this.pending;
    this.pending = [];
    this.pendingLength = 0;
    socket.pause();
    if (bytes.length > 0) socket.unshift(bytes.length === 1 ? bytes[0]! : Buffer.concat(bytes));
    this.settings.handOff(socket);
    socket.resume();
  }
}
