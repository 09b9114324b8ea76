/**
 * An answer's bytes as node:http writes them for the same `writeHead` and
 * `end`: the status line, the given headers in their order, then `Date`,
 * `Connection` and (kept alive) `Keep-Alive`, the body, all in one buffer (one
 * write, where node's writev sends two).
 */
import { STATUS_CODES } from 'node:http';
import type { ReplyHeaders } from '../lane/reply.js';
import { REQUEST_ID_HEADER } from '../request-log.js';

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

/** The status line and header lines of header sets already seen: one execution's answers share theirs (lane/reply.ts). */
const rendered = new WeakMap<ReplyHeaders, { status: number; text: string }>();

function statusAndHeaders(status: number, headers: ReplyHeaders): string {
  const known = rendered.get(headers);
  if (known !== undefined && known.status === status) return known.text;
  let text = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'unknown'}\r\n`;
  for (const name in headers) {
    const value = String(headers[name]);
    // Our own values (no client's text reaches a header unchecked); a line break would split the response.
    if (value.includes('\r') || value.includes('\n')) throw new Error(`header ${name} holds a line break`);
    text += `${name}: ${value}\r\n`;
  }
  rendered.set(headers, { status, text });
  return text;
}

let closingSecond = -1;
let closingKeepAlive: number | undefined = -1;
let closingText = '';

/** `Date`, `Connection` and `Keep-Alive` and the head's end: the same for every answer of a second. */
function closingLines(keepAliveSeconds: number | undefined): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== closingSecond || keepAliveSeconds !== closingKeepAlive) {
    closingSecond = second;
    closingKeepAlive = keepAliveSeconds;
    closingText =
      `Date: ${new Date(now).toUTCString()}\r\n` +
      (keepAliveSeconds === undefined
        ? 'Connection: close\r\n\r\n'
        : `Connection: keep-alive\r\nKeep-Alive: timeout=${keepAliveSeconds}\r\n\r\n`);
  }
  return closingText;
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
  const head =
    requestId === undefined
      ? statusAndHeaders(status, headers) + closingLines(keepAliveSeconds)
      : `${statusAndHeaders(status, headers)}${REQUEST_ID_HEADER}: ${requestId}\r\n${closingLines(keepAliveSeconds)}`;
  const bodyLength = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const bytes = allocate(head.length + bodyLength);
  // Every character of the head is one byte (latin1); the body is UTF-8 or bytes already.
  bytes.write(head, 0, 'latin1');
  if (typeof body === 'string') bytes.write(body, head.length, 'utf8');
  else bytes.set(body, head.length);
  return bytes;
}
