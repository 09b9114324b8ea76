/**
 * An answer's bytes as node:http writes them for the same `writeHead` and
 * `end`: the status line, the given headers in their order, then `Date`,
 * `Connection` and (kept alive) `Keep-Alive`, the body, all in one buffer (one
 * write, where node's writev sends two).
 */
import { STATUS_CODES } from 'node:http';
import type { ReplyHeaders } from '../lane/reply.js';
import { REQUEST_ID_HEADER } from '../request-log.js';

let dateSecond = -1;
let dateText = '';

/** The `Date` header, made once a second (as node's utcDate caches it). */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}

/** Answers up to this size are cut from a shared slab (`allocate`). */
const SLAB_BYTES = 64 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
let slabUsed = 0;

/**
 * `size` bytes for an answer, cut from a 64 KB slab as Buffer.allocUnsafe
 * cuts buffers under 4 KB from its pool: an ArrayBuffer of its own for each
 * answer (most are a few KB) cost about 1 µs and more of the GC's time. A
 * slab is freed once every answer cut from it has been written. Every byte
 * is written over before the buffer is sent (responseBytes).
 */
function allocate(size: number): Buffer {
  if (size > SLAB_BYTES / 4) return Buffer.allocUnsafe(size);
  if (slabUsed + size > SLAB_BYTES) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    slabUsed = 0;
  }
  const bytes = slab.subarray(slabUsed, slabUsed + size);
  // The next answer starts on an 8-byte boundary, as the pool aligns its buffers.
  slabUsed += (size + 7) & ~7;
  return bytes;
}

/** The header lines of header sets already seen: one execution's answers share theirs (lane/reply.ts). */
const rendered = new WeakMap<ReplyHeaders, string>();

function headerLines(headers: ReplyHeaders): string {
  let lines = rendered.get(headers);
  if (lines !== undefined) return lines;
  lines = '';
  for (const name in headers) {
    const value = String(headers[name]);
    // Our own values (no client's text reaches a header unchecked); a line break would split the response.
    if (value.includes('\r') || value.includes('\n')) throw new Error(`header ${name} holds a line break`);
    lines += `${name}: ${value}\r\n`;
  }
  rendered.set(headers, lines);
  return lines;
}

/**
 * `keepAliveSeconds` undefined: the connection closes after this answer.
 * `requestId` (X-Request-Id) follows `headers`: a request's id is a sane
 * token or one of ours (request-log.ts' requestIdOf), never a line break.
 */
export function responseBytes(
  status: number,
  headers: ReplyHeaders,
  body: Buffer | string,
  keepAliveSeconds: number | undefined,
  requestId?: string,
): Buffer {
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n${headerLines(headers)}`;
  if (requestId !== undefined) head += `${REQUEST_ID_HEADER}: ${requestId}\r\n`;
  head += `Date: ${httpDate()}\r\n`;
  head +=
    keepAliveSeconds === undefined
      ? 'Connection: close\r\n\r\n'
      : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n`;
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const bytes = allocate(head.length + bodyLength);
  bytes.write(head, 0, 'latin1');
  if (typeof body === 'string') bytes.write(body, head.length, 'utf8');
  else body.copy(bytes, head.length);
  return bytes;
}
